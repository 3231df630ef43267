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
  data: Float32Array;
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
  // The map in level coordinates, with pixel centres at integers.
  const ma = a * f;
  const mb = b * f;
  const mc = c * f - 0.5;
  const md = d * g;
  const me = e * g;
  const mh = h * g - 0.5;
  const { width: w, height: hgt, data: s } = src;
  const rowStride = w * 3;
  const out = target.data;
  const { scale, offset } = target;
  let o = 0;
  for (let v = 0; v < target.height; v++) {
    // Source position of output pixel (0.5, v + 0.5); each step right adds (ma, md).
    let x = 0.5 * ma + (v + 0.5) * mb + mc;
    let y = 0.5 * md + (v + 0.5) * me + mh;
    for (let u = 0; u < target.width; u++, o += 3, x += ma, y += md) {
      if (x >= 0 && y >= 0 && x < w - 1 && y < hgt - 1) {
        // All four taps inside: the common case, without bounds checks.
        const x0 = x | 0;
        const y0 = y | 0;
        const fx = x - x0;
        const fy = y - y0;
        const p = (y0 * w + x0) * 3;
        const q = p + rowStride;
        const w11 = fx * fy;
        const w10 = fy - w11;
        const w01 = fx - w11;
        const w00 = 1 - fx - w10;
        out[o] = (w00 * s[p] + w01 * s[p + 3] + w10 * s[q] + w11 * s[q + 3]) * scale + offset;
        out[o + 1] =
          (w00 * s[p + 1] + w01 * s[p + 4] + w10 * s[q + 1] + w11 * s[q + 4]) * scale + offset;
        out[o + 2] =
          (w00 * s[p + 2] + w01 * s[p + 5] + w10 * s[q + 2] + w11 * s[q + 5]) * scale + offset;
      } else {
        edgeSample(src, x, y, out, o, scale, offset);
      }
    }
  }
}

/** Bilinear sample near or beyond the border: taps outside the image count as black. */
function edgeSample(
  src: RgbImage,
  x: number,
  y: number,
  out: Float32Array,
  o: number,
  scale: number,
  offset: number,
): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  let r = 0;
  let g = 0;
  let b = 0;
  if (x0 >= -1 && y0 >= -1 && x0 < src.width && y0 < src.height) {
    const fx = x - x0;
    const fy = y - y0;
    for (let j = 0; j < 2; j++) {
      const yy = y0 + j;
      if (yy < 0 || yy >= src.height) continue;
      const wy = j === 0 ? 1 - fy : fy;
      for (let i = 0; i < 2; i++) {
        const xx = x0 + i;
        if (xx < 0 || xx >= src.width) continue;
        const wgt = wy * (i === 0 ? 1 - fx : fx);
        const p = (yy * src.width + xx) * 3;
        r += wgt * src.data[p];
        g += wgt * src.data[p + 1];
        b += wgt * src.data[p + 2];
      }
    }
  }
  out[o] = r * scale + offset;
  out[o + 1] = g * scale + offset;
  out[o + 2] = b * scale + offset;
}
