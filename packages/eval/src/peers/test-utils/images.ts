import { fileURLToPath } from 'node:url';
import { readImageFile, type RgbImage } from '@freeavatar/core';

/** Path of the public-domain astronaut photo (512², one smiling face) kept by face-crop. */
export const ASTRONAUT = fileURLToPath(
  new URL('../../../../face-crop/fixtures/astronaut.png', import.meta.url),
);

/** The astronaut fixture, decoded. */
export function loadAstronaut(): Promise<RgbImage> {
  return readImageFile(ASTRONAUT);
}

/** The image flipped left to right. */
export function mirrorImage(image: RgbImage): RgbImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      const to = (y * width + (width - 1 - x)) * 3;
      data[to] = image.data[from];
      data[to + 1] = image.data[from + 1];
      data[to + 2] = image.data[from + 2];
    }
  }
  return { width, height, data };
}

/**
 * A `width × height` grey frame showing `image` turned by `degrees` (counter-clockwise as seen)
 * and scaled by `scale` about its centre, which lands on the frame's centre (bilinear sampling).
 */
export function transformedFrame(
  image: RgbImage,
  options: { degrees?: number; scale?: number; width?: number; height?: number } = {},
): RgbImage {
  const { degrees = 0, scale = 1, width = 640, height = 480 } = options;
  const data = new Uint8Array(width * height * 3).fill(100);
  const angle = (-degrees * Math.PI) / 180; // y points down: counter-clockwise on screen
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const cx = image.width / 2;
  const cy = image.height / 2;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const du = u + 0.5 - width / 2;
      const dv = v + 0.5 - height / 2;
      // Inverse map: frame pixel centre to source coordinates.
      const sx = cos * du + sin * dv + cx - 0.5;
      const sy = -sin * du + cos * dv + cy - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= image.width || y0 + 1 >= image.height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (v * width + u) * 3;
      for (let c = 0; c < 3; c++) {
        const at = (x: number, y: number): number => image.data[(y * image.width + x) * 3 + c];
        const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
        const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
        data[o + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width, height, data };
}

/** A `width × height` image of one colour. */
export function solidImage(width: number, height: number, value = 128): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(value) };
}

/** Mean distance between corresponding points of two flat `[x, y, z, …]` vectors. */
export function meanPointDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i += 3) {
    total += Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1], a[i + 2] - b[i + 2]);
  }
  return total / (a.length / 3);
}
