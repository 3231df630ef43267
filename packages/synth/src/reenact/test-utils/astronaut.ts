import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readImageFile, type RgbImage } from '@freeavatar/core';

/** The public-domain astronaut photo that face-crop ships as a fixture (512 × 512). */
export const ASTRONAUT = fileURLToPath(
  new URL('../../../../face-crop/fixtures/astronaut.png', import.meta.url),
);

/** The astronaut fixture, decoded. */
export function loadAstronaut(): Promise<RgbImage> {
  return readImageFile(ASTRONAUT);
}

/** Switches tfjs to the wasm backend (the face detector's fast CPU backend). */
export async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(join(dirname(entry), '/'));
  await tf.setBackend('wasm');
  await tf.ready();
}

/** Mean absolute difference per channel between two images, over pixels where `mask` is set. */
export function meanAbsDiff(
  a: RgbImage,
  b: RgbImage,
  mask?: (x: number, y: number) => boolean,
): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      if (mask && !mask(x, y)) continue;
      const o = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[o + c] - b.data[o + c]);
      count += 3;
    }
  return count === 0 ? 0 : sum / count;
}

/** Mean luma over an axis-aligned box (clipped to the image). */
export function meanLuma(image: RgbImage, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(image.height, Math.ceil(y1)); y++)
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(image.width, Math.ceil(x1)); x++) {
      const o = (y * image.width + x) * 3;
      sum += 0.299 * image.data[o] + 0.587 * image.data[o + 1] + 0.114 * image.data[o + 2];
      count++;
    }
  return sum / Math.max(count, 1);
}
