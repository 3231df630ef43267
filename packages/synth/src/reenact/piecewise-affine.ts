import { assertArgument, assertObject, assertRgbImage, type RgbImage } from '@freeavatar/core';
import { assertNumbers } from '../arguments.js';

/**
 * Options of {@link warpPiecewiseAffine}.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const photo: RgbImage, out: RgbImage;
 * declare const src: Float32Array, dst: Float32Array, triangles: Uint32Array;
 * const options: PiecewiseAffineOptions = { stillTolerance: 0 };
 * warpPiecewiseAffine(photo, out, src, dst, triangles, options);
 * ```
 */
export interface PiecewiseAffineOptions {
  /**
   * Triangles whose three corners all moved less than this (pixels) are skipped: their pixels
   * keep what `out` already holds, which is exact when `out` starts as a copy of `src`.
   * Default 0.001; 0 or less warps every triangle.
   */
  stillTolerance?: number;
}

/**
 * Reads the colour of `image` at a real-valued position with bilinear interpolation. `x`, `y`
 * are pixel coordinates where pixel `i` spans `[i, i + 1)` (so its centre is `i + 0.5`);
 * positions outside the image take the nearest edge pixel. Writes r, g, b into `out` at `o`
 * (rounded when `out` is a Uint8Array).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `image` is not an RgbImage or `out` is not an
 *   array.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const photo: RgbImage;
 * const rgb = new Float32Array(3);
 * sampleBilinear(photo, 120.25, 80.5, rgb);
 * ```
 */
export function sampleBilinear(
  image: RgbImage,
  x: number,
  y: number,
  out: Float32Array | Uint8Array,
  o = 0,
): void {
  assertObject(image, 'image');
  assertRgbImage(image);
  assertNumbers(out, 'out');
  bilinearAt(image, x, y, out, o);
}

/** {@link sampleBilinear} without the argument checks, for per-pixel loops (not public). */
export function bilinearAt(
  image: RgbImage,
  x: number,
  y: number,
  out: Float32Array | Uint8Array,
  o = 0,
): void {
  const { width, height, data } = image;
  let fx = x - 0.5;
  let fy = y - 0.5;
  if (fx < 0) fx = 0;
  else if (fx > width - 1) fx = width - 1;
  if (fy < 0) fy = 0;
  else if (fy > height - 1) fy = height - 1;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const ax = fx - x0;
  const ay = fy - y0;
  const i00 = (y0 * width + x0) * 3;
  const i01 = (y0 * width + x1) * 3;
  const i10 = (y1 * width + x0) * 3;
  const i11 = (y1 * width + x1) * 3;
  const w00 = (1 - ax) * (1 - ay);
  const w01 = ax * (1 - ay);
  const w10 = (1 - ax) * ay;
  const w11 = ax * ay;
  const round = out instanceof Uint8Array ? 0.5 : 0;
  for (let c = 0; c < 3; c++) {
    out[o + c] =
      data[i00 + c] * w00 + data[i01 + c] * w01 + data[i10 + c] * w10 + data[i11 + c] * w11 + round;
  }
}

/**
 * Piecewise-affine image warp: every destination triangle (corners in `dst`) is filled with the
 * matching source triangle (corners in `src`) of `source`, by backward mapping each destination
 * pixel through the triangle's affine map and sampling the source bilinearly. Pixels outside
 * every destination triangle keep what `out` holds. A pixel belongs to a triangle when its
 * centre lies inside (half-open spans, so triangles that share an edge never both write it).
 *
 * @param source - The image to read.
 * @param out - The image to write (same size as `source`; usually a copy of it). Must not be `source`.
 * @param src - Source positions, x y per point (pixels, see {@link sampleBilinear}).
 * @param dst - Destination positions of the same points.
 * @param triangles - Three point indices per triangle.
 * @returns `out`.
 * @throws FreeAvatarError for mismatched sizes, `out === source` or out-of-range indices.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * import { warpPiecewiseAffine } from '@freeavatar/synth';
 * declare const photo: RgbImage;
 * const out = { ...photo, data: photo.data.slice() };
 * // Move one corner of a square made of two triangles 5 px to the right.
 * const src = new Float32Array([100, 100, 200, 100, 200, 200, 100, 200]);
 * const dst = new Float32Array([100, 100, 205, 100, 200, 200, 100, 200]);
 * warpPiecewiseAffine(photo, out, src, dst, new Uint32Array([0, 1, 2, 0, 2, 3]));
 * ```
 */
export function warpPiecewiseAffine(
  source: RgbImage,
  out: RgbImage,
  src: ArrayLike<number>,
  dst: ArrayLike<number>,
  triangles: ArrayLike<number>,
  options: PiecewiseAffineOptions = {},
): RgbImage {
  assertRgbImage(source);
  assertRgbImage(out);
  assertArgument(
    out.width === source.width && out.height === source.height,
    `out must be ${source.width}x${source.height} like the source, got ${out.width}x${out.height}`,
  );
  assertArgument(out.data !== source.data, 'out must not share its pixels with the source');
  assertArgument(
    src.length === dst.length && src.length % 2 === 0,
    `src and dst must hold the same number of x y pairs, got ${src.length} and ${dst.length} numbers`,
  );
  assertArgument(
    triangles.length % 3 === 0,
    `triangles must hold three indices per triangle, got ${triangles.length} indices`,
  );
  const points = src.length / 2;
  for (let i = 0; i < triangles.length; i++) {
    const v = triangles[i];
    assertArgument(
      Number.isInteger(v) && v >= 0 && v < points,
      `triangle index ${i} must be a point index in 0..${points - 1}, got ${v}`,
    );
  }
  const still = options.stillTolerance ?? 0.001;
  const pixel = new Uint8Array(3);
  const { width, height, data } = out;
  for (let t = 0; t < triangles.length; t += 3) {
    const a = triangles[t];
    const b = triangles[t + 1];
    const c = triangles[t + 2];
    if (
      still > 0 &&
      Math.abs(src[2 * a] - dst[2 * a]) < still &&
      Math.abs(src[2 * a + 1] - dst[2 * a + 1]) < still &&
      Math.abs(src[2 * b] - dst[2 * b]) < still &&
      Math.abs(src[2 * b + 1] - dst[2 * b + 1]) < still &&
      Math.abs(src[2 * c] - dst[2 * c]) < still &&
      Math.abs(src[2 * c + 1] - dst[2 * c + 1]) < still
    )
      continue;
    const x0 = dst[2 * a];
    const y0 = dst[2 * a + 1];
    const x1 = dst[2 * b];
    const y1 = dst[2 * b + 1];
    const x2 = dst[2 * c];
    const y2 = dst[2 * c + 1];
    const det = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (Math.abs(det) < 1e-9) continue;
    // Backward map: source = A · (x − x0, y − y0) + source corner a.
    const du1 = src[2 * b] - src[2 * a];
    const dv1 = src[2 * b + 1] - src[2 * a + 1];
    const du2 = src[2 * c] - src[2 * a];
    const dv2 = src[2 * c + 1] - src[2 * a + 1];
    const i00 = (y2 - y0) / det;
    const i01 = -(x2 - x0) / det;
    const i10 = -(y1 - y0) / det;
    const i11 = (x1 - x0) / det;
    const axx = du1 * i00 + du2 * i10;
    const axy = du1 * i01 + du2 * i11;
    const ayx = dv1 * i00 + dv2 * i10;
    const ayy = dv1 * i01 + dv2 * i11;
    const sx0 = src[2 * a];
    const sy0 = src[2 * a + 1];
    const rowStart = Math.max(0, Math.ceil(Math.min(y0, y1, y2) - 0.5));
    const rowEnd = Math.min(height - 1, Math.ceil(Math.max(y0, y1, y2) - 0.5) - 1);
    for (let row = rowStart; row <= rowEnd; row++) {
      const cy = row + 0.5;
      let left = Infinity;
      let right = -Infinity;
      // Span of the triangle on this row: intersections of its edges with y = cy.
      for (let e = 0; e < 3; e++) {
        const ex0 = e === 0 ? x0 : e === 1 ? x1 : x2;
        const ey0 = e === 0 ? y0 : e === 1 ? y1 : y2;
        const ex1 = e === 0 ? x1 : e === 1 ? x2 : x0;
        const ey1 = e === 0 ? y1 : e === 1 ? y2 : y0;
        if ((ey0 <= cy && cy < ey1) || (ey1 <= cy && cy < ey0)) {
          const x = ex0 + ((cy - ey0) * (ex1 - ex0)) / (ey1 - ey0);
          if (x < left) left = x;
          if (x > right) right = x;
        }
      }
      if (!(right > left)) continue;
      const colStart = Math.max(0, Math.ceil(left - 0.5));
      const colEnd = Math.min(width - 1, Math.ceil(right - 0.5) - 1);
      const ry = cy - y0;
      for (let col = colStart; col <= colEnd; col++) {
        const rx = col + 0.5 - x0;
        bilinearAt(source, sx0 + axx * rx + axy * ry, sy0 + ayx * rx + ayy * ry, pixel);
        const o = (row * width + col) * 3;
        data[o] = pixel[0];
        data[o + 1] = pixel[1];
        data[o + 2] = pixel[2];
      }
    }
  }
  return out;
}
