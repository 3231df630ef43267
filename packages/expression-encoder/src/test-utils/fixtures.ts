import * as tf from '@tensorflow/tfjs';
import { createRng } from '@freeavatar/core';
import { VIT_PRESETS, type VitConfig } from '../presets.js';

/** The tiny random-weight configuration the unit tests run on. */
export const TINY_TEST_CONFIG: Partial<VitConfig> = { ...VIT_PRESETS.micro, positionalPool: 0 };

/** A seeded batch of random images `[n, size, size, 3]` in 0–1. */
export function randomImages(n: number, size: number, seed: number): tf.Tensor4D {
  const rng = createRng(seed);
  const values = new Float32Array(n * size * size * 3);
  for (let i = 0; i < values.length; i++) values[i] = rng.next();
  return tf.tensor4d(values, [n, size, size, 3]);
}

/** A seeded batch of smooth images (blobs on gradients), easier to reconstruct than noise. */
export function smoothImages(n: number, size: number, seed: number): tf.Tensor4D {
  const rng = createRng(seed);
  const values = new Float32Array(n * size * size * 3);
  for (let b = 0; b < n; b++) {
    const cx = rng.uniform(0.2, 0.8) * size;
    const cy = rng.uniform(0.2, 0.8) * size;
    const r = rng.uniform(0.15, 0.35) * size;
    const base = [rng.next(), rng.next(), rng.next()];
    const blob = [rng.next(), rng.next(), rng.next()];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (r * r));
        for (let c = 0; c < 3; c++) {
          values[((b * size + y) * size + x) * 3 + c] =
            base[c] * (0.5 + (0.5 * x) / size) * (1 - inside) + blob[c] * inside;
        }
      }
    }
  }
  return tf.tensor4d(values, [n, size, size, 3]);
}

/** Max absolute difference between two arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
