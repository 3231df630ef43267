import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { AVATARS } from '@freeavatar/synth';
import {
  heldOutRigs,
  trainingBaselineRigs,
  trainingMeanRigs,
  trainingMedianRigs,
} from './held-out-rigs.js';

describe('trainingMeanRigs / trainingMedianRigs / trainingBaselineRigs', () => {
  it('give one constant rig per avatar from the same train actors, leaking no tensor', () => {
    const options = { avatars: ['human', 'robot'] as const, count: 24, seed: 5 };
    const before = tf.memory().numTensors;
    const means = trainingMeanRigs(options);
    const medians = trainingMedianRigs(options);
    expect(tf.memory().numTensors).toBe(before);
    for (const id of options.avatars) {
      const size = AVATARS[id].rig.length;
      expect(means[id]).toHaveLength(size);
      expect(medians[id]).toHaveLength(size);
      for (const v of [...means[id], ...medians[id]]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    // Most ARKit controls rest at zero on most faces: their median is 0, their mean is not.
    const zeros = medians.human.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(medians.human.length / 2);
    expect(means.human.filter((v) => v === 0).length).toBeLessThan(zeros);
    expect(Array.from(trainingMedianRigs(options).human)).toEqual(Array.from(medians.human));
    const both = trainingBaselineRigs(options);
    expect(Array.from(both.mean.robot)).toEqual(Array.from(means.robot));
    expect(Array.from(both.median.human)).toEqual(Array.from(medians.human));
    expect(() => trainingMedianRigs({ ...options, count: 0 })).toThrow(/count/);
    expect(() => trainingMeanRigs(null as never)).toThrow(/options must be an object, got null/);
  });

  it('heldOutRigs names a missing options object or network', async () => {
    await expect(heldOutRigs(null as never)).rejects.toThrow(/options must be an object, got null/);
    await expect(heldOutRigs({ avatars: ['toon'], count: 2, seed: 1 } as never)).rejects.toThrow(
      /options\.network must be an object, got undefined/,
    );
  });
});
