import { fileURLToPath } from 'node:url';
import { readImageFile, type RgbImage } from '@freeavatar/core';

/** Path of the public-domain astronaut photo fixture. */
export const ASTRONAUT = fileURLToPath(new URL('../../fixtures/astronaut.png', import.meta.url));

/** The astronaut fixture, decoded. */
export function loadAstronaut(): Promise<RgbImage> {
  return readImageFile(ASTRONAUT);
}

/** A `width × height` image filled with `rgb`. */
export function solidImage(width: number, height: number, rgb: [number, number, number] = [0, 0, 0]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

/** Copies `src` into `dst` with its top-left corner at integer `(x, y)`, clipping at the edges. */
export function paste(dst: RgbImage, src: RgbImage, x: number, y: number): void {
  for (let row = 0; row < src.height; row++) {
    const ty = y + row;
    if (ty < 0 || ty >= dst.height) continue;
    for (let col = 0; col < src.width; col++) {
      const tx = x + col;
      if (tx < 0 || tx >= dst.width) continue;
      const s = (row * src.width + col) * 3;
      dst.data.set(src.data.subarray(s, s + 3), (ty * dst.width + tx) * 3);
    }
  }
}

/** Nearest-neighbour resize, enough to make big or small test images. */
export function resizeNearest(src: RgbImage, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(src.height - 1, Math.floor(((y + 0.5) * src.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(src.width - 1, Math.floor(((x + 0.5) * src.width) / width));
      const s = (sy * src.width + sx) * 3;
      data.set(src.data.subarray(s, s + 3), (y * width + x) * 3);
    }
  }
  return { width, height, data };
}
