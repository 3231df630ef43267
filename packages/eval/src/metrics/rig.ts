import { FreeAvatarError } from '@freeavatar/core';
import { cosineSimilarity } from './distance.js';
import {
  assertFiniteArray,
  assertSameLength,
  assertVectors,
  type NumericArray,
} from './validate.js';

/** Rig values as one curve per control name (each curve one value per frame). */
export type RigCurves = Readonly<Record<string, NumericArray>>;

/** Error figures of one control. */
export interface ControlError {
  readonly mae: number;
  readonly rmse: number;
  /** Pearson correlation; `null` when either curve is constant, so it is undefined. */
  readonly pearson: number | null;
  /** Standard deviation of the predicted curve: how much the prediction moves at all. */
  readonly spread: number;
}

/** Result of {@link rigError}. */
export interface RigError {
  readonly perControl: Readonly<Record<string, ControlError>>;
  /** The mean over controls of each figure. `pearson` averages the controls where it is defined. */
  readonly mean: {
    readonly mae: number;
    readonly rmse: number;
    readonly pearson: number | null;
  };
  /** How many controls have a defined Pearson r (and enter `mean.pearson`). */
  readonly pearsonControls: number;
  /**
   * Controls whose prediction stays still (spread below {@link STILL_CONTROL_SPREAD}) where the
   * truth moves: a rig that never drives them, whatever the face.
   */
  readonly stillControls: readonly string[];
}

/**
 * A predicted control curve whose standard deviation is below this, over a truth curve whose
 * spread is not, counts as still in {@link RigError.stillControls} (rig values are in 0..1).
 *
 * @example
 * ```ts
 * import { STILL_CONTROL_SPREAD } from '@freeavatar/eval';
 * STILL_CONTROL_SPREAD; // 0.005
 * ```
 */
export const STILL_CONTROL_SPREAD = 0.005;

/** Population standard deviation of a series. */
function standardDeviation(x: NumericArray): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i] - mean) ** 2;
  return Math.sqrt(sum / x.length);
}

/** Options of {@link rigError}. */
export interface RigErrorOptions {
  /** The controls to score. Default: every control of `truth`. */
  readonly controls?: readonly string[];
}

function checkPair(predicted: NumericArray, truth: NumericArray, name: string): void {
  assertFiniteArray(predicted, `${name} predicted`);
  assertFiniteArray(truth, `${name} truth`);
  assertSameLength(predicted, truth, `${name} predicted`, `${name} truth`);
}

/**
 * Mean absolute error between two equally long series.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, mismatched or non-finite input.
 * @example
 * ```ts
 * meanAbsoluteError([1, 2, 3], [1, 4, 0]); // (0 + 2 + 3) / 3
 * ```
 */
export function meanAbsoluteError(predicted: NumericArray, truth: NumericArray): number {
  checkPair(predicted, truth, 'series');
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += Math.abs(predicted[i] - truth[i]);
  return sum / truth.length;
}

/**
 * Root mean squared error between two equally long series.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, mismatched or non-finite input.
 * @example
 * ```ts
 * rootMeanSquaredError([0, 0], [3, 4]); // sqrt((9 + 16) / 2)
 * ```
 */
export function rootMeanSquaredError(predicted: NumericArray, truth: NumericArray): number {
  checkPair(predicted, truth, 'series');
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (predicted[i] - truth[i]) ** 2;
  return Math.sqrt(sum / truth.length);
}

/**
 * Pearson correlation of two equally long series, or `null` when either is constant (its
 * variance is 0 and the correlation is undefined).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, mismatched or non-finite input.
 * @example
 * ```ts
 * pearsonCorrelation([1, 2, 3], [2, 4, 6]); // 1
 * pearsonCorrelation([1, 2, 3], [5, 5, 5]); // null
 * ```
 */
export function pearsonCorrelation(a: NumericArray, b: NumericArray): number | null {
  checkPair(a, b, 'series');
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  if (va === 0 || vb === 0) return null;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(va * vb)));
}

/**
 * Rig error of predicted control curves against true ones: MAE, RMSE, Pearson r and the
 * prediction's spread per control, their means over controls, and the controls the prediction
 * leaves still.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when a control is missing from either side, when
 *   curves differ in length or hold non-finite values, or when there are no controls.
 * @example
 * ```ts
 * const r = rigError(
 *   { jawOpen: [0, 0.5, 1], smile: [0.2, 0.2, 0.4] },
 *   { jawOpen: [0, 0.4, 1], smile: [0.2, 0.3, 0.4] },
 * );
 * r.perControl.jawOpen.mae; // 0.0333…
 * r.mean.rmse;
 * r.stillControls; // [] (both predicted curves move)
 * ```
 */
export function rigError(
  predicted: RigCurves,
  truth: RigCurves,
  options: RigErrorOptions = {},
): RigError {
  if (predicted === null || typeof predicted !== 'object') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `predicted must be a record of curves, got ${String(predicted)}`,
    );
  }
  if (truth === null || typeof truth !== 'object') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `truth must be a record of curves, got ${String(truth)}`,
    );
  }
  const controls = options.controls ?? Object.keys(truth);
  if (controls.length === 0) throw new FreeAvatarError('INVALID_ARGUMENT', 'no controls to score');
  const perControl: Record<string, ControlError> = {};
  let mae = 0;
  let rmse = 0;
  let r = 0;
  let rCount = 0;
  let frames = -1;
  const stillControls: string[] = [];
  for (const name of controls) {
    const p = predicted[name];
    const t = truth[name];
    if (t === undefined)
      throw new FreeAvatarError('INVALID_ARGUMENT', `truth has no curve for control '${name}'`);
    if (p === undefined) {
      throw new FreeAvatarError('INVALID_ARGUMENT', `predicted has no curve for control '${name}'`);
    }
    checkPair(p, t, `control '${name}'`);
    if (frames >= 0 && t.length !== frames) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `control '${name}' has ${t.length} frames, expected ${frames} like the first control`,
      );
    }
    frames = t.length;
    const e: ControlError = {
      mae: meanAbsoluteError(p, t),
      rmse: rootMeanSquaredError(p, t),
      pearson: pearsonCorrelation(p, t),
      spread: standardDeviation(p),
    };
    perControl[name] = e;
    if (e.spread < STILL_CONTROL_SPREAD && standardDeviation(t) >= STILL_CONTROL_SPREAD) {
      stillControls.push(name);
    }
    mae += e.mae;
    rmse += e.rmse;
    if (e.pearson !== null) {
      r += e.pearson;
      rCount++;
    }
  }
  if (options.controls === undefined) {
    const extra = Object.keys(predicted).filter((k) => !(k in truth));
    if (extra.length > 0) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `predicted has controls that truth lacks: ${extra.join(', ')} (pass options.controls to score a subset)`,
      );
    }
  }
  const n = controls.length;
  return {
    perControl,
    mean: { mae: mae / n, rmse: rmse / n, pearson: rCount > 0 ? r / rCount : null },
    pearsonControls: rCount,
    stillControls,
  };
}

/**
 * Expression consistency: the mean cosine similarity between paired embeddings, e.g. the actor's
 * frame and the avatar's render of it, both through the same expression encoder. 1 means every
 * pair points the same way.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, mismatched, ragged, non-finite or zero
 *   vectors.
 * @example
 * ```ts
 * expressionConsistency([[1, 0], [0, 1]], [[2, 0], [1, 1]]); // (1 + 0.7071…) / 2
 * ```
 */
export function expressionConsistency(
  source: readonly NumericArray[],
  target: readonly NumericArray[],
): number {
  const dim = assertVectors(source, 'source');
  const dimT = assertVectors(target, 'target');
  assertSameLength(source, target, 'source', 'target');
  if (dim !== dimT) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `source and target embeddings must have the same dimension, got ${dim} and ${dimT}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < source.length; i++) {
    try {
      sum += cosineSimilarity(source[i], target[i]);
    } catch {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `pair ${i} has a zero vector; cosine needs non-zero embeddings`,
      );
    }
  }
  return sum / source.length;
}
