import { FreeAvatarError, createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { identitySplit } from '../identity/split.js';
import { createEmotionCategorizer } from '../datasets/emotion-category.js';
import { createFaceRenderer } from './face-renderer.js';
import { sampleFaceScene } from './face-scene.js';

describe('sampleFaceScene', () => {
  it('is deterministic for a seed and advances the generator', () => {
    const a = sampleFaceScene(createRng(4), 'train');
    const b = sampleFaceScene(createRng(4), 'train');
    expect(b).toEqual(a);
    const rng = createRng(4);
    const first = sampleFaceScene(rng, 'train');
    const second = sampleFaceScene(rng, 'train');
    expect(first).toEqual(a);
    expect(second.expression).not.toEqual(first.expression);
    expect(second.pose).not.toEqual(first.pose);
  });

  it('draws identities of the split, or from the pool it is given', () => {
    const rng = createRng(1);
    for (const split of ['train', 'val', 'test'] as const) {
      for (let k = 0; k < 10; k++) {
        const { identity } = sampleFaceScene(rng, split);
        expect(identitySplit(identity as number)).toBe(split);
      }
    }
    const pool = [11, 12, 13];
    for (let k = 0; k < 20; k++)
      expect(pool).toContain(sampleFaceScene(rng, 'train', { identities: pool }).identity);
  });

  it('keeps yaw mostly within ±30° and sometimes goes beyond', () => {
    const rng = createRng(2);
    const yaws = Array.from({ length: 600 }, () => sampleFaceScene(rng, 'train').pose.yaw);
    const wide = yaws.filter((y) => Math.abs(y) > 30).length / yaws.length;
    expect(wide).toBeGreaterThan(0.08);
    expect(wide).toBeLessThan(0.25);
    expect(Math.max(...yaws.map(Math.abs))).toBeLessThanOrEqual(60);
    expect(yaws.some((y) => y > 20) && yaws.some((y) => y < -20)).toBe(true);
    const frontal = Array.from(
      { length: 100 },
      () => sampleFaceScene(rng, 'train', { pose: { yawRange: 10, wideYawProbability: 0 } }).pose,
    );
    expect(frontal.every((p) => Math.abs(p.yaw) <= 10)).toBe(true);
  });

  it('frames the face to the asked share of the picture', () => {
    const renderer = createFaceRenderer({ size: 64, categorizer: createEmotionCategorizer() });
    const rng = createRng(3);
    for (let k = 0; k < 6; k++) {
      const scene = sampleFaceScene(rng, 'train', {
        identities: [1, 2],
        pose: { yawRange: 0, wideYawProbability: 0, pitchStd: 0, rollStd: 0 },
        framing: { faceHeight: [0.5, 0.5], shift: 0 },
      });
      const { landmarks2d } = renderer.render(scene);
      const span = landmarks2d[2 * 152 + 1] - landmarks2d[2 * 10 + 1];
      // Identity scale (0.88–1.12) and face shape change the span a little.
      expect(span / 64).toBeGreaterThan(0.5 * 0.8);
      expect(span / 64).toBeLessThan(0.5 * 1.2);
    }
  });

  it('draws occluders as often as asked', () => {
    const rng = createRng(5);
    const count = (p: number): number =>
      Array.from({ length: 200 }, () =>
        sampleFaceScene(rng, 'val', { occluderProbability: p }),
      ).filter((s) => (s.occluders ?? []).length > 0).length;
    expect(count(0)).toBe(0);
    expect(count(1)).toBe(200);
    const some = count(0.2);
    expect(some).toBeGreaterThan(20);
    expect(some).toBeLessThan(65);
    const kinds = sampleFaceScene(rng, 'val', {
      occluderProbability: 1,
      occluderKinds: ['microphone'],
    });
    expect(kinds.occluders?.[0]).toMatchObject({ kind: 'microphone' });
  });

  it('rejects bad options, naming them', () => {
    const rng = createRng(1);
    const bad = (options: object, pattern: RegExp): void => {
      expect(() => sampleFaceScene(rng, 'train', options)).toThrow(FreeAvatarError);
      expect(() => sampleFaceScene(rng, 'train', options)).toThrow(pattern);
    };
    expect(() => sampleFaceScene(rng, 'dev' as 'train')).toThrow(
      /split must be one of train, val, test, got dev/,
    );
    bad({ identities: [] }, /identities must not be empty/);
    bad({ identities: [1.5] }, /identities must hold identity seeds/);
    bad({ pose: { wideYawProbability: 2 } }, /pose\.wideYawProbability must be in 0\.\.1, got 2/);
    bad({ pose: { yawRange: 40, maxYaw: 30 } }, /pose\.maxYaw must be in yawRange\.\.90, got 30/);
    bad({ framing: { faceHeight: [0.8, 0.4] } }, /framing\.faceHeight must be \[min, max\]/);
    bad({ occluderProbability: -1 }, /occluderProbability must be in 0\.\.1, got -1/);
    bad(
      { occluderKinds: ['cat'] },
      /occluderKinds must be a non-empty list of hand, microphone, hair/,
    );
  });
});
