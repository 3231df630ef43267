import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { identitySplit } from '@freeavatar/synth';
import { syntheticTripletSet } from './synthetic-set.js';
import { assertTripletSet } from './triplet-set.js';

describe('syntheticTripletSet', () => {
  it('renders test-split triplets with emotion and identity labels, the same for a seed', async () => {
    const events: number[] = [];
    const set = await syntheticTripletSet({
      count: 2,
      seed: 5,
      size: 48,
      onProgress: (e) => events.push(e.done),
    });
    assertTripletSet(set);
    expect(set.faces).toHaveLength(6);
    expect(set.triplets).toEqual([
      { anchor: 0, positive: 1, negative: 2, type: expect.any(String) },
      { anchor: 3, positive: 4, negative: 5, type: expect.any(String) },
    ]);
    expect(events).toEqual([1, 2]);
    for (const face of set.faces) {
      expect(face.image).toMatchObject({ width: 48, height: 48 });
      expect(face.emotion).toMatch(/^[a-z]+$/);
      const seed = Number(face.identity!.replace('identity-', ''));
      expect(identitySplit(seed)).toBe('test');
    }
    expect(set.description).toMatch(/^2 synthetic FEC-style triplets of the test split/);
    expect(set.details).toEqual({
      source: 'synthetic',
      split: 'test',
      seed: 5,
      size: 48,
      count: 2,
    });
    const again = await syntheticTripletSet({ count: 1, seed: 5, size: 48 });
    expect(again.faces[0].image.data).toEqual(set.faces[0].image.data);
    expect(again.triplets[0].type).toBe(set.triplets[0].type);
  });

  it('rejects bad counts, seeds and sizes', async () => {
    for (const bad of [
      { count: 0, seed: 1 },
      { count: 1.5, seed: 1 },
      { count: 1, seed: 0.5 },
      { count: 1, seed: 1, size: 8 },
    ]) {
      await expect(syntheticTripletSet(bad)).rejects.toBeInstanceOf(FreeAvatarError);
    }
    await expect(syntheticTripletSet({ count: 1, seed: 1, size: 8 })).rejects.toThrow(
      /size must be an integer in 32\.\.512, got 8/,
    );
  });
});
