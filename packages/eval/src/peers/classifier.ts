import * as tf from '@tensorflow/tfjs';
import { assertArgument, type RgbImage } from '@freeavatar/core';
import type { FeatureDistance } from './types.js';

/**
 * Options shared by the classifier peers (their probability vectors are the features).
 *
 * @example
 * ```ts
 * const options: ClassifierOptions = { inset: 0.1, batchSize: 8 };
 * ```
 */
export interface ClassifierOptions {
  /** Name in tables and plots. */
  name?: string;
  /**
   * Share of the crop's side cut from each edge before resizing, 0–0.4 (face-crop's aligned
   * crops have some margin around the face). Default 0.
   */
  inset?: number;
  /** Faces per model call. Default 32. */
  batchSize?: number;
  /** How the probability vectors are compared. Default `'euclidean'`. */
  distance?: FeatureDistance;
}

/** {@link ClassifierOptions} checked, defaults filled in (except the name). */
export function resolveClassifierOptions(
  options: ClassifierOptions,
): Required<Omit<ClassifierOptions, 'name'>> {
  const inset = options.inset ?? 0;
  assertArgument(
    typeof inset === 'number' && inset >= 0 && inset <= 0.4,
    `inset must be a number in 0–0.4, got ${String(options.inset)}`,
  );
  const batchSize = options.batchSize ?? 32;
  assertArgument(
    Number.isInteger(batchSize) && batchSize > 0,
    `batchSize must be a positive integer, got ${String(options.batchSize)}`,
  );
  const distance = options.distance ?? 'euclidean';
  assertArgument(
    distance === 'euclidean' || distance === 'cosine',
    `distance must be 'euclidean' or 'cosine', got ${String(options.distance)}`,
  );
  return { inset, batchSize, distance };
}

/**
 * Runs `forward` (images → `[n, classes]` probabilities, called inside `tf.tidy`) over the
 * images in batches and returns one plain vector per image.
 */
export async function classifyInBatches(
  images: readonly RgbImage[],
  batchSize: number,
  classes: number,
  forward: (batch: readonly RgbImage[]) => tf.Tensor2D,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const batch = images.slice(start, start + batchSize);
    const probabilities = tf.tidy(() => forward(batch));
    try {
      const values = (await probabilities.data()) as Float32Array;
      for (let i = 0; i < batch.length; i++) out.push(values.slice(i * classes, (i + 1) * classes));
    } finally {
      probabilities.dispose();
    }
  }
  return out;
}
