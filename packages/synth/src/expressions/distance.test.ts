import { createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { toWeightVector } from '../blendshapes/arkit.js';
import { createHead } from '../face/head.js';
import { sampleIdentity } from '../identity/identity.js';
import { createExpressionDistance, expressionDistance } from './distance.js';
import { EMOTION_PROTOTYPES } from './prototypes.js';
import { sampleExpression } from './sampler.js';

const metric = createExpressionDistance();
const random = (seed: number): Float32Array => sampleExpression(createRng(seed)).weights;

describe('expressionDistance', () => {
  it('is zero on identical expressions and positive on different ones', () => {
    expect(expressionDistance(EMOTION_PROTOTYPES.happy, EMOTION_PROTOTYPES.happy)).toBe(0);
    expect(expressionDistance({ eyeBlinkLeft: 1 }, {})).toBeGreaterThan(0.3);
    expect(expressionDistance({ eyeLookOutLeft: 1 }, {})).toBeGreaterThan(0.3); // gaze counts
  });

  it('is symmetric and obeys the triangle inequality', () => {
    for (let s = 0; s < 30; s++) {
      const [a, b, c] = [random(3 * s), random(3 * s + 1), random(3 * s + 2)];
      expect(metric.distance(a, b)).toBeCloseTo(metric.distance(b, a), 6);
      expect(metric.distance(a, c)).toBeLessThanOrEqual(
        metric.distance(a, b) + metric.distance(b, c) + 1e-6,
      );
    }
  });

  it('grows with the size of the change', () => {
    for (const name of [
      'jawOpen',
      'mouthSmileLeft',
      'browInnerUp',
      'eyeBlinkRight',
      'tongueOut',
      'mouthPucker',
    ]) {
      const small = metric.distance({ [name]: 0.2 }, {});
      const large = metric.distance({ [name]: 0.8 }, {});
      expect(large, name).toBeGreaterThan(small * 3.5);
    }
    expect(metric.distance(EMOTION_PROTOTYPES.happy, {})).toBeGreaterThan(
      metric.distance(
        toWeightVector(EMOTION_PROTOTYPES.happy).map((w) => w * 0.3),
        {},
      ),
    );
  });

  it('equals the Euclidean distance of the embeddings, and the Gram matrix is symmetric', () => {
    const a = random(1);
    const b = random(2);
    const ea = metric.embed(a);
    const eb = metric.embed(b);
    const direct = Math.hypot(...Array.from(ea, (x, i) => x - eb[i]));
    expect(metric.distance(a, b)).toBeCloseTo(direct, 4);
    for (let i = 0; i < 52; i++)
      for (let j = 0; j < 52; j++)
        expect(metric.gram[i * 52 + j]).toBeCloseTo(metric.gram[j * 52 + i], 10);
    expect(metric.dimension).toBeGreaterThan(40);
  });

  it('does not depend on identity: two people show the same expression change', () => {
    // The distance is a function of the displacement an expression causes. On any identity the
    // skin's displacement between two expressions is the same field, so the distance is too.
    const a = EMOTION_PROTOTYPES.surprised;
    const b = EMOTION_PROTOTYPES.angry;
    const change = (seed: number): Float32Array => {
      const person = sampleIdentity(seed);
      const head = createHead(person);
      const fa = head.evaluate(a).landmarks;
      const fb = head.evaluate(b).landmarks;
      return fa.map((x, i) => (x - fb[i]) / person.scale);
    };
    const first = change(11);
    const second = change(12);
    for (let i = 0; i < first.length; i++) expect(first[i]).toBeCloseTo(second[i], 3);
  });

  it('weights regions as documented: ignoring a region removes its shapes from the distance', () => {
    const noGaze = createExpressionDistance({ regionWeights: { gaze: 0 } });
    expect(noGaze.distance({ eyeLookOutLeft: 1 }, {})).toBeCloseTo(0, 6);
    expect(noGaze.distance({ eyeBlinkLeft: 1 }, {})).toBeCloseTo(
      metric.distance({ eyeBlinkLeft: 1 }, {}),
      6,
    );
    expect(() => createExpressionDistance({ regionWeights: { eyes: -1 } })).toThrow(
      /region weight eyes/,
    );
  });
});
