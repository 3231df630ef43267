import { assertArgument } from '@freeavatar/core';
import type { BlendshapeWeights } from '../blendshapes/arkit.js';
import { createExpressionDistance, type ExpressionDistance } from '../expressions/distance.js';
import { EMOTIONS, emotionWeights, type Emotion } from '../expressions/prototypes.js';

/**
 * Intensities at which each emotion prototype is a reference of its category. The lowest sets
 * where an expression stops being neutral: a prototype at about a fifth of its intensity is
 * nearer the neutral face than the weakest reference.
 */
export const EMOTION_REFERENCE_INTENSITIES: readonly number[] = Object.freeze([
  0.35, 0.6, 0.85, 1.1,
]);

/**
 * Sorts ARKit expressions into the emotion categories of {@link EMOTIONS}; made by
 * {@link createEmotionCategorizer}.
 *
 * @example
 * ```ts
 * const categorizer: EmotionCategorizer = createEmotionCategorizer();
 * categorizer.category({ mouthSmileLeft: 0.8, mouthSmileRight: 0.8 }); // 'happy'
 * ```
 */
export interface EmotionCategorizer {
  /** The category whose nearest reference expression is nearest to `weights`. */
  category(weights: BlendshapeWeights): Emotion;
  /** Distance from `weights` to the nearest reference of each category. */
  distances(weights: BlendshapeWeights): Record<Emotion, number>;
}

/**
 * Builds the emotion categorizer: an expression belongs to the category of its nearest
 * reference, where the references are the neutral face and every emotion prototype at the
 * intensities {@link EMOTION_REFERENCE_INTENSITIES}, and "nearest" is the perceptual expression
 * distance with gaze left out (where someone looks says little about what they feel). Building
 * compiles that distance (under a second); a category then costs a few microseconds.
 *
 * The categories give synthetic triplets their FEC type (one, two or three classes) and the
 * `emotion` field of dataset labels.
 *
 * @param options.distance - a compiled distance to use instead (e.g. with other region weights).
 * @throws FreeAvatarError when `options.distance` is not an {@link ExpressionDistance}.
 * @example
 * ```ts
 * import { createEmotionCategorizer, EMOTION_PROTOTYPES } from '@freeavatar/synth';
 * const categorizer = createEmotionCategorizer();
 * categorizer.category(EMOTION_PROTOTYPES.surprised); // 'surprised'
 * categorizer.category({ browInnerUp: 0.05 }); // 'neutral'
 * ```
 */
export function createEmotionCategorizer(
  options: { distance?: ExpressionDistance } = {},
): EmotionCategorizer {
  const metric = options.distance ?? createExpressionDistance({ regionWeights: { gaze: 0 } });
  assertArgument(
    typeof metric?.embed === 'function',
    'options.distance must be an ExpressionDistance (see createExpressionDistance)',
  );
  const references: { emotion: Emotion; point: Float32Array }[] = [];
  for (const emotion of EMOTIONS) {
    if (emotion === 'neutral') {
      references.push({ emotion, point: metric.embed(new Float32Array(52)) });
      continue;
    }
    for (const intensity of EMOTION_REFERENCE_INTENSITIES)
      references.push({ emotion, point: metric.embed(emotionWeights({ [emotion]: intensity })) });
  }
  const squared = (a: Float32Array, b: Float32Array): number => {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
    return sum;
  };
  const distances = (weights: BlendshapeWeights): Record<Emotion, number> => {
    const point = metric.embed(weights);
    const out = Object.fromEntries(EMOTIONS.map((e) => [e, Infinity])) as Record<Emotion, number>;
    for (const ref of references)
      out[ref.emotion] = Math.min(out[ref.emotion], squared(point, ref.point));
    for (const e of EMOTIONS) out[e] = Math.sqrt(out[e]);
    return out;
  };
  return {
    distances,
    category(weights) {
      const point = metric.embed(weights);
      let best = Infinity;
      let emotion: Emotion = 'neutral';
      for (const ref of references) {
        const d = squared(point, ref.point);
        if (d < best) {
          best = d;
          emotion = ref.emotion;
        }
      }
      return emotion;
    },
  };
}
