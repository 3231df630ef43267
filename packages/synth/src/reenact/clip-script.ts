import { FreeAvatarError } from '@freeavatar/core';
import {
  ARKIT_BLENDSHAPE_COUNT,
  blendshapeIndex,
  isArkitBlendshape,
  toWeightVector,
} from '../blendshapes/arkit.js';
import type { ExpressionKeyframe, PerformanceEasing } from '../expressions/performance.js';
import {
  EMOTIONS,
  EMOTION_PROTOTYPES,
  type Emotion,
  type WeightRecord,
} from '../expressions/prototypes.js';

/**
 * A scripted performance for a clip, as read from JSON by {@link parseClipScript}.
 *
 * @example
 * ```ts
 * const script: ClipScript = parseClipScript([
 *   { timeMs: 0, emotion: 'neutral' },
 *   { timeMs: 800, emotion: 'happy' },
 * ]);
 * ```
 */
export interface ClipScript {
  /** Keyframes with dense weights, times strictly increasing. */
  keyframes: ExpressionKeyframe[];
  /** The expression the photo already shows (see `PhotoPrepareOptions.restWeights`), if given. */
  restWeights?: WeightRecord;
  /** How weights move between keyframes (default `'smooth'`). */
  easing: PerformanceEasing;
  /** Free text carried along (what the script shows). */
  description?: string;
}

function fail(message: string): never {
  throw new FreeAvatarError('INVALID_ARGUMENT', message);
}

function isEmotion(name: unknown): name is Emotion {
  return typeof name === 'string' && (EMOTIONS as readonly string[]).includes(name);
}

function readRecord(value: unknown, where: string): WeightRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(`${where} must be an object of ARKit weights by name, got ${JSON.stringify(value)}`);
  const out: WeightRecord = {};
  for (const [name, w] of Object.entries(value as Record<string, unknown>)) {
    if (!isArkitBlendshape(name))
      fail(
        `${where} has unknown ARKit blendshape "${name}"; expected one of the 52 names, e.g. "jawOpen"`,
      );
    if (typeof w !== 'number' || !Number.isFinite(w))
      fail(`${where}.${name} must be a finite number, got ${JSON.stringify(w)}`);
    out[name] = w;
  }
  return out;
}

function readKeyframe(raw: unknown, i: number): ExpressionKeyframe {
  const where = `keyframe ${i}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    fail(
      `${where} must be an object like { "timeMs": 0, "weights": { "jawOpen": 0.5 } }, got ${JSON.stringify(raw)}`,
    );
  const k = raw as Record<string, unknown>;
  if (typeof k.timeMs !== 'number' || !Number.isFinite(k.timeMs) || k.timeMs < 0)
    fail(`${where}.timeMs must be a number ≥ 0, got ${JSON.stringify(k.timeMs)}`);
  const weights = new Float32Array(ARKIT_BLENDSHAPE_COUNT);
  let emotion = k.emotion;
  let extra = k.weights;
  if (typeof extra === 'string') {
    emotion = extra;
    extra = undefined;
  }
  if (emotion !== undefined) {
    if (!isEmotion(emotion))
      fail(
        `${where} has unknown emotion ${JSON.stringify(emotion)}; expected one of ${EMOTIONS.join(', ')}`,
      );
    const intensity = k.intensity ?? 1;
    if (typeof intensity !== 'number' || !Number.isFinite(intensity) || intensity < 0)
      fail(`${where}.intensity must be a number ≥ 0, got ${JSON.stringify(k.intensity)}`);
    const prototype = toWeightVector(EMOTION_PROTOTYPES[emotion]);
    for (let j = 0; j < weights.length; j++) weights[j] = intensity * prototype[j];
  }
  if (extra !== undefined) {
    // Named weights set their controls, over the emotion's.
    for (const [name, w] of Object.entries(readRecord(extra, `${where}.weights`)))
      weights[blendshapeIndex(name)] = w;
  }
  if (emotion === undefined && extra === undefined)
    fail(
      `${where} needs "weights" (ARKit weights by name) or "emotion" (one of ${EMOTIONS.join(', ')})`,
    );
  return { timeMs: k.timeMs, weights };
}

/**
 * Reads a clip script from parsed JSON: either an array of keyframes or an object
 * `{ keyframes, rest?, easing?, description? }`. A keyframe is `{ timeMs, weights }` with
 * ARKit weights by name, or `{ timeMs, emotion, intensity? }` with an emotion prototype
 * (`weights` may also be an emotion name, and named weights given beside an emotion set those
 * controls on top of it). `rest` is the photo's own expression.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the keyframe and value that are wrong
 *   (unknown names, times that do not increase, ...).
 * @example
 * ```ts
 * import { parseClipScript } from '@freeavatar/synth';
 * const script = parseClipScript({
 *   rest: { mouthSmileLeft: 0.5, mouthSmileRight: 0.5 },
 *   keyframes: [
 *     { timeMs: 0, emotion: 'neutral' },
 *     { timeMs: 600, weights: { eyeBlinkLeft: 1 } },
 *     { timeMs: 1200, emotion: 'surprised', intensity: 0.8 },
 *   ],
 * });
 * ```
 */
export function parseClipScript(json: unknown): ClipScript {
  let list: unknown = json;
  let rest: WeightRecord | undefined;
  let easing: PerformanceEasing = 'smooth';
  let description: string | undefined;
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    list = o.keyframes;
    if (o.rest !== undefined) rest = readRecord(o.rest, 'rest');
    if (o.easing !== undefined) {
      if (o.easing !== 'smooth' && o.easing !== 'linear')
        fail(`easing must be "smooth" or "linear", got ${JSON.stringify(o.easing)}`);
      easing = o.easing;
    }
    if (o.description !== undefined) {
      if (typeof o.description !== 'string')
        fail(`description must be a string, got ${JSON.stringify(o.description)}`);
      description = o.description;
    }
  }
  if (!Array.isArray(list) || list.length === 0)
    fail(
      'a clip script must be a non-empty array of keyframes, or an object with one under "keyframes"',
    );
  const keyframes = list.map(readKeyframe);
  keyframes.forEach((k, i) => {
    if (i > 0 && k.timeMs <= keyframes[i - 1].timeMs)
      fail(
        `keyframe times must increase strictly: keyframe ${i} at ${k.timeMs} ms follows ${keyframes[i - 1].timeMs} ms`,
      );
  });
  return { keyframes, restWeights: rest, easing, description };
}
