import { fileURLToPath } from 'node:url';
import { createRng, readImageFile, type RgbImage } from '@freeavatar/core';

/** Path of the public-domain astronaut photo fixture. */
export const ASTRONAUT = fileURLToPath(new URL('../../fixtures/astronaut.png', import.meta.url));

/** The astronaut fixture, decoded. */
export function loadAstronaut(): Promise<RgbImage> {
  return readImageFile(ASTRONAUT);
}

/** A `width × height` image filled with `rgb`. */
export function solidImage(
  width: number,
  height: number,
  rgb: [number, number, number] = [0, 0, 0],
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  if (rgb[0] === rgb[1] && rgb[1] === rgb[2]) data.fill(rgb[0]);
  else for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

/** Copies `src` into `dst` with its top-left corner at integer `(x, y)`, clipping at the edges. */
export function paste(dst: RgbImage, src: RgbImage, x: number, y: number): void {
  const left = Math.max(0, -x);
  const right = Math.min(src.width, dst.width - x);
  if (right <= left) return;
  for (let row = Math.max(0, -y); row < src.height && y + row < dst.height; row++) {
    const from = (row * src.width + left) * 3;
    dst.data.set(
      src.data.subarray(from, from + (right - left) * 3),
      ((y + row) * dst.width + x + left) * 3,
    );
  }
}

/** Nearest-neighbour resize, enough to make big or small test images. */
export function resizeNearest(src: RgbImage, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const columns = Array.from(
    { length: width },
    (_, x) => Math.min(src.width - 1, Math.floor(((x + 0.5) * src.width) / width)) * 3,
  );
  for (let y = 0; y < height; y++) {
    const rowStart =
      Math.min(src.height - 1, Math.floor(((y + 0.5) * src.height) / height)) * src.width * 3;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      const s = rowStart + columns[x];
      data[o] = src.data[s];
      data[o + 1] = src.data[s + 1];
      data[o + 2] = src.data[s + 2];
    }
  }
  return { width, height, data };
}

/**
 * A `width × height` frame (grey background) with `src` drawn at sub-pixel offset `(x, y)`
 * (bilinear), plus uniform noise of ±`noise` levels from `rng`.
 */
export function shiftedFrame(
  src: RgbImage,
  width: number,
  height: number,
  x: number,
  y: number,
  noise: number,
  rng: () => number,
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let v = 0; v < height; v++) {
    const sy = v - y;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let u = 0; u < width; u++) {
      const sx = u - x;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        let value = 90;
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < src.width && y0 + 1 < src.height) {
          const at = (px: number, py: number): number => src.data[(py * src.width + px) * 3 + c];
          value =
            (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
            fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
        }
        data[(v * width + u) * 3 + c] = Math.max(
          0,
          Math.min(255, Math.round(value + (rng() * 2 - 1) * noise)),
        );
      }
    }
  }
  return { width, height, data };
}

/** The image flipped left to right. */
export function mirrored(src: RgbImage): RgbImage {
  const data = new Uint8Array(src.data.length);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      const s = (y * src.width + x) * 3;
      data.set(src.data.subarray(s, s + 3), (y * src.width + src.width - 1 - x) * 3);
    }
  }
  return { width: src.width, height: src.height, data };
}

/** The image turned clockwise on screen by `degrees` about its centre (nearest pixel, black corners). */
export function rotated(src: RgbImage, degrees: number): RgbImage {
  const data = new Uint8Array(src.data.length);
  const c = Math.cos((degrees * Math.PI) / 180);
  const s = Math.sin((degrees * Math.PI) / 180);
  const cx = src.width / 2;
  const cy = src.height / 2;
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const sx = Math.floor(c * dx + s * dy + cx);
      const sy = Math.floor(-s * dx + c * dy + cy);
      if (sx < 0 || sy < 0 || sx >= src.width || sy >= src.height) continue;
      const i = (sy * src.width + sx) * 3;
      data.set(src.data.subarray(i, i + 3), (y * src.width + x) * 3);
    }
  }
  return { width: src.width, height: src.height, data };
}

/** The image box-blurred `passes` times with a (2·radius + 1)² window (edges clamped). */
export function boxBlurred(src: RgbImage, radius: number, passes = 3): RgbImage {
  const { width, height } = src;
  let values = Float32Array.from(src.data);
  const at = (x: number, y: number): number =>
    (Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * 3;
  for (let p = 0; p < 2 * passes; p++) {
    const horizontal = p % 2 === 0;
    const next = new Float32Array(values.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let k = -radius; k <= radius; k++) {
          const s = horizontal ? at(x + k, y) : at(x, y + k);
          for (let ch = 0; ch < 3; ch++) next[(y * width + x) * 3 + ch] += values[s + ch];
        }
      }
    }
    for (let i = 0; i < next.length; i++) next[i] /= 2 * radius + 1;
    values = next;
  }
  return { width, height, data: Uint8Array.from(values, (v) => Math.round(v)) };
}

/** The image with Gaussian noise of standard deviation `std` (0–255 scale) on every value. */
export function noisy(src: RgbImage, std: number, seed: number): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(src.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = src.data[i] + std * rng.normal();
    data[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
  }
  return { width: src.width, height: src.height, data };
}
