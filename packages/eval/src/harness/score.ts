import { assertArgument } from '@freeavatar/core';
import { vectorDistance, type DistanceKind } from '../metrics/distance.js';
import { identityInvarianceRatio, type PairGroup } from '../metrics/invariance.js';
import { retrievalMetrics } from '../metrics/retrieval.js';
import {
  TRIPLET_TYPES,
  tripletAccuracyFromDistances,
  type TripletCount,
  type TripletType,
} from '../metrics/triplet.js';
import { assertTripletSetShape, type TripletSet } from './triplet-set.js';

/**
 * Triplet accuracy of one method over a whole set. Triplets with a face the method gave no
 * features for count as wrong (and are counted in `withMissingFaces`).
 *
 * @example
 * ```ts
 * declare const scores: FeatureScores;
 * const t: TripletScores = scores.triplets;
 * console.log(t.accuracy, t.byType.ONE_CLASS?.accuracy, t.withMissingFaces);
 * ```
 */
export interface TripletScores extends TripletCount {
  readonly byType: Partial<Record<TripletType, TripletCount>>;
  /** Triplets counted wrong because a face had no features. */
  readonly withMissingFaces: number;
  /**
   * One character per triplet of the set, in its order: `'1'` ordered right, `'0'` wrong or
   * missing a face. Two runs on the same triplets compare item by item through it
   * (`pairedDifferenceError`); absent from results written before it existed.
   */
  readonly outcomes?: string;
}

/**
 * One triplet of a method's worst, with the method's three distances.
 *
 * @example
 * ```ts
 * declare const scores: FeatureScores;
 * const w: WorstTriplet = scores.worst[0];
 * console.log(`triplet ${w.triplet}: d(a,p) ${w.ap} vs d(a,n) ${w.an}`);
 * ```
 */
export interface WorstTriplet {
  /** Index into the set's triplets. */
  readonly triplet: number;
  readonly type?: TripletType;
  readonly ap: number;
  readonly an: number;
  readonly pn: number;
  /** `min(an, pn) − ap`: negative when the method orders the triplet wrongly. */
  readonly margin: number;
}

/**
 * Retrieval by expression label, the headline figures of `retrievalMetrics`.
 *
 * @example
 * ```ts
 * declare const scores: FeatureScores;
 * const r: RetrievalScores | null = scores.retrieval;
 * ```
 */
export interface RetrievalScores {
  readonly meanAveragePrecision: number;
  readonly recallAt1: number;
  readonly recallAt5: number;
  readonly queries: number;
  readonly skippedQueries: number;
}

/**
 * The identity-invariance ratio with its two pair groups.
 *
 * @example
 * ```ts
 * declare const scores: FeatureScores;
 * const inv: InvarianceScores | null = scores.invariance;
 * ```
 */
export interface InvarianceScores {
  readonly ratio: number;
  readonly sameExpressionDifferentIdentity: PairGroup;
  readonly differentExpressionSameIdentity: PairGroup;
}

/**
 * Everything {@link scoreFeatures} measures for one method.
 *
 * @example
 * ```ts
 * declare const set: TripletSet;
 * declare const vectors: Float32Array[]; // one per face of the set
 * const { triplets, retrieval, invariance, worst, notes } = scoreFeatures(
 *   set,
 *   vectors,
 *   'euclidean',
 * );
 * ```
 */
export interface FeatureScores {
  readonly triplets: TripletScores;
  /** `null` when the set has no expression labels or they could not be scored (see `notes`). */
  readonly retrieval: RetrievalScores | null;
  /** `null` when the set has no identity ids or no pairs to compare (see `notes`). */
  readonly invariance: InvarianceScores | null;
  /** The triplets with the lowest margins, worst first. */
  readonly worst: readonly WorstTriplet[];
  /** Why a figure is missing, in words. */
  readonly notes: readonly string[];
}

/**
 * Options of {@link scoreFeatures}.
 *
 * @example
 * ```ts
 * const options: ScoreOptions = { worst: 8 };
 * ```
 */
export interface ScoreOptions {
  /** How many worst triplets to keep. Default 5. */
  worst?: number;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Scores one method's vectors on a {@link TripletSet}: triplet accuracy by the paper's rule
 * (d(a,p) below both d(a,n) and d(p,n), strictly) overall and per type, counting triplets with a
 * face without features as wrong; retrieval mean average precision and recall@1/5 over the faces
 * with features and an expression label (cosine similarity); and the identity-invariance ratio
 * over the faces with features, an expression label and an identity id (the method's distance).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `set` has no `faces` or `triplets` list,
 *   `vectors` has another length than the faces or `distance` is unknown.
 * @example
 * ```ts
 * declare const set: TripletSet;
 * declare const method: ExpressionFeatureMethod;
 * const features = await methodFeatures(method, set.faces.map((face) => face.image));
 * const scores = scoreFeatures(set, features.vectors, method.distance);
 * console.log(scores.triplets.accuracy);
 * ```
 */
export function scoreFeatures(
  set: TripletSet,
  vectors: readonly (ArrayLike<number> | undefined)[],
  distance: DistanceKind,
  options: ScoreOptions = {},
): FeatureScores {
  assertTripletSetShape(set, 'set');
  assertArgument(
    Array.isArray(vectors) && vectors.length === set.faces.length,
    `vectors must hold one entry per face (${set.faces.length}), got ${Array.isArray(vectors) ? vectors.length : String(vectors)}`,
  );
  assertArgument(
    distance === 'euclidean' || distance === 'cosine',
    `distance must be 'euclidean' or 'cosine', got ${String(distance)}`,
  );
  const worstCount = options.worst ?? 5;
  assertArgument(
    Number.isInteger(worstCount) && worstCount >= 0,
    `worst must be a non-negative integer, got ${worstCount}`,
  );
  const notes: string[] = [];

  // Triplets whose three faces all have features are scored; the others count as wrong.
  const scored: number[] = [];
  const ap: number[] = [];
  const an: number[] = [];
  const pn: number[] = [];
  set.triplets.forEach((t, i) => {
    const [a, p, n] = [vectors[t.anchor], vectors[t.positive], vectors[t.negative]];
    if (a === undefined || p === undefined || n === undefined) return;
    scored.push(i);
    ap.push(vectorDistance(a, p, distance));
    an.push(vectorDistance(a, n, distance));
    pn.push(vectorDistance(p, n, distance));
  });
  const rule =
    scored.length > 0
      ? tripletAccuracyFromDistances({ ap, an, pn, types: scored.map((i) => set.triplets[i].type) })
      : undefined;
  const total = set.triplets.length;
  const correct = rule?.correct ?? 0;
  const byType: Partial<Record<TripletType, TripletCount>> = {};
  for (const type of TRIPLET_TYPES) {
    const count = set.triplets.filter((t) => t.type === type).length;
    if (count === 0) continue;
    const right = rule?.byType[type]?.correct ?? 0;
    byType[type] = { accuracy: right / count, correct: right, total: count };
  }
  const triplets: TripletScores = {
    accuracy: correct / total,
    correct,
    total,
    byType,
    withMissingFaces: total - scored.length,
    outcomes: outcomesOf(total, scored, rule?.correctMask),
  };
  const worst: WorstTriplet[] = scored
    .map((triplet, k) => ({
      triplet,
      type: set.triplets[triplet].type,
      ap: ap[k],
      an: an[k],
      pn: pn[k],
      margin: rule!.margins[k],
    }))
    .sort((x, y) => x.margin - y.margin || x.triplet - y.triplet)
    .slice(0, worstCount);

  const usable = set.faces
    .map((face, i) => ({ face, vector: vectors[i] }))
    .filter((f) => f.vector !== undefined);
  const labelled = usable.filter((f) => f.face.emotion !== undefined);
  let retrieval: RetrievalScores | null = null;
  if (labelled.length === 0) {
    notes.push('retrieval: the data has no expression labels');
  } else {
    try {
      const r = retrievalMetrics(
        labelled.map((f) => f.vector!),
        labelled.map((f) => f.face.emotion!),
        { ks: [1, 5] },
      );
      retrieval = {
        meanAveragePrecision: r.meanAveragePrecision,
        recallAt1: r.recallAtK[1],
        recallAt5: r.recallAtK[5],
        queries: r.queries,
        skippedQueries: r.skippedQueries,
      };
    } catch (err) {
      notes.push(`retrieval: ${messageOf(err)}`);
    }
  }
  const identified = labelled.filter((f) => f.face.identity !== undefined);
  let invariance: InvarianceScores | null = null;
  if (identified.length === 0) {
    notes.push('identity invariance: the data has no identity ids with expression labels');
  } else {
    try {
      invariance = identityInvarianceRatio(
        identified.map((f) => f.vector!),
        identified.map((f) => f.face.emotion!),
        identified.map((f) => f.face.identity!),
        { distance },
      );
    } catch (err) {
      notes.push(`identity invariance: ${messageOf(err)}`);
    }
  }
  return { triplets, retrieval, invariance, worst, notes };
}

/** `'1'` for each scored triplet its mask marks right, `'0'` for every other triplet. */
function outcomesOf(total: number, scored: readonly number[], mask?: Uint8Array): string {
  const chars = new Array<string>(total).fill('0');
  scored.forEach((triplet, k) => {
    if (mask?.[k] === 1) chars[triplet] = '1';
  });
  return chars.join('');
}
