import { FreeAvatarError } from './errors.js';

/**
 * A sequence of numbers: `number[]`, `Float32Array`, `Float64Array` and the like.
 *
 * @example
 * ```ts
 * const curve: NumericArray = new Float32Array([0, 0.5, 1]);
 * ```
 */
export type NumericArray = ArrayLike<number>;

function invalid(message: string): FreeAvatarError {
  return new FreeAvatarError('INVALID_ARGUMENT', message);
}

/**
 * Throws unless `values` is a non-empty array of finite numbers.
 *
 * @example
 * ```ts
 * assertFiniteArray([0, 0.5, 1], 'curve'); // passes
 * assertFiniteArray([0, NaN], 'curve'); // throws: so do [] and Infinity
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
 * Throws unless `rows` is a non-empty list of finite vectors that all have the same length.
 *
 * @example
 * ```ts
 * const dim = assertVectors([new Float32Array(16), new Float32Array(16)], 'embeddings'); // 16
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
