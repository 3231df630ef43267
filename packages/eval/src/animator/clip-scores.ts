import { assertArgument, assertArray, assertObject } from '@freeavatar/core';
import { heldSegments, rigLag, temporalJitter, type FrameSegment } from '../metrics/temporal.js';
import { avatarRigScores, rigCurves, type AvatarRigScores } from './rig-scores.js';
import type { KeyControlSlot } from './key-controls.js';

/**
 * Inputs of {@link clipAvatarScores}: one avatar's curves over a clip.
 *
 * @example
 * ```ts
 * declare const rigs: ClipAvatarRigs; // one avatar of `clipRigs`
 * declare const baseline: Float32Array; // its training mean rig
 * const keyControls = keyControlsOf(rigs.avatar, rigs.controls);
 * const input: ClipScoresInput = { ...rigs, baseline, keyControls };
 * ```
 */
export interface ClipScoresInput {
  readonly avatar: string;
  readonly controls: readonly string[];
  /** Predicted rig per frame without smoothing. */
  readonly raw: readonly ArrayLike<number>[];
  /** Predicted rig per frame with smoothing. */
  readonly smoothed: readonly ArrayLike<number>[];
  /** True rig per frame. */
  readonly truth: readonly ArrayLike<number>[];
  /** Predicted rig per frame with neutral calibration and smoothing, when it ran. */
  readonly calibrated?: readonly ArrayLike<number>[] | null;
  /** The constant baseline rig (the training mean). */
  readonly baseline: ArrayLike<number>;
  /** A second constant baseline rig, the training median (optional). */
  readonly medianBaseline?: ArrayLike<number>;
  readonly keyControls: Readonly<Record<KeyControlSlot, string | null>>;
}

/** Temporal jitter (mean |second difference|, averaged over controls) of three curve sets. */
export interface ClipJitter {
  readonly raw: number;
  readonly smoothed: number;
  readonly truth: number;
  /** Frames inside the segments it was measured on. */
  readonly frames: number;
  /** `'held'`: segments where the true rig is constant; `'all'`: the whole clip (none held). */
  readonly over: 'held' | 'all';
}

/** Clip figures of one avatar. */
export interface ClipAvatarScores {
  readonly avatar: string;
  /** Raw predictions against the truth (with the mean-rig baseline). */
  readonly raw: AvatarRigScores;
  /** Smoothed predictions against the truth. */
  readonly smoothed: AvatarRigScores;
  /** Calibrated and smoothed predictions against the truth; `null` when none were given. */
  readonly calibrated: AvatarRigScores | null;
  readonly jitter: ClipJitter;
  /**
   * Pooled lag in frames (positive: the prediction is late), raw and smoothed; `null` if
   * undefined.
   */
  readonly lag: { readonly raw: number | null; readonly smoothed: number | null };
}

function meanJitter(
  curves: Record<string, Float32Array>,
  segments: readonly FrameSegment[] | undefined,
): number {
  const names = Object.keys(curves);
  return names.reduce((s, n) => s + temporalJitter(curves[n], segments), 0) / names.length;
}

/**
 * Scores one avatar's clip curves: rig error (raw and smoothed, each beside the mean-rig
 * baseline), temporal jitter of raw, smoothed and true curves on the segments where the true
 * rig is held (all controls constant for 3+ frames; the whole clip when there are none), and
 * the pooled lag between prediction and truth.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `input` is not an object, `input.truth` is not
 *   an array, the curve sets differ in length, a vector has the wrong size, or the clip is shorter
 *   than 3 frames.
 * @example
 * ```ts
 * declare const clip: ClipRigs;
 * const { avatar, controls, raw, smoothed, truth } = clip.avatars[0];
 * const baseline = trainingMeanRigs({ avatars: [avatar], count: 256, seed: 7 })[avatar];
 * const keyControls = keyControlsOf(avatar, controls);
 * const s = clipAvatarScores({ avatar, controls, raw, smoothed, truth, baseline, keyControls });
 * console.log(s.jitter.raw, s.jitter.smoothed, s.smoothed.model.mean.mae);
 * ```
 */
export function clipAvatarScores(input: ClipScoresInput): ClipAvatarScores {
  assertObject(input, 'input');
  assertArray(input.truth, 'input.truth');
  const { avatar, controls, raw, smoothed, truth, baseline, keyControls } = input;
  const calibrated = input.calibrated ?? null;
  assertArgument(
    raw?.length === truth?.length && smoothed?.length === truth?.length,
    `raw, smoothed and truth must have as many frames, got ${raw?.length}, ${smoothed?.length} and ${truth?.length}`,
  );
  assertArgument(
    calibrated === null || calibrated.length === truth.length,
    `calibrated must have as many frames as truth (${truth.length}), got ${calibrated?.length}`,
  );
  assertArgument(truth.length >= 3, `a clip needs at least 3 frames, got ${truth.length}`);
  const common = {
    avatar,
    controls,
    truth,
    baseline,
    keyControls,
    ...(input.medianBaseline === undefined ? {} : { medianBaseline: input.medianBaseline }),
  };
  const rawScores = avatarRigScores({ ...common, predicted: raw });
  const smoothScores = avatarRigScores({ ...common, predicted: smoothed });
  const r = rigCurves(controls, raw);
  const s = rigCurves(controls, smoothed);
  const t = rigCurves(controls, truth);
  const held = heldSegments(Object.values(t), { tolerance: 1e-4 });
  const segments = held.length > 0 ? held : undefined;
  const frames =
    segments === undefined ? truth.length : held.reduce((n, g) => n + g.end - g.start, 0);
  const jitter: ClipJitter = {
    raw: meanJitter(r, segments),
    smoothed: meanJitter(s, segments),
    truth: meanJitter(t, segments),
    frames,
    over: segments === undefined ? 'all' : 'held',
  };
  return {
    avatar,
    raw: rawScores,
    smoothed: smoothScores,
    calibrated: calibrated === null ? null : avatarRigScores({ ...common, predicted: calibrated }),
    jitter,
    lag: { raw: rigLag(r, t).pooled.lag, smoothed: rigLag(s, t).pooled.lag },
  };
}
