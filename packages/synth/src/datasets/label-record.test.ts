import { createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { createFaceRenderer } from '../render/face-renderer.js';
import { sampleFaceScene } from '../render/face-scene.js';
import { createEmotionCategorizer } from './emotion-category.js';
import { faceLabelRecord } from './label-record.js';

describe('faceLabelRecord', () => {
  const renderer = createFaceRenderer({ size: 32, categorizer: createEmotionCategorizer() });
  const { label, landmarks2d } = renderer.render(
    sampleFaceScene(createRng(2), 'test', { identities: [7], occluderProbability: 1 }),
  );

  it('keeps every field, rounded, and survives JSON', () => {
    const record = faceLabelRecord(label, { file: 'a.png', index: 3, landmarks2d });
    const parsed = JSON.parse(JSON.stringify(record));
    expect(parsed).toEqual(record);
    expect(record.file).toBe('a.png');
    expect(record.index).toBe(3);
    expect(record.weights.length).toBe(52);
    record.weights.forEach((w, i) => expect(Math.abs(w - label.weights[i])).toBeLessThan(5e-5));
    expect(record.pose.yaw).toBeCloseTo(label.pose.yaw, 3);
    expect(record.box.x).toBeCloseTo(label.box.x, 3);
    expect(record.occluders).toEqual(label.occluders);
    expect(record.occluders.length).toBe(1);
    expect(record.identity).toBe('identity-7');
    expect(record.landmarks2d?.length).toBe(936);
    expect(faceLabelRecord(label, { file: 'a.png', index: 0 }).landmarks2d).toBeUndefined();
  });

  it('rejects malformed labels and indices', () => {
    expect(() =>
      faceLabelRecord({ ...label, weights: new Float32Array(3) }, { file: 'a', index: 0 }),
    ).toThrow(/label\.weights must hold 52 numbers, got 3/);
    expect(() => faceLabelRecord(label, { file: 'a', index: -1 })).toThrow(
      /index must be a non-negative integer, got -1/,
    );
  });
});
