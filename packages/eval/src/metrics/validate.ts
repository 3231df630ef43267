import { FreeAvatarError } from '@freeavatar/core';

export { assertFiniteArray, assertVectors, type NumericArray } from '@freeavatar/core';

function invalid(message: string): FreeAvatarError {
  return new FreeAvatarError('INVALID_ARGUMENT', message);
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
