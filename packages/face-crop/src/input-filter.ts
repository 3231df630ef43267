import { assertArgument } from '@freeavatar/core';

/**
 * A filter applied to the detector's and the landmark model's input pictures: the picture plus
 * `amount` times its difference from a Gaussian blur of standard deviation `sigma` pixels. A
 * positive amount sharpens (an unsharp mask: blurred, soft or small faces), −1 replaces the
 * picture by its blur (noisy faces), values between smooth partly.
 *
 * @example
 * ```ts
 * const sharpen: InputFilter = { sigma: 3, amount: 2 };
 * const smooth: InputFilter = { sigma: 2, amount: -1 };
 * ```
 */
export interface InputFilter {
  /** Standard deviation of the blur, in pixels of the model's input, 0.3–20. */
  readonly sigma: number;
  /** How much of the difference from the blur is added, −1–10 (0 leaves the picture as it is). */
  readonly amount: number;
}

/**
 * Checks an {@link InputFilter}.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the bad field (as `name.sigma` or
 *   `name.amount`) and its range.
 * @example
 * ```ts
 * assertInputFilter({ sigma: 3, amount: 2 }, 'retryFilters[0]');
 * ```
 */
export function assertInputFilter(filter: InputFilter, name: string): void {
  assertArgument(
    typeof filter === 'object' && filter !== null,
    `${name} must be an object { sigma, amount }, got ${String(filter)}`,
  );
  const { sigma, amount } = filter;
  assertArgument(
    typeof sigma === 'number' && Number.isFinite(sigma) && sigma >= 0.3 && sigma <= 20,
    `${name}.sigma must be a number in 0.3–20, got ${String(sigma)}`,
  );
  assertArgument(
    typeof amount === 'number' && Number.isFinite(amount) && amount >= -1 && amount <= 10,
    `${name}.amount must be a number in −1–10, got ${String(amount)}`,
  );
}

/** Normalised Gaussian taps out to 3σ, centre first. */
function gaussianTaps(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = new Float32Array(radius + 1);
  let sum = 0;
  for (let i = 0; i <= radius; i++) {
    taps[i] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += i === 0 ? taps[i] : 2 * taps[i];
  }
  for (let i = 0; i <= radius; i++) taps[i] /= sum;
  return taps;
}

/** One pass of the separable blur, along rows or along columns; edge pixels repeat. */
function blurPass(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
  taps: Float32Array,
  alongRows: boolean,
): void {
  const radius = taps.length - 1;
  const n = alongRows ? width : height;
  const lines = alongRows ? height : width;
  const step = alongRows ? 3 : width * 3;
  const lineStride = alongRows ? width * 3 : 3;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStride;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) {
        let acc = taps[0] * src[base + i * step + c];
        for (let k = 1; k <= radius; k++) {
          const lo = i - k < 0 ? 0 : i - k;
          const hi = i + k >= n ? n - 1 : i + k;
          acc += taps[k] * (src[base + lo * step + c] + src[base + hi * step + c]);
        }
        dst[base + i * step + c] = acc;
      }
    }
  }
}

/**
 * Applies an {@link InputFilter} in place to an interleaved RGB picture whose values lie in
 * `range` (default `[0, 1]`); results are clamped to it.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a bad filter, size or range, or a `data` length
 *   that is not `width * height * 3`.
 * @example
 * ```ts
 * const pixels = new Float32Array(192 * 192 * 3).fill(0.5);
 * applyInputFilter(pixels, 192, 192, { sigma: 3, amount: 2 });
 * ```
 */
export function applyInputFilter(
  data: Float32Array,
  width: number,
  height: number,
  filter: InputFilter,
  range: readonly [number, number] = [0, 1],
): void {
  assertInputFilter(filter, 'filter');
  assertArgument(
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0,
    `width and height must be positive integers, got ${width}×${height}`,
  );
  assertArgument(
    data instanceof Float32Array && data.length === width * height * 3,
    `data must be a Float32Array of width × height × 3 = ${width * height * 3} values, got ${String(data?.length)}`,
  );
  const [lo, hi] = range;
  assertArgument(lo < hi, `range must be [low, high] with low < high, got [${lo}, ${hi}]`);
  if (filter.amount === 0) return;
  const taps = gaussianTaps(filter.sigma);
  const across = new Float32Array(data.length);
  const blurred = new Float32Array(data.length);
  blurPass(data, across, width, height, taps, true);
  blurPass(across, blurred, width, height, taps, false);
  const { amount } = filter;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] + amount * (data[i] - blurred[i]);
    data[i] = v < lo ? lo : v > hi ? hi : v;
  }
}
