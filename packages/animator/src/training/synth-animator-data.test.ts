import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ExpressionModel } from '@freeavatar/expression-encoder';
import {
  AVATARS,
  DEFAULT_KIND_WEIGHTS,
  createAlignedFaceRenderer,
  createFaceSceneStream,
  identitySplit,
  retarget,
} from '@freeavatar/synth';
import { meanFeature } from './neutral-feature.js';
import { createSynthAnimatorData } from './synth-animator-data.js';

describe('createSynthAnimatorData', () => {
  it('pairs aligned actor crops with each avatar’s rigs and renders, deterministically', () => {
    const options = {
      avatars: ['robot', 'toon'] as const,
      batchSize: 2,
      cropSize: 16,
      renderSize: 16,
      seed: 3,
    };
    const data = createSynthAnimatorData(options);
    const before = tf.memory().numTensors;
    const batch = data.batchAt(1);
    expect(batch.avatars.map((p) => p.avatar)).toEqual(['robot', 'toon']);
    const [robot, toon] = batch.avatars;
    expect(robot.crops).toBe(toon.crops); // shared actors
    expect(robot.crops.shape).toEqual([2, 16, 16, 3]);
    expect(robot.rigs.shape).toEqual([2, AVATARS.robot.rig.length]);
    expect(toon.rigs.shape).toEqual([2, AVATARS.toon.rig.length]);
    expect(robot.renders!.shape).toEqual([2, 16, 16, 3]);
    const crops = robot.crops.dataSync();
    expect(Math.min(...crops)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...crops)).toBeLessThanOrEqual(1);
    const again = createSynthAnimatorData(options).batchAt(1);
    expect(Array.from(again.avatars[1].rigs.dataSync())).toEqual(Array.from(toon.rigs.dataSync()));
    expect(Array.from(again.avatars[0].crops.dataSync())).toEqual(Array.from(crops));
    const other = data.batchAt(2);
    expect(Array.from(other.avatars[0].crops.dataSync())).not.toEqual(Array.from(crops));
    for (const b of [batch, again, other]) {
      tf.dispose(b.avatars.flatMap((p) => [p.crops, p.rigs, p.renders!]));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exposes the scene of each actor, matching the rigs of its batch', () => {
    const data = createSynthAnimatorData({
      avatars: ['toon'],
      batchSize: 2,
      cropSize: 16,
      renderSize: 8,
      seed: 5,
    });
    const batch = data.batchAt(1);
    const rigs = batch.avatars[0].rigs.arraySync();
    expect(Array.from(retarget('toon', data.actorScene(3).expression))).toEqual(
      rigs[1].map((v) => Math.fround(v)),
    );
    tf.dispose(batch.avatars.flatMap((p) => [p.crops, p.rigs, p.renders!]));
    expect(() => data.actorScene(-1)).toThrow(/index must be a non-negative integer/);
  });

  it('gives each avatar its own actors unless shared, and neutral crops of resting faces', async () => {
    const data = createSynthAnimatorData({
      avatars: ['human', 'robot'],
      batchSize: 1,
      cropSize: 16,
      renderSize: 8,
      shareActors: false,
    });
    const before = tf.memory().numTensors;
    const batch = data.batchAt(0);
    const [human, robot] = batch.avatars;
    expect(human.crops).not.toBe(robot.crops);
    expect(Array.from(human.crops.dataSync())).not.toEqual(Array.from(robot.crops.dataSync()));
    // The human rig is ARKit itself, so its ground truth is the actor's expression.
    expect(human.rigs.shape).toEqual([1, 52]);
    const neutral = data.neutralCrops(3);
    expect(neutral.shape).toEqual([3, 16, 16, 3]);
    const encoder = ExpressionModel.create(
      { imageSize: 16, patchSize: 8, dim: 8, depth: 1, heads: 2 },
      1,
    );
    const mean = await meanFeature(encoder, neutral, 2);
    const expected = tf.tidy(() => tf.mean(encoder.features(neutral), 0));
    Array.from(expected.dataSync()).forEach((v, i) => expect(mean[i]).toBeCloseTo(v, 5));
    await expect(meanFeature(encoder, robot.renders!)).rejects.toThrow(
      /crops must have shape \[n ≥ 1, 16, 16, 3\]/,
    );
    await expect(meanFeature(null as never, neutral)).rejects.toThrow(
      /encoder must be an expression model, got null/,
    );
    encoder.dispose();
    tf.dispose([expected, neutral, ...batch.avatars.flatMap((p) => [p.crops, p.rigs, p.renders!])]);
    expect(tf.memory().numTensors).toBe(before);
    expect(retarget('robot', new Float32Array(52))).toHaveLength(robot.rigs.shape[1]);
  });

  it('counts the share of actors showing each control, as training draws them', () => {
    const count = 300;
    const data = createSynthAnimatorData({ avatars: ['human', 'robot'], seed: 3 });
    const before = tf.memory().numTensors;
    const shares = data.controlShares(count);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(shares)).toEqual(['human', 'robot']);
    expect(shares.robot).toHaveLength(AVATARS.robot.rig.length);
    const jaw = AVATARS.human.rig.findIndex((c) => c.name === 'jawOpen');
    const shown = Array.from(
      { length: count },
      (_, i) => retarget('human', data.actorScene(i).expression)[jaw],
    );
    expect(shares.human[jaw]).toBeCloseTo(shown.filter((v) => v > 0.1).length / count, 6);
    expect(data.controlShares(count, 0.5).human[jaw]).toBeLessThan(shares.human[jaw]);
    // rare controls drawn more often show more often
    const pucker = AVATARS.human.rig.findIndex((c) => c.name === 'mouthPucker');
    const boosted = createSynthAnimatorData({ avatars: ['human'], seed: 3, rareBoost: 20 });
    expect(boosted.controlShares(count).human[pucker]).toBeGreaterThan(shares.human[pucker]);
    expect(() => data.controlShares(0)).toThrow(/count must be an integer in 1..1000000, got 0/);
    expect(() => data.controlShares(10, 1)).toThrow(
      /threshold must be a number in \[0, 1\), got 1/,
    );
  });

  it('rejects bad options', () => {
    expect(() => createSynthAnimatorData({ avatars: [] })).toThrow(/at least one avatar/);
    expect(() => createSynthAnimatorData({ avatars: ['robot', 'robot'] })).toThrow(
      /must not repeat/,
    );
    expect(() => createSynthAnimatorData({ avatars: ['cat' as 'robot'] })).toThrow(/cat/);
    expect(() => createSynthAnimatorData({ avatars: ['robot'], batchSize: 0 })).toThrow(
      /batchSize must be an integer in 1..1024, got 0/,
    );
    expect(() => createSynthAnimatorData({ avatars: ['robot'] }).batchAt(-1)).toThrow(
      /step must be/,
    );
    expect(() => createSynthAnimatorData({ avatars: ['robot'], split: 'dev' as 'test' })).toThrow(
      /split must be one of train, val, test, got dev/,
    );
  });

  it('draws actors from the split it is given (train by default)', () => {
    const options = { avatars: ['human'] as const, batchSize: 1, cropSize: 16, renderSize: 8 };
    const before = tf.memory().numTensors;
    const crop = (split?: 'train' | 'test'): number[] => {
      const batch = createSynthAnimatorData({ ...options, seed: 5, rareBoost: 1, split }).batchAt(
        0,
      );
      const values = Array.from(batch.avatars[0].crops.dataSync());
      tf.dispose(batch.avatars.flatMap((p) => [p.crops, p.rigs, p.renders!]));
      return values;
    };
    const faces = createAlignedFaceRenderer({ size: 16 });
    const expected = (split: 'train' | 'test'): number[] => {
      const stream = createFaceSceneStream({
        split,
        seed: 5,
        expression: { kindWeights: DEFAULT_KIND_WEIGHTS },
      });
      const scene = stream.sceneAt(0);
      expect(identitySplit(scene.identity as number)).toBe(split);
      return Array.from(faces.render(scene).image.data, (v) => v / 255);
    };
    const test = crop('test');
    const train = crop('train');
    const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(maxDiff(test, expected('test'))).toBeLessThan(1e-5);
    expect(maxDiff(train, expected('train'))).toBeLessThan(1e-5);
    expect(crop()).toEqual(train);
    expect(maxDiff(test, train)).toBeGreaterThan(0.05);
    expect(tf.memory().numTensors).toBe(before);
  });
});
