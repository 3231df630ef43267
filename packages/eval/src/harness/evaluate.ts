import {
  FreeAvatarError,
  assertArgument,
  assertArray,
  assertObject,
  progressReporter,
  type ProgressCallback,
} from '@freeavatar/core';
import type { TripletType } from '../metrics/triplet.js';
import type { ExpressionFeatureMethod, FeatureDistance, PeerFace } from '../peers/types.js';
import { methodFeatures } from './method-features.js';
import { scoreFeatures, type FeatureScores } from './score.js';
import { assertTripletSet, tripletTypeCounts, type TripletSet } from './triplet-set.js';

/**
 * A method that could not be run (e.g. FreeAvatar's encoder before trained weights exist): it
 * gets a row in the report saying why, instead of stopping the evaluation.
 *
 * @example
 * ```ts
 * const ours: UnavailableMethod = {
 *   name: 'FreeAvatar encoder',
 *   unavailable: 'no trained weights',
 * };
 * ```
 */
export interface UnavailableMethod {
  readonly name: string;
  /** Why it is not available, in words. */
  readonly unavailable: string;
  /** Where its weights would have come from, when known. */
  readonly source?: string;
}

/**
 * A method given to {@link evaluateFeatureMethods}: one to run, or one to report as missing.
 *
 * @example
 * ```ts
 * const methods: EvalMethod[] = [
 *   landmarkGeometryMethod(),
 *   { name: 'mine', unavailable: 'not trained' },
 * ];
 * ```
 */
export type EvalMethod = ExpressionFeatureMethod | UnavailableMethod;

/**
 * Whether an {@link EvalMethod} is one that cannot run (`false` for anything that is not an
 * object with a string `unavailable`).
 *
 * @example
 * ```ts
 * declare const methods: EvalMethod[];
 * const runnable = methods.filter((m) => !isUnavailable(m));
 * ```
 */
export function isUnavailable(method: EvalMethod): method is UnavailableMethod {
  return typeof (method as UnavailableMethod | null | undefined)?.unavailable === 'string';
}

/**
 * How one method did. Methods that could not run have `available: false` and a `reason`.
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * for (const m of evaluation.methods) console.log(m.name, m.scores?.triplets.accuracy ?? m.reason);
 * ```
 */
export interface MethodResult {
  readonly name: string;
  readonly available: boolean;
  readonly reason?: string;
  /** Where the method's weights came from (its `source`), when it says. */
  readonly source?: string;
  readonly distance?: FeatureDistance;
  readonly featureLength?: number;
  /** Seconds spent in the method's `features` calls. */
  readonly seconds?: number;
  /** Faces given, faces where it found no face, faces where it threw, and the messages. */
  readonly faces?: {
    readonly total: number;
    readonly noFace: number;
    readonly failed: number;
    readonly errors: readonly { readonly message: string; readonly count: number }[];
  };
  readonly scores?: FeatureScores;
}

/**
 * The outcome of an evaluation: the data it ran on and one result per method, in the order the
 * methods were given.
 *
 * @example
 * ```ts
 * declare const set: TripletSet;
 * declare const methods: EvalMethod[];
 * const evaluation: Evaluation = await evaluateFeatureMethods(set, methods);
 * ```
 */
export interface Evaluation {
  readonly data: {
    readonly description: string;
    readonly faces: number;
    readonly triplets: number;
    readonly byType: Readonly<Record<TripletType, number>>;
    readonly details: Readonly<Record<string, string | number | boolean>>;
    /** Faces in which the shared face detector found no face (`null`: no detector ran). */
    readonly facesWithoutDetection: number | null;
    /** Faces per expression label (`null` when no face has one). */
    readonly emotions: Readonly<Record<string, number>> | null;
  };
  readonly methods: readonly MethodResult[];
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `evaluation` is an object with a `methods`
 * list: the first check of a function that reports on an {@link Evaluation}.
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * assertEvaluationShape(evaluation, 'evaluation');
 * ```
 */
export function assertEvaluationShape(
  evaluation: unknown,
  name: string,
): asserts evaluation is Evaluation {
  assertObject(evaluation, name);
  assertArray(evaluation.methods, `${name}.methods`);
}

/**
 * Options of {@link evaluateFeatureMethods}.
 *
 * @example
 * ```ts
 * declare const aligned: AlignedFaces; // from alignFaces
 * const options: EvaluateOptions = {
 *   inputs: aligned.inputs,
 *   facesWithoutDetection: aligned.withoutFace,
 *   worst: 6,
 * };
 * ```
 */
export interface EvaluateOptions {
  /**
   * What each method is given for face `i`, e.g. the `DetectedFace` a shared face cropper found
   * (see `alignFaces`). Default: the set's face images.
   */
  inputs?: readonly PeerFace[];
  /** Faces without a detected face, recorded in the result when `inputs` came from a detector. */
  facesWithoutDetection?: number;
  /** Faces per `features` call. Default 16. */
  batchSize?: number;
  /** Worst triplets kept per method. Default 5. */
  worst?: number;
  onProgress?: ProgressCallback;
}

function emotionCounts(set: TripletSet): Record<string, number> | null {
  const counts: Record<string, number> = {};
  for (const face of set.faces) {
    if (face.emotion !== undefined) counts[face.emotion] = (counts[face.emotion] ?? 0) + 1;
  }
  return Object.keys(counts).length > 0 ? counts : null;
}

/**
 * Runs every method on the same faces and scores it on the same triplets (see `scoreFeatures`):
 * triplet accuracy overall and per type, retrieval by expression label and the
 * identity-invariance ratio where the data has the labels, and each method's worst triplets.
 * A face a method finds no face in, or throws for, is counted (not fatal) and its triplets count
 * as wrong for that method. Methods are not disposed.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed set, `inputs` of another length
 *   than the faces, or no methods.
 * @example
 * ```ts
 * const set = await syntheticTripletSet({ count: 90, seed: 1 });
 * const mesh = landmarkGeometryMethod({ missingFace: 'nan' });
 * const evaluation = await evaluateFeatureMethods(set, [mesh]);
 * console.log(evaluation.methods[0].scores?.triplets.accuracy);
 * ```
 */
export async function evaluateFeatureMethods(
  set: TripletSet,
  methods: readonly EvalMethod[],
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  assertTripletSet(set);
  assertArgument(
    Array.isArray(methods) && methods.length > 0,
    'methods must be a non-empty list of feature methods',
  );
  methods.forEach((m, i) => {
    if (!isUnavailable(m) && typeof m?.features !== 'function') {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `methods[${i}] must be an ExpressionFeatureMethod or {name, unavailable}, got ${String(m)}`,
      );
    }
  });
  const inputs = options.inputs ?? set.faces.map((f) => f.image);
  assertArgument(
    Array.isArray(inputs) && inputs.length === set.faces.length,
    `inputs must hold one face per face of the set (${set.faces.length}), got ${Array.isArray(inputs) ? inputs.length : String(inputs)}`,
  );
  const report = progressReporter(options.onProgress);
  const results: MethodResult[] = [];
  for (const method of methods) {
    if (isUnavailable(method)) {
      results.push({
        name: method.name,
        available: false,
        reason: method.unavailable,
        ...(method.source === undefined ? {} : { source: method.source }),
      });
      continue;
    }
    const features = await methodFeatures(method, inputs, {
      batchSize: options.batchSize,
      onProgress: report,
    });
    const scores = scoreFeatures(set, features.vectors, method.distance, { worst: options.worst });
    results.push({
      name: method.name,
      available: true,
      ...(typeof method.source === 'string' ? { source: method.source } : {}),
      distance: method.distance,
      featureLength: features.featureLength,
      seconds: features.seconds,
      faces: {
        total: inputs.length,
        noFace: features.noFace,
        failed: features.failed,
        errors: features.errors,
      },
      scores,
    });
  }
  return {
    data: {
      description: set.description,
      faces: set.faces.length,
      triplets: set.triplets.length,
      byType: tripletTypeCounts(set.triplets),
      details: set.details ?? {},
      facesWithoutDetection: options.facesWithoutDetection ?? null,
      emotions: emotionCounts(set),
    },
    methods: results,
  };
}
