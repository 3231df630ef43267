import { assertArgument } from '@freeavatar/core';
import { assertEvaluationShape, type Evaluation } from './evaluate.js';
import { assertTripletSetShape, type FaceView, type TripletSet } from './triplet-set.js';

/** Yaw, in degrees either way, from which a face counts as turned away. */
export const WIDE_YAW_DEGREES = 30;

/**
 * A subset of triplets by how their three faces were seen.
 *
 * @example
 * ```ts
 * const faces: FaceView[] = [
 *   { yaw: 3, occluder: null },
 *   { yaw: -12, occluder: null },
 *   { yaw: 20, occluder: null },
 * ];
 * TRIPLET_VIEW_SUBSETS[1].includes(faces); // true: every face in clear view
 * ```
 */
export interface TripletViewSubset {
  readonly id: string;
  readonly label: string;
  readonly includes: (faces: readonly FaceView[]) => boolean;
}

/**
 * The subsets {@link tripletAccuracyByView} scores: every triplet; those whose three faces are
 * all clearly seen (no occluder, |yaw| under 30°); those with a covered face; those with a face
 * turned 30° or more.
 *
 * @example
 * ```ts
 * TRIPLET_VIEW_SUBSETS.map((s) => s.id); // ['all', 'clear', 'occluded', 'wide-yaw']
 * ```
 */
export const TRIPLET_VIEW_SUBSETS: readonly TripletViewSubset[] = [
  { id: 'all', label: 'all triplets', includes: () => true },
  {
    id: 'clear',
    label: `every face clear (no occluder, |yaw| < ${WIDE_YAW_DEGREES}°)`,
    includes: (faces) =>
      faces.every((f) => f.occluder === null && Math.abs(f.yaw) < WIDE_YAW_DEGREES),
  },
  {
    id: 'occluded',
    label: 'a face covered',
    includes: (faces) => faces.some((f) => f.occluder !== null),
  },
  {
    id: 'wide-yaw',
    label: `a face at |yaw| ≥ ${WIDE_YAW_DEGREES}°`,
    includes: (faces) => faces.some((f) => Math.abs(f.yaw) >= WIDE_YAW_DEGREES),
  },
];

/** One method's triplet accuracy on each subset. */
export interface ViewAccuracyRow {
  readonly method: string;
  /** By subset id; `null` when the method did not run or kept no per-triplet outcomes. */
  readonly accuracy: Readonly<Record<string, number | null>>;
}

/** The triplets of each subset, and every method's accuracy on them. */
export interface ViewAccuracy {
  readonly subsets: readonly {
    readonly id: string;
    readonly label: string;
    readonly triplets: number;
  }[];
  readonly rows: readonly ViewAccuracyRow[];
}

/**
 * Every method's triplet accuracy on subsets of the triplets by how their faces were seen
 * ({@link TRIPLET_VIEW_SUBSETS}), from the methods' per-triplet outcomes. `null` when some face
 * of the set has no `view` (e.g. an FEC-format data set).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `set` or `evaluation` is not an object with
 *   its lists, or the evaluation scored another number of triplets than the set has.
 * @example
 * ```ts
 * declare const set: TripletSet;
 * declare const evaluation: Evaluation;
 * const byView = tripletAccuracyByView(set, evaluation);
 * console.log(byView?.rows[0].accuracy.clear);
 * ```
 */
export function tripletAccuracyByView(
  set: TripletSet,
  evaluation: Evaluation,
  subsets: readonly TripletViewSubset[] = TRIPLET_VIEW_SUBSETS,
): ViewAccuracy | null {
  assertTripletSetShape(set, 'set');
  assertEvaluationShape(evaluation, 'evaluation');
  if (!set.faces.every((f) => f.view !== undefined)) return null;
  const members = subsets.map((subset) =>
    set.triplets.flatMap((t, i) =>
      subset.includes([t.anchor, t.positive, t.negative].map((f) => set.faces[f].view!)) ? [i] : [],
    ),
  );
  const rows = evaluation.methods.map((m) => {
    const outcomes = m.available ? m.scores?.triplets.outcomes : undefined;
    assertArgument(
      outcomes === undefined || outcomes.length === set.triplets.length,
      `${m.name} has ${outcomes?.length} triplet outcomes, the set ${set.triplets.length} triplets`,
    );
    return {
      method: m.name,
      accuracy: Object.fromEntries(
        subsets.map((subset, k) => {
          const index = members[k];
          if (outcomes === undefined || index.length === 0) return [subset.id, null];
          return [subset.id, index.filter((i) => outcomes[i] === '1').length / index.length];
        }),
      ),
    };
  });
  return {
    subsets: subsets.map((s, k) => ({ id: s.id, label: s.label, triplets: members[k].length })),
    rows,
  };
}
