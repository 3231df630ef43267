import { assertArgument, type RgbImage } from '@freeavatar/core';
import { pairedErrorIfKnown } from '../metrics/paired-outcomes.js';
import type { Evaluation } from './evaluate.js';

/**
 * One perturbation of a robustness run: what it was, and the evaluation of every method on the
 * perturbed faces (the same triplets as the clean run), or why it could not run.
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation; // of the blurred faces
 * const run: PerturbationRun = {
 *   id: 'blur',
 *   label: 'blur',
 *   description: 'Gaussian blur',
 *   evaluation,
 * };
 * ```
 */
export interface PerturbationRun {
  readonly id: string;
  /** Column header (e.g. `'yaw 30–45°'`). */
  readonly label: string;
  readonly description: string;
  /** `null` when the perturbation could not be applied to this data (see `reason`). */
  readonly evaluation: Evaluation | null;
  readonly reason?: string;
  /** Seconds for making, detecting and scoring the perturbed faces. */
  readonly seconds?: number;
  /** One perturbed face picture (the first face), for the report's examples; not serialised. */
  readonly example?: RgbImage;
}

/**
 * A method's triplet accuracy under one perturbation, and how far it fell from the clean one.
 *
 * @example
 * ```ts
 * const cell: RobustnessCell = {
 *   accuracy: 0.52, drop: 8.5, standardError: 3.5, pairedStandardError: 2.1,
 * };
 * ```
 */
export interface RobustnessCell {
  /** Triplet accuracy on the perturbed faces; `null` when the method or perturbation did not run. */
  readonly accuracy: number | null;
  /** Clean minus perturbed accuracy in percentage points (positive: worse); `null` as above. */
  readonly drop: number | null;
  /**
   * Standard error of `drop` in points, the two accuracies taken as independent proportions
   * over their triplets: an upper estimate, since both runs score the same triplets; `null` as
   * above.
   */
  readonly standardError: number | null;
  /**
   * Standard error of `drop` in points from the two runs' per-triplet outcomes
   * (`pairedDifferenceError`): triplets ordered alike clean and perturbed add nothing, so it is
   * the error that tells two drops, or a drop and a target, apart. `null` as above, or when either
   * run has no outcomes (results written before they were kept).
   */
  readonly pairedStandardError: number | null;
}

/**
 * One method's row of the robustness table.
 *
 * @example
 * ```ts
 * const row: RobustnessRow = {
 *   method: 'kalidokit',
 *   clean: 0.408,
 *   perturbed: {
 *     blur: { accuracy: 0.38, drop: 2.8, standardError: 3.4, pairedStandardError: 2.2 },
 *   },
 * };
 * ```
 */
export interface RobustnessRow {
  readonly method: string;
  /** Triplet accuracy on the clean faces; `null` when the method did not run. */
  readonly clean: number | null;
  /** By perturbation id. */
  readonly perturbed: Readonly<Record<string, RobustnessCell>>;
}

/** A method's triplet accuracy and triplet count in an evaluation, or `null` if it did not run. */
function scoreOf(
  evaluation: Evaluation | null,
  method: string,
): { accuracy: number; total: number; outcomes?: string } | null {
  const m = evaluation?.methods.find((r) => r.name === method);
  if (!m?.available || !m.scores) return null;
  const { accuracy, total, outcomes } = m.scores.triplets;
  return { accuracy, total, outcomes };
}

/** Binomial variance of an accuracy over its triplets. */
function variance(s: { accuracy: number; total: number }): number {
  return (s.accuracy * (1 - s.accuracy)) / s.total;
}

/**
 * The robustness table: for each method of the clean evaluation (in its order), the clean
 * triplet accuracy and, per perturbation, the accuracy on the perturbed faces and the drop in
 * percentage points (clean − perturbed, × 100) with its standard errors. Methods are matched by
 * name; a method that did not run, or a perturbation that could not, gives `null`s.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `clean` has no methods, `runs` is not a list
 *   or two runs share an id.
 * @example
 * ```ts
 * declare const evaluation: Evaluation; // of the clean faces
 * declare const runs: PerturbationRun[];
 * const rows = robustnessRows(evaluation, runs);
 * console.log(rows[0].method, rows[0].perturbed.blur.drop); // 'face mesh geometry', 3.1
 * ```
 */
export function robustnessRows(
  clean: Evaluation,
  runs: readonly PerturbationRun[],
): RobustnessRow[] {
  assertArgument(
    Array.isArray(clean?.methods) && clean.methods.length > 0,
    'clean must be an evaluation with at least one method',
  );
  assertArgument(
    Array.isArray(runs),
    `runs must be a list of perturbation runs, got ${String(runs)}`,
  );
  const ids = runs.map((r) => r.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  assertArgument(repeated === undefined, `runs must have distinct ids, '${repeated}' repeats`);
  return clean.methods.map((m) => {
    const base = scoreOf(clean, m.name);
    const perturbed: Record<string, RobustnessCell> = {};
    for (const run of runs) {
      const changed = base === null ? null : scoreOf(run.evaluation, m.name);
      perturbed[run.id] =
        base === null || changed === null
          ? { accuracy: null, drop: null, standardError: null, pairedStandardError: null }
          : {
              accuracy: changed.accuracy,
              drop: (base.accuracy - changed.accuracy) * 100,
              standardError: Math.sqrt(variance(base) + variance(changed)) * 100,
              pairedStandardError: pairedErrorIfKnown(base.outcomes, changed.outcomes),
            };
    }
    return { method: m.name, clean: base?.accuracy ?? null, perturbed };
  });
}
