import { FreeAvatarError } from '@freeavatar/core';
import { assertDistanceKind, vectorDistance, type DistanceKind } from './distance.js';
import { assertLabels, assertSameLength, assertVectors, type NumericArray } from './validate.js';

/** Options of {@link identityInvarianceRatio}. */
export interface InvarianceOptions {
  /** How embeddings are compared. Default `'euclidean'`. */
  readonly distance?: DistanceKind;
}

/** The mean distance over one group of pairs. */
export interface PairGroup {
  readonly meanDistance: number;
  readonly pairs: number;
}

/** Result of {@link identityInvarianceRatio}. */
export interface InvarianceResult {
  /**
   * `sameExpressionDifferentIdentity.meanDistance / differentExpressionSameIdentity.meanDistance`.
   * Below 1, the space cares more about expression than identity; lower is better.
   */
  readonly ratio: number;
  /** Pairs that show the same expression on two different people. */
  readonly sameExpressionDifferentIdentity: PairGroup;
  /** Pairs that show two different expressions on the same person. */
  readonly differentExpressionSameIdentity: PairGroup;
}

/**
 * The identity-invariance ratio of an embedding space: the mean distance between pairs with the
 * same expression and different identities, divided by the mean distance between pairs with
 * different expressions and the same identity. All unordered pairs are used.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, ragged or non-finite embeddings, label
 *   lists of another length, when either pair group is empty, or when the denominator is 0.
 * @example
 * ```ts
 * // two people (p, q) each showing two expressions (smile, frown)
 * const r = identityInvarianceRatio(
 *   [[0, 0], [0.1, 0], [0, 1], [0.1, 1]],
 *   ['smile', 'smile', 'frown', 'frown'],
 *   ['p', 'q', 'p', 'q'],
 * );
 * r.ratio; // 0.1
 * ```
 */
export function identityInvarianceRatio(
  embeddings: readonly NumericArray[],
  expressions: readonly (string | number)[],
  identities: readonly (string | number)[],
  options: InvarianceOptions = {},
): InvarianceResult {
  const kind = options.distance ?? 'euclidean';
  assertDistanceKind(kind);
  assertVectors(embeddings, 'embeddings');
  assertLabels(expressions, 'expressions');
  assertLabels(identities, 'identities');
  assertSameLength(embeddings, expressions, 'embeddings', 'expressions');
  assertSameLength(embeddings, identities, 'embeddings', 'identities');
  let sameExpr = 0;
  let sameExprN = 0;
  let sameId = 0;
  let sameIdN = 0;
  const n = embeddings.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const se = expressions[i] === expressions[j];
      const si = identities[i] === identities[j];
      if (se && !si) {
        sameExpr += vectorDistance(embeddings[i], embeddings[j], kind);
        sameExprN++;
      } else if (!se && si) {
        sameId += vectorDistance(embeddings[i], embeddings[j], kind);
        sameIdN++;
      }
    }
  }
  if (sameExprN === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'identity invariance needs at least one pair with the same expression and different identities',
    );
  }
  if (sameIdN === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'identity invariance needs at least one pair with different expressions and the same identity',
    );
  }
  const num = sameExpr / sameExprN;
  const den = sameId / sameIdN;
  if (den === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'identity invariance is undefined: different expressions of the same identity all have distance 0',
    );
  }
  return {
    ratio: num / den,
    sameExpressionDifferentIdentity: { meanDistance: num, pairs: sameExprN },
    differentExpressionSameIdentity: { meanDistance: den, pairs: sameIdN },
  };
}
