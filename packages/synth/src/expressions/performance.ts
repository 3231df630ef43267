/**
 * Scripted performances: timed ARKit keyframes, interpolated to any time, and a sampler that
 * writes plausible scripts (holds, transitions, blinks) for video-like sequences.
 */
import { assertArgument, assertObject, type Rng } from '@freeavatar/core';
import { assertRng } from '../arguments.js';
import {
  ARKIT_BLENDSHAPE_COUNT,
  blendshapeIndex,
  toWeightVector,
  type BlendshapeWeights,
} from '../blendshapes/arkit.js';
import { sampleExpression, type ExpressionSamplerOptions } from './sampler.js';

/**
 * A keyframe: ARKit weights reached at `timeMs`.
 *
 * @example
 * ```ts
 * const key: ExpressionKeyframe = { timeMs: 500, weights: { jawOpen: 0.4 } };
 * ```
 */
export interface ExpressionKeyframe {
  timeMs: number;
  weights: BlendshapeWeights;
}

/**
 * How weights move between keyframes.
 *
 * @example
 * ```ts
 * declare const keyframes: ExpressionKeyframe[];
 * const easing: PerformanceEasing = 'linear';
 * const p = createPerformance(keyframes, { easing });
 * ```
 */
export type PerformanceEasing = 'linear' | 'smooth';

/**
 * A performance ready to evaluate at any time.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * declare function render(weights: Float32Array): void;
 * const p: Performance = createPerformance(samplePerformance(createRng(2)));
 * for (let t = 0; t <= p.durationMs; t += 40) render(p.at(t));
 * ```
 */
export interface Performance {
  /** Time of the last keyframe. */
  readonly durationMs: number;
  /** Keyframe times, ascending. */
  readonly times: readonly number[];
  /**
   * Weights at `timeMs` (held at the first / last keyframe outside the script), written into
   * `out` when given.
   */
  at(timeMs: number, out?: Float32Array): Float32Array;
}

/**
 * Compiles keyframes into a {@link Performance}. Keyframe times must be finite and strictly
 * increasing; `smooth` easing (default) uses a smoothstep between keyframes, so motion starts
 * and stops gently.
 *
 * @throws FreeAvatarError for no keyframes, unordered times or bad weights.
 * @example
 * ```ts
 * import { createPerformance } from '@freeavatar/synth';
 * const p = createPerformance([
 *   { timeMs: 0, weights: {} },
 *   { timeMs: 400, weights: { jawOpen: 0.6 } },
 *   { timeMs: 900, weights: { mouthSmileLeft: 0.7, mouthSmileRight: 0.7 } },
 * ]);
 * const w = p.at(250);
 * ```
 */
export function createPerformance(
  keyframes: readonly ExpressionKeyframe[],
  options: { easing?: PerformanceEasing } = {},
): Performance {
  assertArgument(
    Array.isArray(keyframes) && keyframes.length > 0,
    'a performance needs at least one keyframe',
  );
  const easing = options.easing ?? 'smooth';
  assertArgument(
    easing === 'linear' || easing === 'smooth',
    `easing must be 'linear' or 'smooth', got ${String(easing)}`,
  );
  const times = keyframes.map((k, i) => {
    assertArgument(
      Number.isFinite(k.timeMs),
      `keyframe ${i} timeMs must be finite, got ${k.timeMs}`,
    );
    if (i > 0) {
      assertArgument(
        k.timeMs > keyframes[i - 1].timeMs,
        `keyframe times must increase strictly: keyframe ${i} at ${k.timeMs} ms follows ${keyframes[i - 1].timeMs} ms`,
      );
    }
    return k.timeMs;
  });
  const vectors = keyframes.map((k) => toWeightVector(k.weights));
  return {
    durationMs: times[times.length - 1],
    times,
    at(timeMs, out = new Float32Array(ARKIT_BLENDSHAPE_COUNT)) {
      assertArgument(Number.isFinite(timeMs), `timeMs must be finite, got ${timeMs}`);
      assertArgument(
        out.length === ARKIT_BLENDSHAPE_COUNT,
        `out must have length 52, got ${out.length}`,
      );
      if (timeMs <= times[0]) {
        out.set(vectors[0]);
        return out;
      }
      if (timeMs >= times[times.length - 1]) {
        out.set(vectors[vectors.length - 1]);
        return out;
      }
      let lo = 0;
      let hi = times.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (times[mid] <= timeMs) lo = mid;
        else hi = mid;
      }
      let t = (timeMs - times[lo]) / (times[hi] - times[lo]);
      if (easing === 'smooth') t = t * t * (3 - 2 * t);
      const a = vectors[lo];
      const b = vectors[hi];
      for (let i = 0; i < ARKIT_BLENDSHAPE_COUNT; i++) out[i] = a[i] + (b[i] - a[i]) * t;
      return out;
    },
  };
}

/**
 * Weights of a keyframe script at one time; shorthand for `createPerformance(keyframes).at(t)`.
 *
 * @example
 * ```ts
 * const w = weightsAt([{ timeMs: 0, weights: {} }, { timeMs: 1000, weights: { browInnerUp: 1 } }], 500);
 * ```
 */
export function weightsAt(
  keyframes: readonly ExpressionKeyframe[],
  timeMs: number,
  options: { easing?: PerformanceEasing } = {},
): Float32Array {
  return createPerformance(keyframes, options).at(timeMs);
}

/**
 * Options of {@link samplePerformance}.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const script = samplePerformance(createRng(1), { durationMs: 10_000, blinkEveryMs: 0 });
 * ```
 */
export interface PerformanceSamplerOptions extends ExpressionSamplerOptions {
  /** Length of the script (default 4000 ms). */
  durationMs?: number;
  /** Range of the time an expression is held (default [300, 1500] ms). */
  holdMs?: [number, number];
  /** Range of transition times between expressions (default [150, 600] ms). */
  transitionMs?: [number, number];
  /** Mean time between spontaneous blinks (default 3500 ms); 0 turns blinks off. */
  blinkEveryMs?: number;
}

/**
 * Writes a random performance script: expressions from `sampleExpression` held and blended in
 * turn, with quick blinks (≈ 150 ms) laid over them.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * import { createPerformance, samplePerformance } from '@freeavatar/synth';
 * const script = samplePerformance(createRng(1), { durationMs: 3000 });
 * const performance = createPerformance(script);
 * ```
 */
export function samplePerformance(
  rng: Rng,
  options: PerformanceSamplerOptions = {},
): ExpressionKeyframe[] {
  assertRng(rng);
  assertObject(options as unknown, 'options');
  const durationMs = options.durationMs ?? 4000;
  assertArgument(
    Number.isFinite(durationMs) && durationMs > 0,
    `durationMs must be positive, got ${durationMs}`,
  );
  const [holdMin, holdMax] = options.holdMs ?? [300, 1500];
  const [moveMin, moveMax] = options.transitionMs ?? [150, 600];
  assertArgument(
    0 < holdMin && holdMin <= holdMax,
    `holdMs must be [min, max] with 0 < min ≤ max, got [${holdMin}, ${holdMax}]`,
  );
  assertArgument(
    0 < moveMin && moveMin <= moveMax,
    `transitionMs must be [min, max] with 0 < min ≤ max, got [${moveMin}, ${moveMax}]`,
  );
  const keys: { timeMs: number; weights: Float32Array }[] = [];
  let t = 0;
  let current = sampleExpression(rng, options).weights;
  keys.push({ timeMs: 0, weights: current });
  while (t < durationMs) {
    const hold = rng.uniform(holdMin, holdMax);
    if (t + hold >= durationMs) break;
    t += hold;
    keys.push({ timeMs: t, weights: current });
    t += rng.uniform(moveMin, moveMax);
    current = sampleExpression(rng, options).weights;
    keys.push({ timeMs: Math.min(t, durationMs), weights: current });
  }
  if (keys[keys.length - 1].timeMs < durationMs)
    keys.push({ timeMs: durationMs, weights: current });
  const blinkEvery = options.blinkEveryMs ?? 3500;
  if (blinkEvery <= 0) return keys;
  // Lay blinks over the script: close in 70 ms, open in 100 ms.
  const base = createPerformance(keys, { easing: 'smooth' });
  const left = blendshapeIndex('eyeBlinkLeft');
  const right = blendshapeIndex('eyeBlinkRight');
  const blinkTimes: number[] = [];
  for (
    let b = rng.uniform(200, blinkEvery);
    b + 200 < durationMs;
    b += rng.uniform(0.4, 1.6) * blinkEvery
  )
    blinkTimes.push(b);
  const times = new Set<number>(keys.map((k) => k.timeMs));
  for (const b of blinkTimes) for (const dt of [-70, 0, 100]) times.add(b + dt);
  const sorted = [...times].filter((x) => x >= 0 && x <= durationMs).sort((a, b) => a - b);
  return sorted.map((time) => {
    const w = base.at(time);
    for (const b of blinkTimes) {
      if (time === b) {
        w[left] = 1;
        w[right] = 1;
      }
    }
    return { timeMs: time, weights: w };
  });
}
