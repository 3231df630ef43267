import { FreeAvatarError, describeValue } from '@freeavatar/core';
import type { RigCurves } from './rig.js';
import { assertFiniteArray, assertSameLength, type NumericArray } from './validate.js';

/** A run of frames `[start, end)`. */
export interface FrameSegment {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/** Options of {@link heldSegments}. */
export interface HeldSegmentOptions {
  /** Largest frame-to-frame change that still counts as held. Default `1e-6`. */
  readonly tolerance?: number;
  /** Shortest run kept, in frames. Default 3 (the least that has a second difference). */
  readonly minLength?: number;
}

/**
 * Finds the runs of frames where the true expression is held: every given curve changes by at
 * most `tolerance` from one frame to the next.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, mismatched or non-finite curves, or bad
 *   options.
 * @example
 * ```ts
 * heldSegments([0, 0, 0, 0.5, 1, 1, 1, 1]); // [{ start: 0, end: 3 }, { start: 4, end: 8 }]
 * ```
 */
export function heldSegments(
  curves: NumericArray | readonly NumericArray[],
  options: HeldSegmentOptions = {},
): FrameSegment[] {
  const tolerance = options.tolerance ?? 1e-6;
  const minLength = options.minLength ?? 3;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `tolerance must be a finite number >= 0, got ${tolerance}`,
    );
  }
  if (!Number.isInteger(minLength) || minLength < 2) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `minLength must be an integer >= 2, got ${minLength}`,
    );
  }
  const list = asCurveList(curves);
  const n = list[0].length;
  const segments: FrameSegment[] = [];
  let start = 0;
  for (let t = 1; t <= n; t++) {
    const held = t < n && list.every((c) => Math.abs(c[t] - c[t - 1]) <= tolerance);
    if (held) continue;
    if (t - start >= minLength) segments.push({ start, end: t });
    start = t;
  }
  return segments;
}

function asCurveList(curves: NumericArray | readonly NumericArray[]): readonly NumericArray[] {
  if (typeof curves !== 'object' || curves === null || typeof curves.length !== 'number') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `curves must be a curve or a list of curves, got ${describeValue(curves)}`,
    );
  }
  const isList = curves.length > 0 && typeof curves[0] !== 'number';
  const list = isList ? (curves as readonly NumericArray[]) : [curves as NumericArray];
  list.forEach((c, i) => {
    assertFiniteArray(c, `curves[${i}]`);
    assertSameLength(c, list[0], `curves[${i}]`, 'curves[0]');
  });
  return list;
}

/**
 * Temporal jitter: the mean absolute second difference `|x[t-1] - 2 x[t] + x[t+1]|` of a curve,
 * over the frames inside the given segments (both neighbours in the same segment), or over the
 * whole curve. On segments where the true expression is held (see {@link heldSegments}) any
 * second difference in the prediction is jitter.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on non-finite values, segments out of range, or when
 *   no frame has two neighbours inside a segment.
 * @example
 * ```ts
 * temporalJitter([0, 1, 0, 1, 0]); // 2
 * temporalJitter([0, 1, 0, 1, 0, 0, 0], [{ start: 4, end: 7 }]); // 0
 * ```
 */
export function temporalJitter(curve: NumericArray, segments?: readonly FrameSegment[]): number {
  assertFiniteArray(curve, 'curve');
  const segs = segments ?? [{ start: 0, end: curve.length }];
  let sum = 0;
  let count = 0;
  segs.forEach((s, i) => {
    if (
      !Number.isInteger(s?.start) ||
      !Number.isInteger(s?.end) ||
      s.start < 0 ||
      s.end > curve.length ||
      s.start >= s.end
    ) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `segments[${i}] must be integers with 0 <= start < end <= ${curve.length}, got ${JSON.stringify(s)}`,
      );
    }
    for (let t = s.start + 1; t < s.end - 1; t++) {
      sum += Math.abs(curve[t - 1] - 2 * curve[t] + curve[t + 1]);
      count++;
    }
  });
  if (count === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'temporal jitter needs at least one segment of 3 or more frames',
    );
  }
  return sum / count;
}

/** Options of {@link curveLag} and {@link rigLag}. */
export interface LagOptions {
  /**
   * Largest offset tried, in frames, both ways. Default `floor((frames - 1) / 3)`, so that every
   * offset compares at least two thirds of the frames.
   */
  readonly maxLag?: number;
}

/** The offset at which predicted and true curves line up best. */
export interface LagResult {
  /**
   * Frames by which the prediction trails the truth: positive means the prediction is late
   * (`predicted[t] ≈ truth[t - lag]`), negative that it is early. `null` when no offset has a
   * defined correlation (a curve is constant).
   */
  readonly lag: number | null;
  /** The Pearson correlation of the overlapping frames at that offset; `null` with `lag`. */
  readonly correlation: number | null;
}

/**
 * The lag between a predicted and a true curve: the offset L that maximises the Pearson
 * correlation of `predicted[t + L]` with `truth[t]` over the frames where both exist. Using the
 * correlation of the overlap (rather than a sum normalised by the whole curves) keeps slow,
 * smooth curves from being pulled towards L = 0. Offsets where the overlap of either curve is
 * constant are skipped. Ties go to the smallest |L|, then to the positive offset.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty, mismatched or non-finite curves or a bad
 *   `maxLag`.
 * @example
 * ```ts
 * const truth = [0, 0, 1, 2, 1, 0, 0, 0];
 * const late = [0, 0, 0, 0, 1, 2, 1, 0];
 * curveLag(late, truth).lag; // 2
 * ```
 */
export function curveLag(
  predicted: NumericArray,
  truth: NumericArray,
  options: LagOptions = {},
): LagResult {
  assertFiniteArray(predicted, 'predicted');
  assertFiniteArray(truth, 'truth');
  assertSameLength(predicted, truth, 'predicted', 'truth');
  const maxLag = resolveMaxLag(options.maxLag, truth.length);
  const c = crossCorrelation(predicted, truth, maxLag);
  return c === null ? { lag: null, correlation: null } : peak(c, maxLag);
}

/** Result of {@link rigLag}. */
export interface RigLag {
  readonly perControl: Readonly<Record<string, LagResult>>;
  /** The peak of the per-offset correlation averaged over controls; `null`s if none is defined. */
  readonly pooled: LagResult;
}

/**
 * Lag per control (see {@link curveLag}) and one pooled lag: the peak of the per-offset
 * correlation averaged over the controls where it is defined.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when a control of `truth` is missing in `predicted`,
 *   curves differ in length or are non-finite, or there are no controls.
 * @example
 * ```ts
 * const r = rigLag({ jawOpen: [0, 0, 0, 1, 0, 0] }, { jawOpen: [0, 0, 1, 0, 0, 0] });
 * r.pooled.lag; // 1
 * ```
 */
export function rigLag(predicted: RigCurves, truth: RigCurves, options: LagOptions = {}): RigLag {
  const names = Object.keys(truth ?? {});
  if (names.length === 0) throw new FreeAvatarError('INVALID_ARGUMENT', 'no controls to score');
  assertFiniteArray(truth[names[0]], `truth '${names[0]}'`);
  const frames = truth[names[0]].length;
  const maxLag = resolveMaxLag(options.maxLag, frames);
  const perControl: Record<string, LagResult> = {};
  const sum = new Float64Array(2 * maxLag + 1);
  const count = new Uint32Array(2 * maxLag + 1);
  for (const name of names) {
    const p = predicted?.[name];
    if (p === undefined)
      throw new FreeAvatarError('INVALID_ARGUMENT', `predicted has no curve for control '${name}'`);
    const t = truth[name];
    assertFiniteArray(p, `predicted '${name}'`);
    assertFiniteArray(t, `truth '${name}'`);
    assertSameLength(p, t, `predicted '${name}'`, `truth '${name}'`);
    if (t.length !== frames) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `control '${name}' has ${t.length} frames, expected ${frames}`,
      );
    }
    const c = crossCorrelation(p, t, maxLag);
    if (c === null) {
      perControl[name] = { lag: null, correlation: null };
      continue;
    }
    perControl[name] = peak(c, maxLag);
    for (let i = 0; i < c.length; i++) {
      if (Number.isNaN(c[i])) continue;
      sum[i] += c[i];
      count[i]++;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : NaN;
  return { perControl, pooled: peak(sum, maxLag) };
}

function resolveMaxLag(maxLag: number | undefined, frames: number): number {
  if (maxLag === undefined) return Math.floor((frames - 1) / 3);
  if (!Number.isInteger(maxLag) || maxLag < 0 || maxLag >= frames) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `maxLag must be an integer in [0, ${frames - 1}], got ${maxLag}`,
    );
  }
  return maxLag;
}

/**
 * c[L + maxLag] = Pearson r of p[t + L] against q[t] over the overlap, for L in [-maxLag, maxLag];
 * NaN where either overlap is constant. null when every offset is NaN.
 */
function crossCorrelation(p: NumericArray, q: NumericArray, maxLag: number): Float64Array | null {
  const n = q.length;
  const out = new Float64Array(2 * maxLag + 1);
  let defined = false;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const t0 = Math.max(0, -lag);
    const t1 = Math.min(n, n - lag);
    const m = t1 - t0;
    let mp = 0;
    let mq = 0;
    for (let t = t0; t < t1; t++) {
      mp += p[t + lag];
      mq += q[t];
    }
    mp /= m;
    mq /= m;
    let cov = 0;
    let vp = 0;
    let vq = 0;
    for (let t = t0; t < t1; t++) {
      const dp = p[t + lag] - mp;
      const dq = q[t] - mq;
      cov += dp * dq;
      vp += dp * dp;
      vq += dq * dq;
    }
    const r = vp > 0 && vq > 0 ? Math.max(-1, Math.min(1, cov / Math.sqrt(vp * vq))) : NaN;
    out[lag + maxLag] = r;
    if (!Number.isNaN(r)) defined = true;
  }
  return defined ? out : null;
}

/** The offset of the largest defined value; ties to the smallest |L|, then positive. */
function peak(c: Float64Array, maxLag: number): LagResult {
  let best: number | null = null;
  for (let k = 0; k <= maxLag; k++) {
    for (const lag of k === 0 ? [0] : [k, -k]) {
      const v = c[lag + maxLag];
      if (!Number.isNaN(v) && (best === null || v > c[best + maxLag])) best = lag;
    }
  }
  return best === null
    ? { lag: null, correlation: null }
    : { lag: best, correlation: c[best + maxLag] };
}
