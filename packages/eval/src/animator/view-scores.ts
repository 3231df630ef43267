import { assertArgument, assertArray, assertObject } from '@freeavatar/core';
import { OCCLUDER_KINDS } from '@freeavatar/synth';
import {
  pearsonInterval,
  type ConfidenceInterval,
  type IntervalOptions,
} from '../metrics/bootstrap.js';
import { pearsonCorrelation } from '../metrics/rig.js';
import type { FaceView } from '../harness/triplet-set.js';
import { WIDE_YAW_DEGREES } from '../harness/view-accuracy.js';
import { markdownTable, type MetricColumn, type ResultRow } from '../report/markdown.js';
import { KEY_CONTROL_SLOTS, type KeyControlSlot } from './key-controls.js';

/**
 * How an actor was seen (the same as a triplet face's `FaceView`): the head's yaw and what, if
 * anything, covered part of the face.
 *
 * @example
 * ```ts
 * const view: ActorView = { yaw: -34.5, occluder: 'hand' };
 * ```
 */
export type ActorView = FaceView;

/**
 * A subset of actors by how they were seen.
 *
 * @example
 * ```ts
 * const clear = VIEW_SUBSETS.find((s) => s.id === 'clear')!;
 * clear.includes({ yaw: 12, occluder: null }); // true
 * ```
 */
export interface ViewSubset {
  readonly id: string;
  /** Row label in reports. */
  readonly label: string;
  readonly includes: (view: ActorView) => boolean;
}

/**
 * The subsets {@link keyControlsByView} scores, in report order: every actor; clear views (no
 * occluder, |yaw| under {@link WIDE_YAW_DEGREES}); no occluder at any yaw; wide yaw; and one
 * subset per occluder kind.
 *
 * @example
 * ```ts
 * VIEW_SUBSETS.map((s) => s.id);
 * // ['all', 'clear', 'uncovered', 'wide-yaw', 'hand', 'microphone', 'hair']
 * ```
 */
export const VIEW_SUBSETS: readonly ViewSubset[] = [
  { id: 'all', label: 'all actors', includes: () => true },
  {
    id: 'clear',
    label: `clear view (no occluder, |yaw| < ${WIDE_YAW_DEGREES}°)`,
    includes: (v) => v.occluder === null && Math.abs(v.yaw) < WIDE_YAW_DEGREES,
  },
  { id: 'uncovered', label: 'no occluder', includes: (v) => v.occluder === null },
  {
    id: 'wide-yaw',
    label: `|yaw| ≥ ${WIDE_YAW_DEGREES}°`,
    includes: (v) => Math.abs(v.yaw) >= WIDE_YAW_DEGREES,
  },
  ...OCCLUDER_KINDS.map((kind) => ({
    id: kind,
    label: `${kind} over the face`,
    includes: (v: ActorView) => v.occluder === kind,
  })),
];

/** One key control's r on a subset of actors. */
export interface ViewKeyScore {
  readonly control: string;
  /** Pearson r of predicted and true values; `null` when either is constant on the subset. */
  readonly pearson: number | null;
  /** Bootstrap interval of `pearson`, when asked for and defined; else `null`. */
  readonly pearsonInterval: ConfidenceInterval | null;
}

/** The key controls' r on one subset of actors. */
export interface ViewKeyScores {
  /** The subset's id and label (see {@link VIEW_SUBSETS}). */
  readonly id: string;
  readonly label: string;
  /** Actors in the subset. */
  readonly actors: number;
  /** Per key slot; `null` where the avatar has no such control or the subset is too small. */
  readonly key: Readonly<Record<KeyControlSlot, ViewKeyScore | null>>;
}

/**
 * Inputs of {@link keyControlsByView}.
 *
 * @example
 * ```ts
 * declare const held: HeldOutRigs;
 * const { avatar, controls, predicted, truth } = held.avatars[0];
 * const keyControls = keyControlsOf(avatar, controls);
 * const input: ViewScoresInput = { controls, predicted, truth, views: held.views, keyControls };
 * ```
 */
export interface ViewScoresInput {
  /** The avatar's control names, the order of every vector. */
  readonly controls: readonly string[];
  /** Predicted rig vectors, one per actor. */
  readonly predicted: readonly ArrayLike<number>[];
  /** True rig vectors of the same actors. */
  readonly truth: readonly ArrayLike<number>[];
  /** How each actor was seen, in the same order. */
  readonly views: readonly ActorView[];
  /** The control of each key slot (see `keyControlsOf`). */
  readonly keyControls: Readonly<Record<KeyControlSlot, string | null>>;
  /** Bootstrap intervals of each r with these options (see `pearsonInterval`); default none. */
  readonly intervals?: IntervalOptions;
  /** Subsets with fewer actors get no figures (default 20, at least 3). */
  readonly minActors?: number;
  /** Subsets to score (default {@link VIEW_SUBSETS}). */
  readonly subsets?: readonly ViewSubset[];
}

/**
 * The key controls' Pearson r on subsets of the actors by how they were seen: clear views,
 * wide yaw, each occluder. It tells where a model's error comes from, e.g. a blink that
 * tracks well until a hand covers the eye.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `input` is not an object, predicted, truth and
 *   views differ in count, a vector has the wrong length, a key control is not one of `controls`,
 *   or `minActors` is bad.
 * @example
 * ```ts
 * declare const held: HeldOutRigs;
 * const { avatar, controls, predicted, truth } = held.avatars[0];
 * const rows = keyControlsByView({ controls, predicted, truth, views: held.views,
 *   keyControls: keyControlsOf(avatar, controls) });
 * console.log(rows.find((r) => r.id === 'clear')?.key.blink?.pearson);
 * ```
 */
export function keyControlsByView(input: ViewScoresInput): ViewKeyScores[] {
  assertObject(input, 'input');
  const { controls, predicted, truth, views, keyControls, intervals } = input;
  const minActors = input.minActors ?? 20;
  assertArgument(
    Array.isArray(controls) && controls.length > 0,
    'controls must be a non-empty list of control names',
  );
  assertArgument(
    Array.isArray(predicted) &&
      Array.isArray(truth) &&
      Array.isArray(views) &&
      predicted.length === truth.length &&
      truth.length === views.length,
    `predicted, truth and views must hold one entry per actor, got ${predicted?.length}, ${truth?.length} and ${views?.length}`,
  );
  assertArgument(
    Number.isInteger(minActors) && minActors >= 3,
    `minActors must be an integer ≥ 3, got ${minActors}`,
  );
  [predicted, truth].forEach((vectors, side) =>
    vectors.forEach((v, i) =>
      assertArgument(
        v?.length === controls.length,
        `${side === 0 ? 'predicted' : 'truth'}[${i}] has ${v?.length} values, expected ${controls.length}`,
      ),
    ),
  );
  const columns = KEY_CONTROL_SLOTS.map((slot) => {
    const control = keyControls?.[slot] ?? null;
    if (control === null) return null;
    const c = controls.indexOf(control);
    assertArgument(c >= 0, `key control '${control}' (${slot}) is not one of the controls`);
    return { control, c };
  });
  return (input.subsets ?? VIEW_SUBSETS).map((subset) => {
    const members = views.flatMap((v, i) => (subset.includes(v) ? [i] : []));
    const key = {} as Record<KeyControlSlot, ViewKeyScore | null>;
    KEY_CONTROL_SLOTS.forEach((slot, k) => {
      const column = columns[k];
      if (column === null || members.length < minActors) {
        key[slot] = null;
        return;
      }
      const p = Float64Array.from(members, (i) => predicted[i][column.c]);
      const t = Float64Array.from(members, (i) => truth[i][column.c]);
      key[slot] = {
        control: column.control,
        pearson: pearsonCorrelation(p, t),
        pearsonInterval: intervals === undefined ? null : pearsonInterval(p, t, intervals),
      };
    });
    return { id: subset.id, label: subset.label, actors: members.length, key };
  });
}

/**
 * A Markdown table of {@link keyControlsByView}'s scores for several avatars: a row per avatar
 * and subset, the actors in it and each key control's r ("—" where undefined).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `byAvatar` is empty.
 * @example
 * ```ts
 * declare const input: ViewScoresInput;
 * const table = viewKeyTable([{ avatar: 'human', rows: keyControlsByView(input) }]);
 * ```
 */
export function viewKeyTable(
  byAvatar: readonly { readonly avatar: string; readonly rows: readonly ViewKeyScores[] }[],
): string {
  assertArgument(
    Array.isArray(byAvatar) && byAvatar.length > 0,
    'byAvatar must list at least one avatar',
  );
  const table: ResultRow[] = byAvatar.flatMap(({ avatar, rows }) =>
    rows.map((r: ViewKeyScores) => ({
      method: `${avatar}: ${r.label}`,
      values: {
        actors: r.actors,
        ...Object.fromEntries(KEY_CONTROL_SLOTS.map((slot) => [slot, r.key[slot]?.pearson])),
      },
    })),
  );
  const columns: MetricColumn[] = [
    { key: 'actors', digits: 0 },
    ...KEY_CONTROL_SLOTS.map((slot) => ({ key: slot, digits: 3 })),
  ];
  return markdownTable(table, columns, {
    methodHeader: 'avatar: actors seen',
    highlightBest: false,
  });
}

const withInterval = (s: ViewKeyScore | null): string | null =>
  s?.pearson == null
    ? null
    : s.pearsonInterval === null
      ? s.pearson.toFixed(3)
      : `${s.pearson.toFixed(3)} (${s.pearsonInterval.low.toFixed(3)}–${s.pearsonInterval.high.toFixed(3)})`;

/**
 * The report section of {@link keyControlsByView}'s scores (Markdown lines): what the subsets
 * are, the table of {@link viewKeyTable}, and each avatar's clear-view r with its interval.
 * Empty when no avatar has scores.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `byAvatar` is not an object of arrays.
 * @example
 * ```ts
 * declare const input: ViewScoresInput;
 * const lines: string[] = [];
 * lines.push(...viewKeySection({ human: keyControlsByView(input) }));
 * ```
 */
export function viewKeySection(
  byAvatar: Readonly<Record<string, readonly ViewKeyScores[]>>,
): string[] {
  assertObject(byAvatar, 'byAvatar');
  for (const [avatar, rows] of Object.entries(byAvatar)) assertArray(rows, `byAvatar.${avatar}`);
  const avatars = Object.entries(byAvatar).filter(([, rows]) => rows.length > 0);
  if (avatars.length === 0) return [];
  const out = [
    '### Key controls by how the actor was seen',
    '',
    'The same held-out actors, split by the head’s yaw and by what covers part of the face ' +
      '(synth draws an occluder for about one face in five and turns some heads beyond ' +
      `${WIDE_YAW_DEGREES}°). Pearson r per subset; "—": fewer than 20 actors, or the control ` +
      'is constant there.',
    '',
    viewKeyTable(avatars.map(([avatar, rows]) => ({ avatar, rows }))),
  ];
  const clear = avatars.flatMap(([avatar, rows]) => {
    const row = rows.find((r) => r.id === 'clear');
    if (row === undefined) return [];
    const cells = KEY_CONTROL_SLOTS.flatMap((slot) => {
      const text = withInterval(row.key[slot]);
      return text === null ? [] : [`${slot} ${text}`];
    });
    return cells.length === 0 ? [] : [`- ${avatar} (${row.actors} actors): ${cells.join(', ')}`];
  });
  if (clear.length > 0) {
    out.push('On clear views, r with its 95% bootstrap interval:', '', ...clear, '');
  }
  return out;
}
