import { assertArgument, assertObject } from '@freeavatar/core';
import {
  pearsonInterval,
  type ConfidenceInterval,
  type IntervalOptions,
} from '../metrics/bootstrap.js';
import { rigError, type RigCurves, type RigError } from '../metrics/rig.js';
import { KEY_CONTROL_SLOTS, type KeyControlSlot } from './key-controls.js';

/**
 * Turns rig vectors (one per sample or frame, in `controls` order) into one curve per control.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when there are no vectors or one has the wrong length.
 * @example
 * ```ts
 * rigCurves(['a', 'b'], [[0.1, 0.2], [0.3, 0.4]]); // { a: [0.1, 0.3], b: [0.2, 0.4] }
 * ```
 */
export function rigCurves(
  controls: readonly string[],
  vectors: readonly ArrayLike<number>[],
): Record<string, Float32Array> {
  assertArgument(
    Array.isArray(controls) && controls.length > 0,
    'controls must be a non-empty list of control names',
  );
  assertArgument(
    Array.isArray(vectors) && vectors.length > 0,
    'vectors must be a non-empty list of rig vectors',
  );
  vectors.forEach((v, i) =>
    assertArgument(
      v?.length === controls.length,
      `vectors[${i}] has ${v?.length} values, expected ${controls.length} (one per control)`,
    ),
  );
  return Object.fromEntries(
    controls.map((name, c) => [name, Float32Array.from(vectors, (v) => v[c])]),
  );
}

/**
 * The mean of rig vectors: the "predict the average rig" baseline.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when there are no vectors, they differ in length or
 *   hold non-finite values.
 * @example
 * ```ts
 * meanRig([[0, 1], [0.5, 0]]); // Float32Array [0.25, 0.5]
 * ```
 */
export function meanRig(vectors: readonly ArrayLike<number>[]): Float32Array {
  const size = checkRigVectors(vectors);
  const sum = new Float64Array(size);
  for (const v of vectors) for (let c = 0; c < size; c++) sum[c] += v[c];
  return Float32Array.from(sum, (s) => s / vectors.length);
}

/** Checks a non-empty list of equally long, finite rig vectors; returns their length. */
function checkRigVectors(vectors: readonly ArrayLike<number>[]): number {
  assertArgument(
    Array.isArray(vectors) && vectors.length > 0,
    'vectors must be a non-empty list of rig vectors',
  );
  const size = vectors[0]?.length;
  assertArgument(
    Number.isInteger(size) && size > 0,
    `vectors[0] must be a non-empty rig vector, got ${String(vectors[0])}`,
  );
  vectors.forEach((v, i) => {
    assertArgument(v?.length === size, `vectors[${i}] has ${v?.length} values, expected ${size}`);
    for (let c = 0; c < size; c++) {
      assertArgument(Number.isFinite(v[c]), `vectors[${i}][${c}] must be finite, got ${v[c]}`);
    }
  });
  return size;
}

/**
 * The per-control median of rig vectors: the "predict the typical rig" baseline. Most controls
 * rest at zero on most faces, so this is the constant rig with the least mean absolute error,
 * a harder baseline on MAE than {@link meanRig}.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when there are no vectors, they differ in length or
 *   hold non-finite values.
 * @example
 * ```ts
 * medianRig([[0, 1], [0, 0], [0.9, 0.5]]); // Float32Array [0, 0.5]
 * ```
 */
export function medianRig(vectors: readonly ArrayLike<number>[]): Float32Array {
  const size = checkRigVectors(vectors);
  const column = new Float64Array(vectors.length);
  return Float32Array.from({ length: size }, (_, c) => {
    vectors.forEach((v, i) => (column[i] = v[c]));
    column.sort();
    const mid = column.length >> 1;
    return column.length % 2 === 1 ? column[mid] : (column[mid - 1] + column[mid]) / 2;
  });
}

/** Scores of one key control (see `keyControlsOf`). */
export interface KeyControlScore {
  /** The avatar's control that stands for the slot. */
  readonly control: string;
  /** Pearson r of predicted and true values; `null` when either is constant. */
  readonly pearson: number | null;
  /**
   * Bootstrap interval of `pearson` over the samples (see `pearsonInterval`), when the scores
   * were asked for intervals and r is defined; else `null`.
   */
  readonly pearsonInterval: ConfidenceInterval | null;
  readonly mae: number;
  /** MAE of the mean-rig baseline on the same control. */
  readonly baselineMae: number;
}

/** How well one avatar's predicted rigs match the truth, and the mean-rig baseline's figures. */
export interface AvatarRigScores {
  readonly avatar: string;
  /** Samples (or frames) scored. */
  readonly samples: number;
  readonly controls: readonly string[];
  /** The network's error per control and on average. */
  readonly model: RigError;
  /**
   * The error of always predicting the baseline rig (the training mean). Its Pearson r is
   * undefined (`null`): a constant has no correlation.
   */
  readonly baseline: RigError;
  /**
   * The error of always predicting the median baseline rig (see {@link medianRig}), when one was
   * given; `null` otherwise.
   */
  readonly medianBaseline: RigError | null;
  /** Per key slot, its control's figures; `null` when the avatar has no such control. */
  readonly key: Readonly<Record<KeyControlSlot, KeyControlScore | null>>;
  /** The peers' figures on the same samples, in the order given. */
  readonly peers: readonly PeerRigScores[];
}

/** One peer's figures in {@link AvatarRigScores}. */
export interface PeerRigScores {
  readonly name: string;
  readonly error: RigError;
  readonly key: Readonly<Record<KeyControlSlot, KeyControlScore | null>>;
}

interface KeyScoreInputs {
  readonly avatar: string;
  readonly controls: readonly string[];
  readonly keyControls: Readonly<Record<KeyControlSlot, string | null>>;
  readonly base: RigError;
  readonly truth: RigCurves;
  readonly intervals: IntervalOptions | undefined;
}

function keyScores(
  { avatar, controls, keyControls, base, truth, intervals }: KeyScoreInputs,
  error: RigError,
  predicted: RigCurves,
): Record<KeyControlSlot, KeyControlScore | null> {
  const key = {} as Record<KeyControlSlot, KeyControlScore | null>;
  for (const slot of KEY_CONTROL_SLOTS) {
    const control = keyControls?.[slot] ?? null;
    if (control === null) {
      key[slot] = null;
      continue;
    }
    assertArgument(
      controls.includes(control),
      `key control '${control}' (${slot}) is not a control of avatar '${avatar}'`,
    );
    const e = error.perControl[control];
    key[slot] = {
      control,
      pearson: e.pearson,
      pearsonInterval:
        intervals === undefined
          ? null
          : pearsonInterval(predicted[control], truth[control], intervals),
      mae: e.mae,
      baselineMae: base.perControl[control].mae,
    };
  }
  return key;
}

/**
 * Inputs of {@link avatarRigScores}.
 *
 * @example
 * ```ts
 * declare const controls: string[];
 * declare const predicted: Float32Array[], truth: Float32Array[], trainingRigs: Float32Array[];
 * const input: AvatarRigScoresInput = {
 *   avatar: 'toon',
 *   controls,
 *   predicted,
 *   truth,
 *   baseline: meanRig(trainingRigs),
 *   keyControls: keyControlsOf('toon', controls),
 * };
 * ```
 */
export interface AvatarRigScoresInput {
  readonly avatar: string;
  readonly controls: readonly string[];
  /** Predicted rig vectors, one per sample, in `controls` order. */
  readonly predicted: readonly ArrayLike<number>[];
  /** True rig vectors of the same samples. */
  readonly truth: readonly ArrayLike<number>[];
  /** The constant baseline rig (e.g. {@link meanRig} of training samples). */
  readonly baseline: ArrayLike<number>;
  /** A second constant baseline rig, the per-control median (see {@link medianRig}); optional. */
  readonly medianBaseline?: ArrayLike<number>;
  /** The control of each key slot (see `keyControlsOf`). */
  readonly keyControls: Readonly<Record<KeyControlSlot, string | null>>;
  /**
   * Give each key control's r a bootstrap interval with these options (see `pearsonInterval`);
   * default none. Meant for independent samples (actors), not the frames of one clip.
   */
  readonly intervals?: IntervalOptions;
  /** Other methods' predictions for the same samples, scored the same way (default none). */
  readonly peers?: readonly {
    readonly name: string;
    readonly predicted: readonly ArrayLike<number>[];
  }[];
}

/**
 * Scores an avatar's predicted rigs against the truth (MAE, RMSE and Pearson r per control and
 * their means, see `rigError`) beside a constant baseline rig (and, if given, a median one) on
 * the same samples, and the key controls' figures.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `input` is not an object, the vectors differ in
 *   count or length, the baseline has the wrong length, or a key control is not one of
 *   `controls`.
 * @example
 * ```ts
 * declare const controls: string[];
 * declare const predicted: Float32Array[], truth: Float32Array[], trainingRigs: Float32Array[];
 * const scores = avatarRigScores({ avatar: 'toon', controls, predicted, truth,
 *   baseline: meanRig(trainingRigs), keyControls: keyControlsOf('toon', controls) });
 * console.log(scores.model.mean.mae, scores.baseline.mean.mae, scores.key.smile?.pearson);
 * ```
 */
export function avatarRigScores(input: AvatarRigScoresInput): AvatarRigScores {
  assertObject(input, 'input');
  const { avatar, controls, predicted, truth, baseline, keyControls } = input;
  assertArgument(
    predicted?.length === truth?.length,
    `predicted and truth must hold as many samples, got ${predicted?.length} and ${truth?.length}`,
  );
  assertArgument(
    baseline?.length === controls?.length,
    `baseline has ${baseline?.length} values, expected ${controls?.length} (one per control)`,
  );
  const p: RigCurves = rigCurves(controls, predicted);
  const t: RigCurves = rigCurves(controls, truth);
  const { medianBaseline } = input;
  assertArgument(
    medianBaseline === undefined || medianBaseline?.length === controls.length,
    `medianBaseline has ${medianBaseline?.length} values, expected ${controls.length} (one per control)`,
  );
  const constant = (rig: ArrayLike<number>): RigError =>
    rigError(
      rigCurves(
        controls,
        truth.map(() => rig),
      ),
      t,
    );
  const model = rigError(p, t);
  const base = constant(baseline);
  const inputs: KeyScoreInputs = {
    avatar,
    controls,
    keyControls,
    base,
    truth: t,
    intervals: input.intervals,
  };
  const key = keyScores(inputs, model, p);
  const peers = (input.peers ?? []).map((peer) => {
    assertArgument(
      peer?.predicted?.length === truth.length,
      `peer '${peer?.name}' has ${peer?.predicted?.length} predictions, expected ${truth.length}`,
    );
    const curves = rigCurves(controls, peer.predicted);
    const error = rigError(curves, t);
    return { name: peer.name, error, key: keyScores(inputs, error, curves) };
  });
  return {
    avatar,
    samples: truth.length,
    controls: [...controls],
    model,
    baseline: base,
    medianBaseline: medianBaseline === undefined ? null : constant(medianBaseline),
    key,
    peers,
  };
}
