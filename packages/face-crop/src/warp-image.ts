import { assertArgument, assertObject, type RgbImage } from '@freeavatar/core';
import { assertAffine } from './affine.js';
import type { Affine2D } from './types.js';

/**
 * Resamples an RGB image through an affine map: output pixel centre `(x + ½, y + ½)` reads the
 * image bilinearly at `outputToImage(x + ½, y + ½)`, positions outside it clamped to its edge.
 * What cuts a crop out of a picture (or out of another crop) when the map is known.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an image that is not an object whose data is
 *   `width·height·3` values, a map that is not a 2×3 matrix or an output size that is not a
 *   positive integer.
 * @example
 * ```ts
 * import { warpRgbImage } from '@freeavatar/face-crop';
 * const image = { width: 4, height: 4, data: new Uint8Array(48).fill(200) };
 * const doubled = warpRgbImage(image, [[0.5, 0, 0], [0, 0.5, 0]], 8, 8); // 8×8, all 200
 * ```
 */
export function warpRgbImage(
  image: RgbImage,
  outputToImage: Affine2D,
  width: number,
  height: number,
): RgbImage {
  assertObject(image, 'image');
  const { width: w, height: h, data: src } = image;
  assertArgument(
    Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0 && src?.length === w * h * 3,
    `image must be RGB with width·height·3 values, got ${w}×${h} with ${src?.length} values`,
  );
  assertArgument(
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0,
    `output size must be positive integers, got ${width}×${height}`,
  );
  assertAffine(outputToImage, 'outputToImage');
  const [[a, b, c], [d, e, f]] = outputToImage;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max(a * (x + 0.5) + b * (y + 0.5) + c - 0.5, 0), w - 1);
      const sy = Math.min(Math.max(d * (x + 0.5) + e * (y + 0.5) + f - 0.5, 0), h - 1);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, w - 1);
      const y1 = Math.min(y0 + 1, h - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const top = src[(y0 * w + x0) * 3 + ch] * (1 - fx) + src[(y0 * w + x1) * 3 + ch] * fx;
        const bottom = src[(y1 * w + x0) * 3 + ch] * (1 - fx) + src[(y1 * w + x1) * 3 + ch] * fx;
        data[(y * width + x) * 3 + ch] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width, height, data };
}
