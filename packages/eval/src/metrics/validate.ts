import { FreeAvatarError } from '@freeavatar/core';

/** A sequence of numbers: `number[]`, `Float32Array`, `Float64Array` and the like. */
export type NumericArray = ArrayLike<number>;

function invalid(message: string): FreeAvatarError {
  return new FreeAvatarError('INVALID_ARGUMENT', message);
}

/**
 * Throws unless `values` is a non-empty array of finite numbers.
 *
 * @example
 * ```ts
 * assertFiniteArray(curve, 'curve'); // throws on [], NaN or Infinity
 * ```
 */
export function assertFiniteArray(values: NumericArray, name: string, allowEmpty = false): void {
  if (values === null || values === undefined || typeof values.length !== 'number') {
    throw invalid(`${name} must be an array of numbers, got ${String(values)}`);
  }
  if (!allowEmpty && values.length === 0) throw invalid(`${name} must not be empty`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw invalid(`${name}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
}

/**
 * Throws unless two arrays have the same length.
 *
 * @example
 * ```ts
 * assertSameLength(predicted, truth, 'predicted', 'truth');
 * ```
 */
export function assertSameLength(
  a: { readonly length: number },
  b: { readonly length: number },
  nameA: string,
  nameB: string,
): void {
  if (a.length !== b.length) {
    throw invalid(
      `${nameA} and ${nameB} must have the same length, got ${a.length} and ${b.length}`,
    );
  }
}

/**
 * Throws unless `rows` is a non-empty list of finite vectors that all have the same length.
 *
 * @example
 * ```ts
 * const dim = assertVectors(embeddings, 'embeddings');
 * ```
 */
export function assertVectors(rows: readonly NumericArray[], name: string): number {
  if (!Array.isArray(rows))
    throw invalid(`${name} must be an array of vectors, got ${String(rows)}`);
  if (rows.length === 0) throw invalid(`${name} must not be empty`);
  const dim = rows[0]?.length;
  if (typeof dim !== 'number' || dim === 0) {
    throw invalid(`${name}[0] must be a non-empty vector, got ${String(rows[0])}`);
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    assertFiniteArray(row, `${name}[${i}]`);
    if (row.length !== dim) {
      throw invalid(`${name}[${i}] has length ${row.length}, expected ${dim} like ${name}[0]`);
    }
  }
  return dim;
}

/**
 * Throws unless `value` is an integer in `[0, max]`.
 *
 * @example
 * ```ts
 * assertIndex(t.anchor, embeddings.length - 1, 'triplets[0].anchor');
 * ```
 */
export function assertIndex(value: number, max: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(`${name} must be an integer in [0, ${max}], got ${String(value)}`);
  }
}

/**
 * Throws unless `value` is a positive integer.
 *
 * @example
 * ```ts
 * assertPositiveInteger(k, 'ks[0]');
 * ```
 */
export function assertPositiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw invalid(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/**
 * Throws unless `labels` is a non-empty list of strings or finite numbers.
 *
 * @example
 * ```ts
 * assertLabels(['happy', 'sad'], 'labels');
 * ```
 */
export function assertLabels(labels: readonly (string | number)[], name: string): void {
  if (!Array.isArray(labels))
    throw invalid(`${name} must be an array of labels, got ${String(labels)}`);
  if (labels.length === 0) throw invalid(`${name} must not be empty`);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (typeof l === 'string') continue;
    if (typeof l === 'number' && Number.isFinite(l)) continue;
    throw invalid(`${name}[${i}] must be a string or a finite number, got ${String(l)}`);
  }
}
