import { FreeAvatarError, assertNumbers } from '@freeavatar/core';
import type { NumericArray } from './validate.js';

/** How two embeddings are compared: straight-line distance, or one minus cosine similarity. */
export type DistanceKind = 'euclidean' | 'cosine';

/**
 * Euclidean (L2) distance between two vectors of the same length. Only their type is checked
 * here; the metric functions validate the values once up front.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `a` or `b` is not an array of numbers.
 * @example
 * ```ts
 * euclideanDistance([0, 0], [3, 4]); // 5
 * ```
 */
export function euclideanDistance(a: NumericArray, b: NumericArray): number {
  assertNumbers(a, 'a');
  assertNumbers(b, 'b');
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/**
 * Cosine similarity of two vectors, in [-1, 1].
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `a` or `b` is not an array of numbers, or either
 *   vector has zero length (norm 0), since its direction is undefined.
 * @example
 * ```ts
 * cosineSimilarity([1, 0], [1, 1]); // 0.7071…
 * ```
 */
export function cosineSimilarity(a: NumericArray, b: NumericArray): number {
  assertNumbers(a, 'a');
  assertNumbers(b, 'b');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `cosine similarity needs non-zero vectors, got a vector of norm 0 (${na === 0 ? 'first' : 'second'})`,
    );
  }
  return dot / Math.sqrt(na * nb);
}

/**
 * The distance of the given kind: Euclidean, or `1 - cosineSimilarity` (in [0, 2]).
 *
 * @example
 * ```ts
 * vectorDistance([1, 0], [0, 1], 'cosine'); // 1
 * ```
 */
export function vectorDistance(a: NumericArray, b: NumericArray, kind: DistanceKind): number {
  return kind === 'cosine' ? 1 - cosineSimilarity(a, b) : euclideanDistance(a, b);
}

/**
 * Throws unless `kind` is a known {@link DistanceKind}.
 *
 * @example
 * ```ts
 * assertDistanceKind(options.distance ?? 'euclidean');
 * ```
 */
export function assertDistanceKind(kind: unknown): asserts kind is DistanceKind {
  if (kind !== 'euclidean' && kind !== 'cosine') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `distance must be 'euclidean' or 'cosine', got ${String(kind)}`,
    );
  }
}
