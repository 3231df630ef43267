import { FreeAvatarError, assertObject } from '@freeavatar/core';
import { assertDistanceKind, vectorDistance, type DistanceKind } from './distance.js';
import {
  assertFiniteArray,
  assertIndex,
  assertSameLength,
  assertVectors,
  type NumericArray,
} from './validate.js';

/**
 * The triplet types of the FEC dataset: how many of the three faces share an annotated
 * expression class (ONE_CLASS: all three; TWO_CLASS: two; THREE_CLASS: three different ones).
 *
 * @example
 * ```ts
 * declare const result: TripletAccuracy;
 * for (const type of TRIPLET_TYPES) console.log(type, result.byType[type]?.accuracy);
 * ```
 */
export const TRIPLET_TYPES = ['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS'] as const;

/** One of {@link TRIPLET_TYPES}. */
export type TripletType = (typeof TRIPLET_TYPES)[number];

/**
 * A triplet as indices into an embedding list: the anchor and positive are the pair annotated as
 * more alike; the negative is the odd one out.
 */
export interface Triplet {
  readonly anchor: number;
  readonly positive: number;
  readonly negative: number;
  /** The triplet's type, when known; untyped triplets count only towards the overall figure. */
  readonly type?: TripletType;
}

/** The three pairwise distances of each triplet, one entry per triplet. */
export interface TripletDistances {
  /** d(anchor, positive). */
  readonly ap: NumericArray;
  /** d(anchor, negative). */
  readonly an: NumericArray;
  /** d(positive, negative). */
  readonly pn: NumericArray;
  /** The type of each triplet, when known (same length as the distances). */
  readonly types?: readonly (TripletType | undefined)[];
}

/** Accuracy over a set of triplets. */
export interface TripletCount {
  /** `correct / total`. */
  readonly accuracy: number;
  readonly correct: number;
  readonly total: number;
}

/** Accuracy overall and per triplet type; a type is present only when some triplet has it. */
export interface TripletAccuracy extends TripletCount {
  readonly byType: Partial<Record<TripletType, TripletCount>>;
  /** For each triplet, whether it was ordered correctly. */
  readonly correctMask: Uint8Array;
  /**
   * For each triplet, `min(d(a,n), d(p,n)) - d(a,p)`: positive when correct, and the most
   * negative ones are the worst failures.
   */
  readonly margins: Float64Array;
}

/** Options of {@link tripletAccuracy}. */
export interface TripletAccuracyOptions {
  /** How embeddings are compared. Default `'euclidean'`, as in the paper. */
  readonly distance?: DistanceKind;
}

/**
 * Triplet accuracy by the paper's rule, from precomputed distances: a triplet is correct when
 * d(a,p) < d(a,n) and d(a,p) < d(p,n) (strictly; ties count as wrong).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty or mismatched arrays, non-finite distances
 *   or unknown types.
 * @example
 * ```ts
 * const r = tripletAccuracyFromDistances({ ap: [0.1, 0.5], an: [0.4, 0.3], pn: [0.6, 0.9] });
 * r.accuracy; // 0.5
 * ```
 */
export function tripletAccuracyFromDistances(distances: TripletDistances): TripletAccuracy {
  assertObject(distances, 'distances');
  const { ap, an, pn, types } = distances;
  assertFiniteArray(ap, 'distances.ap');
  assertFiniteArray(an, 'distances.an');
  assertFiniteArray(pn, 'distances.pn');
  assertSameLength(ap, an, 'distances.ap', 'distances.an');
  assertSameLength(ap, pn, 'distances.ap', 'distances.pn');
  if (types !== undefined) {
    assertSameLength(ap, types, 'distances.ap', 'distances.types');
    types.forEach((t, i) => assertTripletType(t, `distances.types[${i}]`));
  }
  const n = ap.length;
  const correctMask = new Uint8Array(n);
  const margins = new Float64Array(n);
  const perType = new Map<TripletType, { correct: number; total: number }>();
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const ok = ap[i] < an[i] && ap[i] < pn[i];
    correctMask[i] = ok ? 1 : 0;
    margins[i] = Math.min(an[i], pn[i]) - ap[i];
    if (ok) correct++;
    const type = types?.[i];
    if (type !== undefined) {
      const c = perType.get(type) ?? { correct: 0, total: 0 };
      c.total++;
      if (ok) c.correct++;
      perType.set(type, c);
    }
  }
  const byType: Partial<Record<TripletType, TripletCount>> = {};
  for (const type of TRIPLET_TYPES) {
    const c = perType.get(type);
    if (c) byType[type] = { accuracy: c.correct / c.total, correct: c.correct, total: c.total };
  }
  return { accuracy: correct / n, correct, total: n, byType, correctMask, margins };
}

/**
 * Triplet accuracy by the paper's rule from embeddings and triplets of indices into them,
 * overall and per triplet type. See {@link tripletAccuracyFromDistances} for the rule.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty inputs, ragged or non-finite embeddings,
 *   out-of-range indices or unknown types.
 * @example
 * ```ts
 * const embeddings = [[0, 0], [0, 1], [3, 0]];
 * const triplets: Triplet[] = [{ anchor: 0, positive: 1, negative: 2, type: 'ONE_CLASS' }];
 * const r = tripletAccuracy(embeddings, triplets);
 * r.accuracy; // 1
 * r.byType.ONE_CLASS?.accuracy; // 1
 * ```
 */
export function tripletAccuracy(
  embeddings: readonly NumericArray[],
  triplets: readonly Triplet[],
  options: TripletAccuracyOptions = {},
): TripletAccuracy {
  return tripletAccuracyFromDistances(tripletDistances(embeddings, triplets, options));
}

/**
 * The three pairwise distances of every triplet, for {@link tripletAccuracyFromDistances} or for
 * inspecting failures.
 *
 * @example
 * ```ts
 * const d = tripletDistances([[0, 0], [0, 1], [3, 0]], [{ anchor: 0, positive: 1, negative: 2 }]);
 * d.ap[0]; // 1
 * ```
 */
export function tripletDistances(
  embeddings: readonly NumericArray[],
  triplets: readonly Triplet[],
  options: TripletAccuracyOptions = {},
): Required<TripletDistances> {
  const kind = options.distance ?? 'euclidean';
  assertDistanceKind(kind);
  assertVectors(embeddings, 'embeddings');
  if (!Array.isArray(triplets)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `triplets must be an array, got ${String(triplets)}`,
    );
  }
  if (triplets.length === 0)
    throw new FreeAvatarError('INVALID_ARGUMENT', 'triplets must not be empty');
  const max = embeddings.length - 1;
  const n = triplets.length;
  const ap = new Float64Array(n);
  const an = new Float64Array(n);
  const pn = new Float64Array(n);
  const types: (TripletType | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const t = triplets[i];
    assertIndex(t.anchor, max, `triplets[${i}].anchor`);
    assertIndex(t.positive, max, `triplets[${i}].positive`);
    assertIndex(t.negative, max, `triplets[${i}].negative`);
    assertTripletType(t.type, `triplets[${i}].type`);
    const a = embeddings[t.anchor];
    const p = embeddings[t.positive];
    const ng = embeddings[t.negative];
    ap[i] = vectorDistance(a, p, kind);
    an[i] = vectorDistance(a, ng, kind);
    pn[i] = vectorDistance(p, ng, kind);
    types.push(t.type);
  }
  return { ap, an, pn, types };
}

function assertTripletType(type: unknown, name: string): void {
  if (type === undefined) return;
  if (!(TRIPLET_TYPES as readonly unknown[]).includes(type)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${name} must be one of ${TRIPLET_TYPES.join(', ')}, got ${String(type)}`,
    );
  }
}
