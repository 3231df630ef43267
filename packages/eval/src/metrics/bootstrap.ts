import { assertArgument, createRng } from '@freeavatar/core';
import { pearsonCorrelation } from './rig.js';
import type { NumericArray } from './validate.js';

/** Options of {@link pearsonInterval}. */
export interface IntervalOptions {
  /** Bootstrap resamples, 100–100000 (default 1000). */
  readonly resamples?: number;
  /** Coverage of the interval, 0.5–0.999 (default 0.95). */
  readonly level?: number;
  /** Seed of the resampling, so the same samples give the same interval (default 1). */
  readonly seed?: number;
}

/** A confidence interval and its coverage. */
export interface ConfidenceInterval {
  readonly low: number;
  readonly high: number;
  /** The share of resamples between `low` and `high`, e.g. 0.95. */
  readonly level: number;
}

/** The series minus its mean, in doubles. */
function centred(x: NumericArray): Float64Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  return Float64Array.from(x, (v) => v - mean);
}

/** Pearson r of the samples `pick` draws, or `null` when either side comes out constant. */
function resampledPearson(a: NumericArray, b: NumericArray, pick: () => number): number | null {
  const n = a.length;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const j = pick();
    const x = a[j];
    const y = b[j];
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const va = n * saa - sa * sa;
  const vb = n * sbb - sb * sb;
  if (!(va > 1e-12 * n * n && vb > 1e-12 * n * n)) return null;
  return Math.max(-1, Math.min(1, (n * sab - sa * sb) / Math.sqrt(va * vb)));
}

/**
 * A percentile-bootstrap confidence interval of the Pearson correlation of two paired series:
 * the pairs are drawn with replacement `resamples` times, and the interval holds the middle
 * `level` share of the resampled correlations. It tells how far the r of another draw of as many
 * independent samples could fall; pairs that are not independent (the frames of one video) make
 * it too narrow. `null` when the correlation itself is undefined (a constant series), there are
 * fewer than 3 pairs, or most resamples come out constant (a control that moves on a few
 * samples only).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on mismatched or non-finite series, or options out
 *   of range.
 * @example
 * ```ts
 * declare const predicted: number[];
 * declare const truth: number[];
 * const ci = pearsonInterval(predicted, truth, { resamples: 1000, seed: 1 });
 * if (ci !== null) console.log(`r in ${ci.low.toFixed(3)}–${ci.high.toFixed(3)} (95%)`);
 * ```
 */
export function pearsonInterval(
  a: NumericArray,
  b: NumericArray,
  options: IntervalOptions = {},
): ConfidenceInterval | null {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  assertArgument(
    Number.isInteger(resamples) && resamples >= 100 && resamples <= 100_000,
    `resamples must be an integer in 100..100000, got ${resamples}`,
  );
  assertArgument(
    typeof level === 'number' && level >= 0.5 && level <= 0.999,
    `level must be a number in 0.5..0.999, got ${level}`,
  );
  assertArgument(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
    `seed must be an integer in 0..4294967295, got ${seed}`,
  );
  if (pearsonCorrelation(a, b) === null || a.length < 3) return null;
  const rng = createRng(seed);
  const n = a.length;
  const pick = () => rng.int(n);
  // Centred once, so the resamples' sums of squares do not cancel for series far from zero.
  const [ca, cb] = [centred(a), centred(b)];
  const rs: number[] = [];
  for (let k = 0; k < resamples; k++) {
    const r = resampledPearson(ca, cb, pick);
    if (r !== null) rs.push(r);
  }
  if (rs.length < resamples / 2) return null;
  rs.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  const at = (q: number) => rs[Math.min(rs.length - 1, Math.max(0, Math.floor(q * rs.length)))];
  return { low: at(tail), high: at(1 - tail), level };
}
