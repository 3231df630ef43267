import { toWeightVector, type ArkitBlendshape } from '../blendshapes/arkit.js';
import { assertArgument, assertObject } from '@freeavatar/core';

/**
 * The emotion categories with a prototype expression.
 *
 * @example
 * ```ts
 * import { EMOTIONS } from '@freeavatar/synth';
 * console.log(EMOTIONS.length); // 8
 * ```
 */
export const EMOTIONS = [
  'neutral',
  'happy',
  'sad',
  'angry',
  'surprised',
  'afraid',
  'disgusted',
  'contemptuous',
] as const;

/**
 * One of {@link EMOTIONS}.
 *
 * @example
 * ```ts
 * const e: Emotion = 'surprised';
 * const weights = emotionWeights({ [e]: 0.7 });
 * ```
 */
export type Emotion = (typeof EMOTIONS)[number];

/**
 * ARKit weights by name; missing names are 0.
 *
 * @example
 * ```ts
 * const wink: WeightRecord = { eyeBlinkLeft: 1, mouthSmileLeft: 0.3 };
 * ```
 */
export type WeightRecord = Partial<Record<ArkitBlendshape, number>>;

/**
 * Prototype expressions as ARKit weight mixtures, after the FACS action units that define each
 * basic emotion (Ekman & Friesen): happy AU6+12, sad AU1+4+15, angry AU4+5+7+23, surprised
 * AU1+2+5+26, afraid AU1+2+4+5+20+26, disgusted AU9+15+16, contemptuous a one-sided AU12+14
 * (here on the subject's left).
 *
 * @example
 * ```ts
 * import { EMOTION_PROTOTYPES, createHead } from '@freeavatar/synth';
 * const smiling = createHead().mesh(EMOTION_PROTOTYPES.happy);
 * ```
 */
export const EMOTION_PROTOTYPES: Readonly<Record<Emotion, Readonly<WeightRecord>>> = Object.freeze({
  neutral: {},
  happy: {
    mouthSmileLeft: 0.85,
    mouthSmileRight: 0.85,
    cheekSquintLeft: 0.55,
    cheekSquintRight: 0.55,
    eyeSquintLeft: 0.3,
    eyeSquintRight: 0.3,
    mouthDimpleLeft: 0.2,
    mouthDimpleRight: 0.2,
    jawOpen: 0.12,
    mouthUpperUpLeft: 0.15,
    mouthUpperUpRight: 0.15,
  },
  sad: {
    browInnerUp: 0.75,
    browDownLeft: 0.3,
    browDownRight: 0.3,
    mouthFrownLeft: 0.65,
    mouthFrownRight: 0.65,
    mouthShrugLower: 0.35,
    mouthPressLeft: 0.15,
    mouthPressRight: 0.15,
    eyeLookDownLeft: 0.2,
    eyeLookDownRight: 0.2,
  },
  angry: {
    browDownLeft: 0.9,
    browDownRight: 0.9,
    eyeSquintLeft: 0.45,
    eyeSquintRight: 0.45,
    eyeWideLeft: 0.1,
    eyeWideRight: 0.1,
    mouthPressLeft: 0.55,
    mouthPressRight: 0.55,
    mouthRollLower: 0.2,
    noseSneerLeft: 0.3,
    noseSneerRight: 0.3,
    mouthFrownLeft: 0.2,
    mouthFrownRight: 0.2,
    jawForward: 0.1,
  },
  surprised: {
    browInnerUp: 0.85,
    browOuterUpLeft: 0.8,
    browOuterUpRight: 0.8,
    eyeWideLeft: 0.75,
    eyeWideRight: 0.75,
    jawOpen: 0.5,
    mouthFunnel: 0.15,
  },
  afraid: {
    browInnerUp: 0.85,
    browOuterUpLeft: 0.3,
    browOuterUpRight: 0.3,
    browDownLeft: 0.3,
    browDownRight: 0.3,
    eyeWideLeft: 0.85,
    eyeWideRight: 0.85,
    mouthStretchLeft: 0.6,
    mouthStretchRight: 0.6,
    jawOpen: 0.25,
    mouthLowerDownLeft: 0.3,
    mouthLowerDownRight: 0.3,
  },
  disgusted: {
    noseSneerLeft: 0.85,
    noseSneerRight: 0.85,
    mouthUpperUpLeft: 0.6,
    mouthUpperUpRight: 0.6,
    browDownLeft: 0.4,
    browDownRight: 0.4,
    eyeSquintLeft: 0.4,
    eyeSquintRight: 0.4,
    cheekSquintLeft: 0.3,
    cheekSquintRight: 0.3,
    mouthFrownLeft: 0.3,
    mouthFrownRight: 0.3,
    mouthLowerDownLeft: 0.2,
    mouthLowerDownRight: 0.2,
  },
  contemptuous: {
    mouthSmileLeft: 0.5,
    mouthDimpleLeft: 0.55,
    mouthPressLeft: 0.2,
    eyeSquintLeft: 0.1,
    browDownLeft: 0.1,
  },
});

/**
 * A weighted mixture of emotion prototypes as a dense weight vector (each weight clamped to
 * 0..1). Intensities multiply the prototypes before summing.
 *
 * @throws FreeAvatarError for an unknown emotion or a non-finite intensity.
 * @example
 * ```ts
 * import { emotionWeights } from '@freeavatar/synth';
 * const bittersweet = emotionWeights({ happy: 0.6, sad: 0.5 });
 * ```
 */
export function emotionWeights(mix: Partial<Record<Emotion, number>>): Float32Array {
  assertObject(mix, 'mix');
  const out = new Float32Array(52);
  const one = new Float32Array(52);
  for (const [emotion, intensity] of Object.entries(mix)) {
    assertArgument(
      (EMOTIONS as readonly string[]).includes(emotion),
      `unknown emotion "${emotion}"; expected one of ${EMOTIONS.join(', ')}`,
    );
    assertArgument(
      Number.isFinite(intensity),
      `intensity of ${emotion} must be finite, got ${String(intensity)}`,
    );
    toWeightVector(EMOTION_PROTOTYPES[emotion as Emotion], one);
    for (let i = 0; i < 52; i++) out[i] += (intensity as number) * one[i];
  }
  for (let i = 0; i < 52; i++) out[i] = Math.min(1, Math.max(0, out[i]));
  return out;
}
