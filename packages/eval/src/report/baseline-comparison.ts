import { assertArgument, assertArray, assertObject } from '@freeavatar/core';
import type { Evaluation, MethodResult } from '../harness/evaluate.js';
import { pairedErrorIfKnown } from '../metrics/paired-outcomes.js';
import {
  ENCODER_METHOD_NAME,
  GEOMETRY_METHOD_NAME,
  MAE_METHOD_NAME,
} from '../harness/method-names.js';

/**
 * How a method compares with one baseline on the same triplets.
 *
 * @example
 * ```ts
 * declare const comparison: BaselineComparison;
 * const d: BaselineDifference = comparison.baselines[0];
 * console.log(`${d.baseline}: ${d.difference} points ± ${d.standardError}`);
 * ```
 */
export interface BaselineDifference {
  readonly baseline: string;
  /** The baseline's triplet accuracy; `null` when it did not run (see `reason`). */
  readonly accuracy: number | null;
  /** Method minus baseline accuracy in percentage points; `null` when either did not run. */
  readonly difference: number | null;
  /**
   * Standard error of `difference` in points, treating the two accuracies as independent
   * proportions: √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂) × 100. On the same triplets the paired error is
   * usually smaller, so this errs on the cautious side.
   */
  readonly standardError: number | null;
  /**
   * Standard error of `difference` in points from the two methods' per-triplet outcomes
   * (`pairedDifferenceError`); `null` when either did not run or has no outcomes.
   */
  readonly pairedStandardError: number | null;
  /** The baseline's identity-invariance ratio, when measured. */
  readonly identityRatio: number | null;
  /** Why the baseline has no figures. */
  readonly reason?: string;
}

/**
 * A method (by default FreeAvatar's fine-tuned embedding) against its baselines (by default the
 * stage-1 MAE features and face-mesh geometry).
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * const c: BaselineComparison | null = baselineComparison(evaluation);
 * if (c?.beatsAll === false) console.log('the embedding does not beat every baseline');
 * ```
 */
export interface BaselineComparison {
  readonly method: string;
  /** The method's triplet accuracy; `null` when it did not run (see `reason`). */
  readonly accuracy: number | null;
  readonly identityRatio: number | null;
  readonly reason?: string;
  readonly baselines: readonly BaselineDifference[];
  /**
   * `true` when the method's accuracy is above every baseline's, `false` when it is not above
   * some baseline that ran, `null` when that cannot be told (the method or a baseline did not
   * run).
   */
  readonly beatsAll: boolean | null;
}

const accuracyOf = (m: MethodResult | undefined): number | null =>
  m?.available && m.scores ? m.scores.triplets.accuracy : null;
const outcomesOf = (m: MethodResult | undefined): string | undefined =>
  m?.available ? m.scores?.triplets.outcomes : undefined;
const ratioOf = (m: MethodResult | undefined): number | null =>
  m?.available && m.scores?.invariance ? m.scores.invariance.ratio : null;
const notRun = (m: MethodResult | undefined): string =>
  m === undefined ? 'not part of this evaluation' : (m.reason ?? 'did not run');

/**
 * Compares `method`'s triplet accuracy with each of `baselines` on the same evaluation: the
 * difference in points and its standard error, and the identity-invariance ratios. Returns
 * `null` when `method` is not in the evaluation at all (e.g. a run of other methods only).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an evaluation without methods or an empty
 *   baseline list.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * const c = baselineComparison(evaluation); // encoder vs MAE features and face mesh geometry
 * console.log(c?.baselines.map((b) => `${b.baseline}: ${b.difference?.toFixed(1)} points`));
 * ```
 */
export function baselineComparison(
  evaluation: Evaluation,
  method: string = ENCODER_METHOD_NAME,
  baselines: readonly string[] = [MAE_METHOD_NAME, GEOMETRY_METHOD_NAME],
): BaselineComparison | null {
  assertArgument(
    Array.isArray(evaluation?.methods) && evaluation.methods.length > 0,
    'evaluation must have at least one method',
  );
  assertArgument(
    Array.isArray(baselines) && baselines.length > 0,
    'baselines must be a non-empty list of method names',
  );
  const find = (name: string): MethodResult | undefined =>
    evaluation.methods.find((m) => m.name === name);
  const ours = find(method);
  if (ours === undefined) return null;
  const accuracy = accuracyOf(ours);
  const n = ours.scores?.triplets.total ?? 0;
  const rows: BaselineDifference[] = baselines.map((name) => {
    const other = find(name);
    const base = accuracyOf(other);
    const m = other?.scores?.triplets.total ?? 0;
    const both = accuracy !== null && base !== null && n > 0 && m > 0;
    return {
      baseline: name,
      accuracy: base,
      difference: both ? (accuracy - base) * 100 : null,
      standardError: both
        ? Math.sqrt((accuracy * (1 - accuracy)) / n + (base * (1 - base)) / m) * 100
        : null,
      pairedStandardError: pairedErrorIfKnown(outcomesOf(ours), outcomesOf(other)),
      identityRatio: ratioOf(other),
      ...(base === null ? { reason: notRun(other) } : {}),
    };
  });
  const known = rows.filter((r) => r.difference !== null);
  const beatsAll =
    accuracy === null
      ? null
      : known.some((r) => r.difference! <= 0)
        ? false
        : known.length === rows.length
          ? true
          : null;
  return {
    method,
    accuracy,
    identityRatio: ratioOf(ours),
    ...(accuracy === null ? { reason: notRun(ours) } : {}),
    baselines: rows,
    beatsAll,
  };
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const points = (v: number): string => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(1)}`;

/**
 * The comparison in words, one Markdown paragraph: the method's accuracy, and for each baseline
 * its accuracy, the difference in points with its standard error (the paired one where both
 * methods kept per-triplet outcomes; whether the difference is within two standard errors), the
 * identity ratios, and the verdict.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `comparison` is not an object with a
 *   `baselines` list.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * const lines: string[] = [];
 * const c = baselineComparison(evaluation);
 * if (c) lines.push(baselineComparisonText(c));
 * // 'FreeAvatar encoder: 61.2% triplet accuracy, identity ratio 0.812. Against MAE features …'
 * ```
 */
export function baselineComparisonText(comparison: BaselineComparison): string {
  assertObject(comparison, 'comparison');
  assertArray(comparison.baselines, 'comparison.baselines');
  const c = comparison;
  const names = c.baselines.map((b) => b.baseline).join(' and ');
  if (c.accuracy === null) {
    return `This cannot be checked here: ${c.method} did not run (${c.reason}).`;
  }
  const ratio = (r: number | null): string =>
    r === null ? '' : `, identity ratio ${r.toFixed(3)}`;
  const parts = [`${c.method}: ${pct(c.accuracy)} triplet accuracy${ratio(c.identityRatio)}.`];
  for (const b of c.baselines) {
    if (b.difference === null) {
      parts.push(`Against ${b.baseline}: no figures (${b.reason}).`);
      continue;
    }
    const error = b.pairedStandardError ?? b.standardError!;
    const kind = b.pairedStandardError === null ? 'standard error' : 'paired standard error';
    const close = Math.abs(b.difference) < 2 * error ? ', within two standard errors' : '';
    parts.push(
      `Against ${b.baseline} (${pct(b.accuracy!)}${ratio(b.identityRatio)}): ` +
        `${points(b.difference)} points (${kind} ${error.toFixed(1)}${close}).`,
    );
  }
  const losing = c.baselines.filter((b) => b.difference !== null && b.difference <= 0);
  const every =
    c.baselines.length === 2
      ? `both ${names}`
      : c.baselines.length > 2
        ? `each of ${names}`
        : names;
  if (c.beatsAll === true) parts.push(`It beats ${every}.`);
  else if (c.beatsAll === false)
    parts.push(`It does not beat ${losing.map((b) => b.baseline).join(' or ')}.`);
  else parts.push('Not every baseline ran, so the requirement is not fully checked.');
  return parts.join(' ');
}
