import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { identitySplit } from '@freeavatar/synth';
import { builtInPerturbation, type Perturbation } from '../perturb/perturbations.js';
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
      // how the face was seen, for accuracy by view
      expect(Math.abs(face.view!.yaw)).toBeLessThan(90);
      expect([null, 'hand', 'microphone', 'hair']).toContain(face.view!.occluder);
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

  it('renders the same triplets under a perturbation, the same on every run', async () => {
    const clean = await syntheticTripletSet({ count: 1, seed: 5, size: 48 });
    const yaw = builtInPerturbation('yaw');
    const turned = await syntheticTripletSet({ count: 1, seed: 5, size: 48, perturbation: yaw });
    expect(turned.triplets).toEqual(clean.triplets);
    const labels = (set: typeof clean) => set.faces.map((f) => [f.emotion, f.identity]);
    expect(labels(turned)).toEqual(labels(clean));
    turned.faces.forEach((f, i) => expect(f.image.data).not.toEqual(clean.faces[i].image.data));
    expect(turned.description).toBe(`${clean.description}, under ${yaw.description}`);
    // the view is the rendered scene's: the yaw perturbation turns every head 30–45°
    for (const f of turned.faces) expect(Math.abs(f.view!.yaw)).toBeGreaterThanOrEqual(30);
    expect(turned.details).toMatchObject({ seed: 5, perturbation: 'yaw' });
    const again = await syntheticTripletSet({ count: 1, seed: 5, size: 48, perturbation: yaw });
    expect(again.faces[2].image.data).toEqual(turned.faces[2].image.data);

    // Both parts run once per face: the scene before rendering, the picture after.
    const seen = { scene: 0, image: 0 };
    const both: Perturbation = {
      id: 'both',
      label: 'both',
      description: 'counted',
      scene: (scene) => (seen.scene++, scene),
      image: (image) => (seen.image++, { ...image, data: image.data.map(() => 7) }),
    };
    const counted = await syntheticTripletSet({ count: 1, seed: 5, size: 48, perturbation: both });
    expect(seen).toEqual({ scene: 3, image: 3 });
    expect(counted.faces.every((f) => f.image.data.every((v) => v === 7))).toBe(true);
    await expect(
      syntheticTripletSet({ count: 1, seed: 5, perturbation: { id: 'x' } as Perturbation }),
    ).rejects.toThrow("perturbation 'x' must have a scene or an image function");
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
