import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import type { ExpressionDistance } from '../expressions/distance.js';
import { EMOTIONS, emotionWeights } from '../expressions/prototypes.js';
import { createEmotionCategorizer, type EmotionCategorizer } from './emotion-category.js';

const categorizer = createEmotionCategorizer();

describe('createEmotionCategorizer', () => {
  it('puts each prototype, strong or moderate, in its own category', () => {
    for (const emotion of EMOTIONS) {
      for (const intensity of [0.5, 0.8, 1]) {
        const w = emotionWeights({ [emotion]: intensity });
        expect(categorizer.category(w), `${emotion} at ${intensity}`).toBe(emotion);
      }
    }
  });

  it('calls faint expressions and pure gaze neutral', () => {
    expect(categorizer.category({})).toBe('neutral');
    expect(categorizer.category(emotionWeights({ angry: 0.1 }))).toBe('neutral');
    expect(categorizer.category({ eyeLookOutLeft: 0.8, eyeLookInRight: 0.8 })).toBe('neutral');
    expect(categorizer.category({ eyeLookDownLeft: 0.6, eyeLookDownRight: 0.6 })).toBe('neutral');
  });

  it('sorts a blend to its dominant emotion', () => {
    expect(categorizer.category(emotionWeights({ happy: 0.9, surprised: 0.2 }))).toBe('happy');
    expect(categorizer.category(emotionWeights({ sad: 0.9, angry: 0.15 }))).toBe('sad');
  });

  it('gives distances per category, smallest for the category it picks', () => {
    const w = emotionWeights({ disgusted: 0.7 });
    const d = categorizer.distances(w);
    expect(Object.keys(d).sort()).toEqual([...EMOTIONS].sort());
    const best = EMOTIONS.reduce((a, b) => (d[b] < d[a] ? b : a));
    expect(best).toBe(categorizer.category(w));
    expect(d.disgusted).toBeLessThan(d.neutral);
  });

  it('rejects a distance that is not one', () => {
    expect(() => createEmotionCategorizer({ distance: {} as ExpressionDistance })).toThrow(
      FreeAvatarError,
    );
    const c: EmotionCategorizer = categorizer;
    expect(() => c.category({ notAShape: 1 } as never)).toThrow(/notAShape/);
  });
});
