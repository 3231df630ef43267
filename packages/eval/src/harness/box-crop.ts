import { assertArgument, assertRgbImage, type RgbImage } from '@freeavatar/core';

/**
 * A face box as fractions of the image width (`left`, `right`) and height (`top`, `bottom`),
 * as FEC-format CSVs give it.
 *
 * @example
 * ```ts
 * const box: RelativeBox = { left: 0.3, right: 0.6, top: 0.2, bottom: 0.65 };
 * ```
 */
export interface RelativeBox {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/**
 * Cuts a `size × size` square around a face box: the box's longer side grown by `margin` of it
 * on each side, centred on the box, sampled with `k × k` points per output pixel (`k` the
 * shrink factor, so large photos are area-averaged, not aliased). Parts outside the image are
 * mid-grey.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed image, a box outside 0–1 or
 *   inside-out, a negative margin or a size outside 16..1024.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const photo: RgbImage;
 * const face = cropRelativeBox(photo, { left: 0.3, right: 0.6, top: 0.2, bottom: 0.65 }, 112);
 * ```
 */
export function cropRelativeBox(
  image: RgbImage,
  box: RelativeBox,
  size: number,
  margin = 0.25,
): RgbImage {
  assertRgbImage(image);
  const { left, right, top, bottom } = box ?? ({} as RelativeBox);
  assertArgument(
    [left, right, top, bottom].every((v) => Number.isFinite(v) && v >= 0 && v <= 1) &&
      right > left &&
      bottom > top,
    `box must have left < right and top < bottom, all in 0–1, got ${JSON.stringify(box)}`,
  );
  assertArgument(
    Number.isInteger(size) && size >= 16 && size <= 1024,
    `size must be an integer in 16..1024, got ${size}`,
  );
  assertArgument(
    Number.isFinite(margin) && margin >= 0 && margin <= 2,
    `margin must be in 0–2, got ${margin}`,
  );
  const { width, height, data } = image;
  const cx = ((left + right) / 2) * width;
  const cy = ((top + bottom) / 2) * height;
  const side = Math.max((right - left) * width, (bottom - top) * height) * (1 + 2 * margin);
  const step = side / size;
  const k = Math.max(1, Math.min(8, Math.ceil(step)));
  const x0 = cx - side / 2;
  const y0 = cy - side / 2;
  const out = new Uint8Array(size * size * 3);
  const sum = [0, 0, 0];
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      sum[0] = sum[1] = sum[2] = 0;
      for (let j = 0; j < k; j++) {
        const sy = Math.floor(y0 + (v + (j + 0.5) / k) * step);
        for (let i = 0; i < k; i++) {
          const sx = Math.floor(x0 + (u + (i + 0.5) / k) * step);
          if (sx < 0 || sy < 0 || sx >= width || sy >= height) {
            sum[0] += 128;
            sum[1] += 128;
            sum[2] += 128;
          } else {
            const o = (sy * width + sx) * 3;
            sum[0] += data[o];
            sum[1] += data[o + 1];
            sum[2] += data[o + 2];
          }
        }
      }
      const o = (v * size + u) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(sum[c] / (k * k));
    }
  }
  return { width: size, height: size, data: out };
}
