import { describe, expect, it } from 'vitest';
import { createExpressionDistance } from '../expressions/distance.js';
import { createEmotionCategorizer } from './emotion-category.js';
import { createTripletSampler, type SynthTriplet } from './triplets.js';

const categorizer = createEmotionCategorizer();
const distance = createExpressionDistance();
const sampler = createTripletSampler({ split: 'train', seed: 1, categorizer, distance });
const triplets: SynthTriplet[] = Array.from({ length: 120 }, (_, i) => sampler.tripletAt(i));

describe('createTripletSampler', () => {
  it('is deterministic for the options and the index', () => {
    const again = createTripletSampler({ split: 'train', seed: 1, categorizer, distance });
    expect(again.tripletAt(17)).toEqual(triplets[17]);
    expect(again.tripletAt(3)).toEqual(triplets[3]);
    const other = createTripletSampler({ split: 'train', seed: 2, categorizer, distance });
    expect(other.tripletAt(3)).not.toEqual(triplets[3]);
  });

  it('gives each type by the emotion categories of its faces', () => {
    for (const t of triplets) {
      const emotions = t.faces.map((f) => categorizer.category(f.expression));
      expect(emotions).toEqual(t.emotions);
      const distinct = new Set(emotions).size;
      expect(t.type).toBe(['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS'][distinct - 1]);
    }
    const types = new Set(triplets.map((t) => t.type));
    expect(types.size).toBe(3);
  });

  it('makes the face most different by expression distance the negative', () => {
    for (const t of triplets) {
      const [a, p, n] = [t.anchor, t.positive, t.negative].map((k) => t.faces[k].expression);
      const ap = distance.distance(a, p);
      const an = distance.distance(a, n);
      const pn = distance.distance(p, n);
      expect(ap).toBeCloseTo(t.distances.anchorPositive, 6);
      expect(an).toBeCloseTo(t.distances.anchorNegative, 6);
      expect(pn).toBeCloseTo(t.distances.positiveNegative, 6);
      // Not ambiguous: the pair is closer than the next pair by the default gaps.
      const next = Math.min(an, pn);
      expect(next - ap).toBeGreaterThanOrEqual(Math.max(0.2 * next, 0.05) - 1e-9);
      expect(t.answer).toBe(t.negative + 1);
      expect(new Set([t.anchor, t.positive, t.negative]).size).toBe(3);
      if (t.type === 'TWO_CLASS') {
        // The negative is the face of the other category.
        expect(t.emotions[t.anchor]).toBe(t.emotions[t.positive]);
        expect(t.emotions[t.negative]).not.toBe(t.emotions[t.anchor]);
      }
    }
  });

  it('drops ambiguous candidates, more of them the stricter the gap', () => {
    const dropped = (list: SynthTriplet[]): number =>
      list.reduce((s, t) => s + t.dropped.ambiguous, 0);
    expect(dropped(triplets)).toBeGreaterThan(0);
    const strict = createTripletSampler({
      split: 'train',
      seed: 1,
      categorizer,
      distance,
      minGap: 0.5,
    });
    const strictTriplets = Array.from({ length: 40 }, (_, i) => strict.tripletAt(i));
    expect(dropped(strictTriplets) / 40).toBeGreaterThan(dropped(triplets.slice(0, 40)) / 40);
    for (const t of strictTriplets) {
      const next = Math.min(t.distances.anchorNegative, t.distances.positiveNegative);
      expect(next - t.distances.anchorPositive).toBeGreaterThanOrEqual(0.5 * next - 1e-9);
    }
  });

  it('follows the type weights, and places the negative anywhere', () => {
    const one = createTripletSampler({
      split: 'val',
      seed: 4,
      categorizer,
      distance,
      typeWeights: { TWO_CLASS: 0, THREE_CLASS: 0 },
    });
    for (let i = 0; i < 10; i++) expect(one.tripletAt(i).type).toBe('ONE_CLASS');
    const answers = new Set(triplets.map((t) => t.answer));
    expect([...answers].sort()).toEqual([1, 2, 3]);
  });

  it('gives each face its own scene from the split', () => {
    const t = triplets[0];
    expect(t.faces[0].pose).not.toEqual(t.faces[1].pose);
    expect(t.faces.every((f) => typeof f.identity === 'number')).toBe(true);
  });

  it('rejects bad options', () => {
    const make = (o: object): unknown =>
      createTripletSampler({ split: 'train', seed: 1, categorizer, distance, ...o });
    expect(() => make({ minGap: 1 })).toThrow(/minGap must be in \[0, 1\), got 1/);
    expect(() => make({ typeWeights: { ONE_CLASS: -1 } })).toThrow(
      /typeWeights\.ONE_CLASS must be a finite number >= 0, got -1/,
    );
    expect(() => make({ typeWeights: { ONE_CLASS: 0, TWO_CLASS: 0, THREE_CLASS: 0 } })).toThrow(
      /at least one type/,
    );
    const onlyNeutral = createTripletSampler({
      split: 'train',
      seed: 1,
      categorizer,
      distance,
      maxDraws: 20,
      typeWeights: { ONE_CLASS: 0, TWO_CLASS: 0 },
      expression: {
        kindWeights: {
          neutral: 1,
          prototype: 0,
          blend: 0,
          subtle: 0,
          asymmetric: 0,
          wink: 0,
          rare: 0,
          random: 0,
        },
        gazeProbability: 0,
      },
    });
    expect(() => onlyNeutral.tripletAt(0)).toThrow(
      /no expression of a category other than .* in 20 draws/,
    );
    expect(() => sampler.tripletAt(-2)).toThrow(/index must be a non-negative integer, got -2/);
  });
});
