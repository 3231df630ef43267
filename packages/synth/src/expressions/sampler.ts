/**
 * Samples continuous expressions: prototypes at varied intensity, blends of two emotions,
 * subtle and one-sided ones, winks and blinks, sparse random activations, and rare controls
 * (pucker, frown, mouth left/right, funnel, tongue, cheek puff...) on purpose more often than
 * in real footage, so models see them.
 */
import { assertArgument, assertObject, type Rng } from '@freeavatar/core';
import { assertNumbers, assertRng } from '../arguments.js';
import {
  ARKIT_BLENDSHAPE_COUNT,
  ARKIT_BLENDSHAPE_NAMES,
  blendshapeIndex,
  type ArkitBlendshape,
} from '../blendshapes/arkit.js';
import { EMOTIONS, emotionWeights, type Emotion } from './prototypes.js';

/**
 * How a sampled expression was made.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const onlyRare = Object.fromEntries(EXPRESSION_KINDS.map((k) => [k, k === 'rare' ? 1 : 0]));
 * const s = sampleExpression(createRng(1), { kindWeights: onlyRare });
 * ```
 */
export const EXPRESSION_KINDS = [
  'neutral',
  'prototype',
  'blend',
  'subtle',
  'asymmetric',
  'wink',
  'rare',
  'random',
] as const;
/**
 * One of {@link EXPRESSION_KINDS}.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const kind: ExpressionKind = sampleExpression(createRng(1)).kind;
 * ```
 */
export type ExpressionKind = (typeof EXPRESSION_KINDS)[number];

/**
 * A sampled expression.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const { weights, kind, emotions }: SampledExpression = sampleExpression(createRng(9));
 * ```
 */
export interface SampledExpression {
  /** Dense ARKit weights, each in 0..1. */
  weights: Float32Array;
  kind: ExpressionKind;
  /** The emotion mixture it came from, when it came from prototypes. */
  emotions: Partial<Record<Emotion, number>>;
}

/**
 * Options of {@link sampleExpression}.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const options: ExpressionSamplerOptions = { gazeProbability: 0, jitter: 0 };
 * const s = sampleExpression(createRng(1), options);
 * ```
 */
export interface ExpressionSamplerOptions {
  /** Relative frequency of each kind. Defaults in {@link DEFAULT_KIND_WEIGHTS}. */
  kindWeights?: Partial<Record<ExpressionKind, number>>;
  /** Probability of adding a random gaze (default 0.6). */
  gazeProbability?: number;
  /** Standard deviation of the jitter added to active weights (default 0.04). */
  jitter?: number;
}

/**
 * Default relative frequencies of the expression kinds.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const moreSubtle = { ...DEFAULT_KIND_WEIGHTS, subtle: 0.4 };
 * const s = sampleExpression(createRng(1), { kindWeights: moreSubtle });
 * ```
 */
export const DEFAULT_KIND_WEIGHTS: Readonly<Record<ExpressionKind, number>> = Object.freeze({
  neutral: 0.05,
  prototype: 0.2,
  blend: 0.15,
  subtle: 0.15,
  asymmetric: 0.1,
  wink: 0.07,
  rare: 0.16,
  random: 0.12,
});

/**
 * Controls that are rare in footage but that avatars must reproduce; the `rare` kind draws them.
 *
 * @example
 * ```ts
 * console.log(RARE_CONTROLS.includes('mouthPucker')); // true
 * ```
 */
export const RARE_CONTROLS: readonly ArkitBlendshape[] = [
  'mouthPucker',
  'mouthFunnel',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthLeft',
  'mouthRight',
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'cheekPuff',
  'tongueOut',
  'jawLeft',
  'jawRight',
  'jawForward',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'noseSneerLeft',
  'noseSneerRight',
  'browOuterUpLeft',
  'browOuterUpRight',
  'browDownLeft',
  'browDownRight',
];

const EXCLUSIVE: [ArkitBlendshape, ArkitBlendshape][] = [
  ['jawLeft', 'jawRight'],
  ['mouthLeft', 'mouthRight'],
  ['eyeLookInLeft', 'eyeLookOutLeft'],
  ['eyeLookInRight', 'eyeLookOutRight'],
  ['eyeLookUpLeft', 'eyeLookDownLeft'],
  ['eyeLookUpRight', 'eyeLookDownRight'],
];

const idx = (name: ArkitBlendshape): number => blendshapeIndex(name);

function pickKind(rng: Rng, weights: Record<ExpressionKind, number>): ExpressionKind {
  const total = EXPRESSION_KINDS.reduce((s, k) => s + weights[k], 0);
  let r = rng.next() * total;
  for (const k of EXPRESSION_KINDS) {
    r -= weights[k];
    if (r < 0) return k;
  }
  return 'prototype';
}

const expressive = EMOTIONS.filter((e) => e !== 'neutral');

/**
 * Makes a weight vector plausible: clamps to 0..1, keeps only the stronger of mutually
 * exclusive pairs (jaw left/right, gaze in/out, ...), and keeps mouthClose ≤ jawOpen (ARKit's
 * mouthClose only closes lips that the jaw has opened).
 *
 * @example
 * ```ts
 * const w = sanitizeWeights(Float32Array.from({ length: 52 }, () => Math.random()));
 * ```
 */
export function sanitizeWeights(weights: Float32Array): Float32Array {
  assertNumbers(weights, 'weights');
  assertArgument(
    weights.length === ARKIT_BLENDSHAPE_COUNT,
    `weights must have length 52, got ${weights.length}`,
  );
  for (let i = 0; i < weights.length; i++)
    weights[i] = Math.min(1, Math.max(0, Number.isFinite(weights[i]) ? weights[i] : 0));
  for (const [a, b] of EXCLUSIVE) {
    const [ia, ib] = [idx(a), idx(b)];
    if (weights[ia] >= weights[ib]) weights[ib] = 0;
    else weights[ia] = 0;
  }
  weights[idx('mouthClose')] = Math.min(weights[idx('mouthClose')], weights[idx('jawOpen')]);
  return weights;
}

function addGaze(rng: Rng, w: Float32Array): void {
  // Both eyes turn together (conjugate gaze): yaw > 0 looks to the subject's left.
  const yaw = rng.normal(0, 0.35);
  const pitch = rng.normal(0, 0.25);
  const set = (name: ArkitBlendshape, v: number): void => {
    w[idx(name)] = Math.max(w[idx(name)], Math.min(1, v));
  };
  if (yaw > 0) {
    set('eyeLookOutLeft', yaw);
    set('eyeLookInRight', yaw);
  } else {
    set('eyeLookInLeft', -yaw);
    set('eyeLookOutRight', -yaw);
  }
  if (pitch > 0) {
    set('eyeLookUpLeft', pitch);
    set('eyeLookUpRight', pitch);
  } else {
    set('eyeLookDownLeft', -pitch);
    set('eyeLookDownRight', -pitch);
  }
}

/** Scales the subject's left-side and right-side weights differently. */
function skew(w: Float32Array, left: number, right: number): void {
  ARKIT_BLENDSHAPE_NAMES.forEach((name, i) => {
    if (name.endsWith('Left')) w[i] *= left;
    else if (name.endsWith('Right')) w[i] *= right;
  });
}

/**
 * Samples one expression.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * import { sampleExpression } from '@freeavatar/synth';
 * const rng = createRng(3);
 * const { weights, kind } = sampleExpression(rng);
 * ```
 */
export function sampleExpression(
  rng: Rng,
  options: ExpressionSamplerOptions = {},
): SampledExpression {
  assertRng(rng);
  assertObject(options as unknown, 'options');
  const kindWeights = { ...DEFAULT_KIND_WEIGHTS, ...(options.kindWeights ?? {}) };
  for (const k of EXPRESSION_KINDS) {
    assertArgument(
      Number.isFinite(kindWeights[k]) && kindWeights[k] >= 0,
      `kindWeights.${k} must be ≥ 0, got ${kindWeights[k]}`,
    );
  }
  assertArgument(
    EXPRESSION_KINDS.some((k) => kindWeights[k] > 0),
    'kindWeights must give at least one kind a positive weight',
  );
  const jitter = options.jitter ?? 0.04;
  const kind = pickKind(rng, kindWeights);
  let emotions: Partial<Record<Emotion, number>> = {};
  let w: Float32Array = new Float32Array(ARKIT_BLENDSHAPE_COUNT);
  switch (kind) {
    case 'neutral':
      break;
    case 'prototype':
      emotions = { [rng.pick(expressive)]: rng.uniform(0.4, 1.1) };
      break;
    case 'blend': {
      const [a, b] = rng.shuffle(expressive);
      const t = rng.uniform(0.2, 0.8);
      const s = rng.uniform(0.5, 1.1);
      emotions = { [a]: s * t, [b]: s * (1 - t) };
      break;
    }
    case 'subtle':
      emotions = { [rng.pick(expressive)]: rng.uniform(0.08, 0.35) };
      break;
    case 'asymmetric':
      emotions = { [rng.pick(expressive)]: rng.uniform(0.3, 1) };
      break;
    case 'wink':
    case 'rare':
    case 'random':
      break;
  }
  if (Object.keys(emotions).length > 0) w = emotionWeights(emotions);
  if (kind === 'asymmetric') {
    const strong = rng.uniform(0.7, 1.2);
    const weak = rng.uniform(0, 0.5);
    if (rng.bool()) skew(w, strong, weak);
    else skew(w, weak, strong);
  } else if (kind === 'wink') {
    const side = rng.bool() ? 'Left' : 'Right';
    w[idx(`eyeBlink${side}` as ArkitBlendshape)] = rng.uniform(0.75, 1);
    w[idx(`eyeSquint${side}` as ArkitBlendshape)] = rng.uniform(0, 0.4);
    w[idx(`cheekSquint${side}` as ArkitBlendshape)] = rng.uniform(0, 0.4);
    if (rng.bool(0.4)) w[idx(`mouthSmile${side}` as ArkitBlendshape)] = rng.uniform(0.1, 0.6);
  } else if (kind === 'rare') {
    const count = 1 + rng.int(2);
    for (const name of rng.shuffle(RARE_CONTROLS).slice(0, count))
      w[idx(name)] = rng.uniform(0.3, 1);
    if (w[idx('tongueOut')] > 0 && rng.bool(0.7))
      w[idx('jawOpen')] = Math.max(w[idx('jawOpen')], rng.uniform(0.1, 0.4));
  } else if (kind === 'random') {
    const count = 2 + rng.int(5);
    for (let k = 0; k < count; k++) w[rng.int(ARKIT_BLENDSHAPE_COUNT)] = rng.uniform(0.1, 0.9);
    if (rng.bool(0.5)) w[idx('mouthClose')] = 0;
  }
  for (let i = 0; i < w.length; i++) if (w[i] > 0) w[i] += rng.normal(0, jitter);
  if (rng.bool(options.gazeProbability ?? 0.6)) addGaze(rng, w);
  // Spontaneous blinks, both eyes, now and then.
  if (kind !== 'wink' && rng.bool(0.05)) {
    const b = rng.uniform(0.6, 1);
    w[idx('eyeBlinkLeft')] = b;
    w[idx('eyeBlinkRight')] = b;
  }
  return { weights: sanitizeWeights(w), kind, emotions };
}
