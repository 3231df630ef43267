import { assertArgument, assertRgbImage, createRng, type RgbImage } from '@freeavatar/core';

/** A normalised Gaussian kernel of standard deviation `sigma`, radius ⌈3σ⌉. */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp(-(k * k) / (2 * sigma * sigma));
    kernel[k + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/** One pass of a 1-D kernel along rows or along columns, edges clamped. */
function convolve(
  src: Float32Array,
  width: number,
  height: number,
  kernel: Float64Array,
  alongRows: boolean,
): Float32Array {
  const out = new Float32Array(src.length);
  const radius = (kernel.length - 1) / 2;
  const clamp = (v: number, n: number): number => (v < 0 ? 0 : v >= n ? n - 1 : v);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = -radius; k <= radius; k++) {
        const sx = alongRows ? clamp(x + k, width) : x;
        const sy = alongRows ? y : clamp(y + k, height);
        const w = kernel[k + radius];
        const o = (sy * width + sx) * 3;
        r += w * src[o];
        g += w * src[o + 1];
        b += w * src[o + 2];
      }
      const o = (y * width + x) * 3;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
  return out;
}

/**
 * Blurs a picture with a Gaussian of standard deviation `sigma` pixels (separable, radius ⌈3σ⌉,
 * edges clamped), as a defocused or low-resolution camera would. Returns a new image.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed image or a `sigma` that is not a
 *   finite number in 0..50 (0 returns a copy).
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const face: RgbImage;
 * const soft = gaussianBlur(face, 2); // σ 2 px
 * ```
 */
export function gaussianBlur(image: RgbImage, sigma: number): RgbImage {
  assertRgbImage(image);
  assertArgument(
    Number.isFinite(sigma) && sigma >= 0 && sigma <= 50,
    `sigma must be a number of pixels in 0..50, got ${sigma}`,
  );
  const { width, height } = image;
  if (sigma === 0) return { width, height, data: image.data.slice() };
  const kernel = gaussianKernel(sigma);
  const rows = convolve(Float32Array.from(image.data), width, height, kernel, true);
  const both = convolve(rows, width, height, kernel, false);
  const data = new Uint8Array(both.length);
  for (let i = 0; i < both.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(both[i])));
  return { width, height, data };
}

/**
 * Adds independent Gaussian noise to every channel of every pixel, as a sensor in poor light
 * would: `std` is the standard deviation as a fraction of the full range (0.08 ≈ 20 of 255);
 * values are clamped to 0..255. The same `seed` gives the same noise. Returns a new image.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed image, a `std` outside 0..1 or a
 *   seed that is not a finite number.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const face: RgbImage;
 * const grainy = addPixelNoise(face, 0.08, 7);
 * ```
 */
export function addPixelNoise(image: RgbImage, std: number, seed: number): RgbImage {
  assertRgbImage(image);
  assertArgument(
    Number.isFinite(std) && std >= 0 && std <= 1,
    `std must be a fraction of the full range in 0..1, got ${std}`,
  );
  assertArgument(Number.isFinite(seed), `seed must be a finite number, got ${seed}`);
  const rng = createRng(seed);
  const sd = std * 255;
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.min(255, Math.max(0, Math.round(image.data[i] + rng.normal(0, sd))));
  }
  return { width: image.width, height: image.height, data };
}
