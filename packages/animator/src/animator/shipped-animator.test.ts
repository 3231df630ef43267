import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { readImageFile } from '@freeavatar/core';
import { AVATARS, type AvatarId } from '@freeavatar/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnimator } from './animator.js';
import type { Animator } from './animator-types.js';

const IMAGE = fileURLToPath(new URL('../../../face-crop/fixtures/astronaut.png', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../../fixtures/astronaut.golden.json', import.meta.url));

describe('the shipped animator with the shipped encoder', () => {
  let animator: Animator;
  let golden: Record<string, number[]>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    animator = await createAnimator();
    golden = (JSON.parse(await readFile(GOLDEN, 'utf8')) as { rigs: Record<string, number[]> })
      .rigs;
  });
  afterAll(() => animator?.dispose());

  it('drives the three shipped avatars with their rigs', () => {
    const avatars = animator.avatars();
    expect(avatars.map((a) => a.id).sort()).toEqual(['human', 'robot', 'toon']);
    for (const spec of avatars) {
      expect(spec.controls).toEqual(AVATARS[spec.id as AvatarId].rig.map((c) => c.name));
    }
  });

  it('reproduces the golden rigs of the fixture frame within 1e-4, in [0, 1], without leaks', async () => {
    const ids = Object.keys(golden);
    const image = await readImageFile(IMAGE);
    await animator.animate(image, ids); // loads the face detector on first use
    const before = tf.memory().numTensors;
    const result = await animator.animate(image, ids);
    expect(tf.memory().numTensors).toBe(before);
    expect(result).not.toBeNull();
    for (const id of ids) {
      const { vector, controls } = result!.avatars[id];
      expect(vector).toHaveLength(golden[id].length);
      vector.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(Math.abs(v - golden[id][i])).toBeLessThan(1e-4);
      });
      expect(Object.keys(controls)).toHaveLength(vector.length);
    }
  });
});
