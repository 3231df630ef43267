import { assertArgument } from '@freeavatar/core';

/** Outcomes of one method on a set of triplets: one character per triplet, `'1'` or `'0'`. */
const OUTCOMES = /^[01]*$/;

/**
 * The standard error, in percentage points, of the difference between two accuracies measured
 * on the same items: the standard error of the mean of the per-item differences (`a[i] − b[i]`,
 * each −1, 0 or 1), with the sample variance (n − 1). Items both runs get right, or both wrong,
 * add nothing to it, so it is smaller than the error of two independent accuracies whenever the
 * runs agree more often than chance would have them; this is what tells a drop of 5 points on
 * 400 triplets from one of 9.
 *
 * Each argument holds one character per item, `'1'` for right and `'0'` for wrong, as
 * `TripletScores.outcomes` does.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` unless both are strings of `0`s and `1`s of one
 *   length, at least 2.
 * @example
 * ```ts
 * pairedDifferenceError('1101', '1001'); // 25: one item of four changed
 * ```
 */
export function pairedDifferenceError(a: string, b: string): number {
  assertArgument(
    typeof a === 'string' && OUTCOMES.test(a),
    `a must be a string of 0s and 1s (one per item), got ${describe(a)}`,
  );
  assertArgument(
    typeof b === 'string' && OUTCOMES.test(b),
    `b must be a string of 0s and 1s (one per item), got ${describe(b)}`,
  );
  assertArgument(
    a.length === b.length,
    `a and b must score the same items, got ${a.length} and ${b.length} outcomes`,
  );
  const n = a.length;
  assertArgument(n >= 2, `a standard error needs at least 2 items, got ${n}`);
  let sum = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const d = (a.charCodeAt(i) - b.charCodeAt(i)) as -1 | 0 | 1;
    sum += d;
    if (d !== 0) changed++;
  }
  const mean = sum / n;
  // Each difference is −1, 0 or 1, so the sum of their squares is the count of changed items.
  const variance = (changed - n * mean * mean) / (n - 1);
  return Math.sqrt(Math.max(0, variance) / n) * 100;
}

/**
 * {@link pairedDifferenceError} of two runs' outcomes where both kept them for the same items
 * (at least 2); `null` otherwise (a run that did not happen, or results written before
 * per-item outcomes were kept).
 *
 * @example
 * ```ts
 * declare const clean: TripletScores;
 * declare const perturbed: TripletScores;
 * pairedErrorIfKnown(clean.outcomes, perturbed.outcomes); // number | null
 * ```
 */
export function pairedErrorIfKnown(a?: string, b?: string): number | null {
  return a !== undefined && b !== undefined && a.length === b.length && a.length >= 2
    ? pairedDifferenceError(a, b)
    : null;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const bad = value.match(/[^01]/);
  return bad ? `'${bad[0]}' at ${bad.index}` : `${value.length} characters`;
}
