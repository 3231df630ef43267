import { describe, expect, it } from 'vitest';
import { blendshapeIndex } from '../blendshapes/arkit.js';
import { createFaceSceneStream } from '../datasets/scene-stream.js';
import { perceptualTargetWeights } from './salience.js';

describe('perceptualTargetWeights', () => {
  const scenes = createFaceSceneStream({ split: 'train', seed: 4 });
  const rows = Array.from({ length: 400 }, (_, i) => scenes.sceneAt(i).expression);

  it('averages 1 and favours what the distance sees most', () => {
    const w = perceptualTargetWeights(rows);
    expect(w).toHaveLength(52);
    expect(w.reduce((a, b) => a + b, 0) / 52).toBeCloseTo(1, 5);
    for (const name of ['jawOpen', 'eyeBlinkLeft', 'eyeBlinkRight'] as const) {
      expect(w[blendshapeIndex(name)]).toBeGreaterThan(1.5);
    }
    expect(w[blendshapeIndex('cheekPuff')]).toBeLessThan(1);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0.5);
  });

  it('is uniform with uniformShare 1, and names bad input', () => {
    expect(Array.from(perceptualTargetWeights(rows, { uniformShare: 1 }))).toEqual(
      new Array(52).fill(1),
    );
    expect(() => perceptualTargetWeights([])).toThrow(/at least one sample/);
    expect(() => perceptualTargetWeights([[1, 2]])).toThrow(/sample 0 has 2 values, expected 52/);
    expect(() => perceptualTargetWeights(rows, { uniformShare: 2 })).toThrow(
      /uniformShare must be in \[0, 1\], got 2/,
    );
    expect(() => perceptualTargetWeights([new Float32Array(52)])).toThrow(/never vary/);
  });
});
