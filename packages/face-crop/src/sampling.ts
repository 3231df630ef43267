import type { RgbImage } from '@freeavatar/core';
import { affineScale } from './affine.js';
import type { Affine2D } from './types.js';

/**
 * An image and its 2×2 box-filtered halvings, built on demand, so that strong downscaling reads
 * from a level near the output resolution instead of aliasing.
 */
export class ImagePyramid {
  private readonly levels: RgbImage[];

  constructor(readonly image: RgbImage) {
    this.levels = [image];
  }

  get width(): number {
    return this.image.width;
  }

  get height(): number {
    return this.image.height;
  }

  /** Level `k` (size about `1 / 2^k` of the image); stops halving at 1 pixel. */
  level(k: number): RgbImage {
    while (this.levels.length <= k) {
      const last = this.levels[this.levels.length - 1];
      if (last.width < 2 || last.height < 2) return last;
      this.levels.push(halve(last));
    }
    return this.levels[k];
  }
}

function halve(src: RgbImage): RgbImage {
  const width = src.width >> 1;
  const height = src.height >> 1;
  const data = new Uint8Array(width * height * 3);
  const s = src.data;
  const stride = src.width * 3;
  for (let y = 0; y < height; y++) {
    let i = 2 * y * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, i += 6, o += 3) {
      for (let c = 0; c < 3; c++) {
        data[o + c] =
          (s[i + c] + s[i + 3 + c] + s[i + stride + c] + s[i + stride + 3 + c] + 2) >> 2;
      }
    }
  }
  return { width, height, data };
}

/** Where {@link warpAffine} writes: values are `pixel * scale + offset`. */
export interface WarpTarget {
  width: number;
  height: number;
  /** `width * height * 3` values, RGB interleaved. */
  data: Float32Array | Uint8Array;
  scale: number;
  offset: number;
}

/**
 * Fills `target` by bilinear sampling: output pixel centre `(u + ½, v + ½)` reads the image at
 * `outputToImage(u + ½, v + ½)`. Samples outside the image are black. When the map shrinks the
 * image by 2× or more, a pyramid level is read instead of the full image.
 */
export function warpAffine(
  pyramid: ImagePyramid,
  outputToImage: Affine2D,
  target: WarpTarget,
): void {
  const shrink = affineScale(outputToImage);
  const k = shrink >= 2 ? Math.floor(Math.log2(shrink)) : 0;
  const src = pyramid.level(k);
  const f = src.width / pyramid.width;
  const g = src.height / pyramid.height;
  const [[a, b, c], [d, e, h]] = outputToImage;
  // In level coordinates, with pixel centres at integers.
  const ma = a * f;
  const mb = b * f;
  const mc = c * f - 0.5;
  const md = d * g;
  const me = e * g;
  const mh = h * g - 0.5;
  const { width: w, height: hgt, data: s } = src;
  const out = target.data;
  const { scale, offset } = target;
  const clampOut = out instanceof Uint8Array;
  const rowStride = w * 3;
  let o = 0;
  for (let v = 0; v < target.height; v++) {
    const vy = v + 0.5;
    for (let u = 0; u < target.width; u++, o += 3) {
      const ux = u + 0.5;
      const x = ma * ux + mb * vy + mc;
      const y = md * ux + me * vy + mh;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      let r = 0;
      let gg = 0;
      let bb = 0;
      if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < hgt - 1) {
        // All four taps inside: the common case, without bounds checks.
        const p = (y0 * w + x0) * 3;
        const q = p + rowStride;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        r = w00 * s[p] + w01 * s[p + 3] + w10 * s[q] + w11 * s[q + 3];
        gg = w00 * s[p + 1] + w01 * s[p + 4] + w10 * s[q + 1] + w11 * s[q + 4];
        bb = w00 * s[p + 2] + w01 * s[p + 5] + w10 * s[q + 2] + w11 * s[q + 5];
      } else if (x0 >= -1 && y0 >= -1 && x0 < w && y0 < hgt) {
        for (let j = 0; j < 2; j++) {
          const yy = y0 + j;
          if (yy < 0 || yy >= hgt) continue;
          const wy = j === 0 ? 1 - fy : fy;
          for (let i = 0; i < 2; i++) {
            const xx = x0 + i;
            if (xx < 0 || xx >= w) continue;
            const wgt = wy * (i === 0 ? 1 - fx : fx);
            const p = (yy * w + xx) * 3;
            r += wgt * s[p];
            gg += wgt * s[p + 1];
            bb += wgt * s[p + 2];
          }
        }
      }
      if (clampOut) {
        out[o] = Math.round(r * scale + offset);
        out[o + 1] = Math.round(gg * scale + offset);
        out[o + 2] = Math.round(bb * scale + offset);
      } else {
        out[o] = r * scale + offset;
        out[o + 1] = gg * scale + offset;
        out[o + 2] = bb * scale + offset;
      }
    }
  }
}
