import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@freeavatar/core';
import { ExpressionModel } from '@freeavatar/expression-encoder';
import { AVATARS } from '@freeavatar/synth';
import { createAnimatorNetwork, type AnimatorNetwork } from '../network/animator-network.js';
import { loadAnimatorNetwork } from '../network/network-file.js';
import { createNeuralRenderer, type NeuralRenderer } from '../renderer/neural-renderer.js';
import type { AnimatorBatch } from './animator-batch.js';
import { animatorTrainingStep } from './animator-step.js';
import { trainAnimator } from './train-animator.js';

const SIZE = 16;
const ENCODER = { imageSize: SIZE, patchSize: 8, dim: 16, depth: 1, heads: 2 };
const NET = { width: 16, identitySize: 4 };
const IDS = ['robot', 'toon'] as const;

let dir = '';
let encoder: ExpressionModel;
let renderers: Record<string, NeuralRenderer>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'train-animator-'));
  encoder = ExpressionModel.create(ENCODER, 1);
  renderers = Object.fromEntries(
    IDS.map((id) => [id, createNeuralRenderer({ avatar: id, imageSize: SIZE, width: 16 })]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  encoder.dispose();
  Object.values(renderers).forEach((r) => r.dispose());
});

/** A deterministic hand-made batch for `avatars`: random crops, rigs and renders of step `step`. */
function batch(
  step: number,
  avatars: readonly { id: string; rig: string }[],
  n = 4,
): AnimatorBatch {
  const rng = createRng(step);
  const values = (count: number): Float32Array =>
    Float32Array.from({ length: count }, () => rng.next());
  return {
    avatars: avatars.map(({ id, rig }) => {
      const controls = AVATARS[rig as 'robot'].rig.length;
      return {
        avatar: id,
        crops: tf.tensor4d(values(n * SIZE * SIZE * 3), [n, SIZE, SIZE, 3]),
        rigs: tf.tensor2d(values(n * controls), [n, controls]),
        renders: tf.tensor4d(values(n * SIZE * SIZE * 3), [n, SIZE, SIZE, 3]),
      };
    }),
  };
}

const BOTH = IDS.map((id) => ({ id, rig: id }));

function data(avatars: readonly { id: string; rig: string }[], fixed = false) {
  return (start: number): AsyncIterable<AnimatorBatch> =>
    (async function* () {
      for (let step = start; ; step++) yield batch(fixed ? 0 : step, avatars);
    })();
}

function snapshot(net: AnimatorNetwork, names = Object.keys(net.params)): Record<string, number[]> {
  return Object.fromEntries(names.map((n) => [n, Array.from(net.params[n].dataSync())]));
}

describe('trainAnimator', () => {
  it('lowers the loss on a fixed batch, logs each term, checkpoints and saves the network', async () => {
    const before = tf.memory().numTensors;
    const metrics: Record<string, number>[] = [];
    const outDir = join(dir, 'fit');
    const neutral = tf.fill([3, SIZE, SIZE, 3], 0.5) as tf.Tensor4D;
    const { network, result, model } = await trainAnimator({
      encoder,
      renderers,
      networkConfig: NET,
      data: data(BOTH, true),
      neutralCrops: () => neutral.clone(),
      steps: 8,
      seed: 3,
      learningRate: 3e-3,
      cycles: 1,
      outDir,
      onProgress: (e) => {
        if (e.metrics?.loss !== undefined) metrics.push(e.metrics);
      },
    });
    expect(result).toMatchObject({ stopped: 'completed', step: 8 });
    expect(metrics).toHaveLength(8);
    for (const term of ['rig', 'image', 'perceptual', 'symmetry', 'gradNorm']) {
      expect(metrics[0][term], term).toBeGreaterThan(0);
    }
    expect(metrics[7].loss).toBeLessThan(metrics[0].loss * 0.8);
    expect(network.avatars().map((a) => a.id)).toEqual(['robot', 'toon']);
    expect(network.avatars()[1].controls).toEqual(AVATARS.toon.rig.map((c) => c.name));
    const log = (await readFile(join(outDir, 'log.jsonl'), 'utf8')).trim().split('\n');
    expect(log).toHaveLength(8);
    expect(JSON.parse(log[0])).toHaveProperty('perceptual');
    const expected = tf.tidy(() => tf.mean(encoder.features(neutral), 0));
    expect(Array.from(network.neutralFeature!)).toEqual(
      Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 5)),
    );
    expect(model).toBe(join(outDir, 'animator', 'model.json'));
    const loaded = await loadAnimatorNetwork(model!);
    expect(loaded.config).toEqual(network.config);
    expect(snapshot(loaded)).toEqual(snapshot(network));
    tf.dispose([expected, neutral]);
    loaded.dispose();
    network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('weighs the rig absolute error per control, leaking no tensor', async () => {
    const rigL1 = async (rigL1Controls?: Record<string, number[]>): Promise<number> => {
      const metrics: Record<string, number>[] = [];
      const { network } = await trainAnimator({
        encoder,
        renderers,
        networkConfig: NET,
        data: data(BOTH, true),
        steps: 1,
        seed: 4,
        lossWeights: { image: 0, perceptual: 0, rigL1: 1 },
        rigL1Controls,
        onProgress: (e) => {
          if (e.metrics?.loss !== undefined) metrics.push(e.metrics);
        },
      });
      network.dispose();
      return metrics[0].rigL1;
    };
    const ones = (id: 'robot' | 'toon') => AVATARS[id].rig.map(() => 1);
    const before = tf.memory().numTensors;
    const all = await rigL1();
    expect(all).toBeGreaterThan(0);
    expect(await rigL1({ robot: ones('robot'), toon: ones('toon') })).toBeCloseTo(all, 6);
    const none = { robot: ones('robot').map(() => 0), toon: ones('toon').map(() => 0) };
    expect(await rigL1(none)).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    await expect(rigL1({ robot: [1, 1] })).rejects.toThrow(
      /rigL1Controls.robot has 2 weights, the avatar has 12 controls/,
    );
  });

  it('adds a fourth avatar: only its identity row and head change', async () => {
    const base = await trainAnimator({
      encoder,
      renderers,
      avatars: ['robot', 'toon', 'human'].map((id) => ({
        id,
        controls: AVATARS[id as 'robot'].rig.map((c) => c.name),
      })),
      networkConfig: NET,
      data: data(BOTH),
      steps: 2,
      seed: 1,
      lossWeights: { image: 0, perceptual: 0 },
    });
    const net = base.network;
    const toon = AVATARS.toon.rig.map((c) => c.name);
    net.addAvatar({ id: 'toon2', controls: toon }, 7);
    const others = Object.keys(net.params).filter((n) => !n.startsWith('avatar/toon2/'));
    expect(others).toContain('shared/block0/film/kernel');
    const frozen = snapshot(net, others);
    const own = snapshot(net, net.avatarParamNames('toon2'));
    const before = tf.memory().numTensors;
    const { network, result } = await trainAnimator({
      encoder,
      renderers: { toon2: renderers.toon },
      network: net,
      trainOnly: { avatar: 'toon2' },
      // The batches hold the other avatars too: they must be ignored.
      data: data([...BOTH, { id: 'toon2', rig: 'toon' }]),
      steps: 3,
      seed: 2,
    });
    expect(network).toBe(net);
    expect(result.step).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    expect(snapshot(net, others)).toEqual(frozen);
    const after = snapshot(net, net.avatarParamNames('toon2'));
    for (const name of Object.keys(own)) expect(after[name], name).not.toEqual(own[name]);
    net.dispose();
  });

  it('ends an aborted and resumed run with the weights of an uninterrupted one', async () => {
    const common = {
      encoder,
      renderers,
      networkConfig: NET,
      data: data(BOTH),
      steps: 4,
      seed: 5,
      lossWeights: { perceptual: 0 },
    };
    const straight = await trainAnimator(common);
    const outDir = join(dir, 'resume');
    const controller = new AbortController();
    const first = await trainAnimator({
      ...common,
      outDir,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.done === 2) controller.abort();
      },
    });
    expect(first.result).toMatchObject({ stopped: 'aborted', step: 2 });
    first.network.dispose();
    const second = await trainAnimator({ ...common, outDir, resume: true });
    expect(second.result).toMatchObject({ stopped: 'completed', step: 4, startStep: 2 });
    const a = snapshot(straight.network);
    const b = snapshot(second.network);
    for (const name of Object.keys(a)) {
      b[name].forEach((v, i) => expect(v, name).toBeCloseTo(a[name][i], 5));
    }
    straight.network.dispose();
    second.network.dispose();
  });

  it('rejects bad options and batches', async () => {
    const base = { encoder, renderers, networkConfig: NET, data: data(BOTH), steps: 1 };
    const before = tf.memory().numTensors;
    await expect(trainAnimator({ ...base, steps: 0 })).rejects.toThrow(
      /steps must be a positive integer, got 0/,
    );
    await expect(trainAnimator({ ...base, trainOnly: { avatar: 'cat' } })).rejects.toThrow(
      /unknown avatar "cat"/,
    );
    const specs = BOTH.map(({ id }) => ({ id, controls: AVATARS[id].rig.map((c) => c.name) }));
    await expect(
      trainAnimator({ ...base, avatars: specs, renderers: { robot: renderers.robot } }),
    ).rejects.toThrow(/no neural renderer for avatar toon/);
    await expect(
      trainAnimator({ ...base, avatars: [{ id: 'robot', controls: ['a', 'b'] }] }),
    ).rejects.toThrow(/the robot renderer takes 12 controls, the network predicts 2/);
    await expect(
      trainAnimator({
        ...base,
        avatars: [{ id: 'robot', controls: ['a', 'b'] }],
        lossWeights: { image: 0, perceptual: 0 },
      }),
    ).rejects.toThrow(/rigs must be \[4, 2\]/);
    await expect(
      trainAnimator({ ...base, data: data([{ id: 'cat', rig: 'robot' }]) }),
    ).rejects.toThrow(/avatar "cat", which the network does not drive/);
    const other = createAnimatorNetwork({
      featureSize: 8,
      avatars: [{ id: 'robot', controls: ['x'] }],
    });
    await expect(trainAnimator({ ...base, network: other })).rejects.toThrow(
      /network takes 8-d features, the encoder gives 16/,
    );
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('animatorTrainingStep names a setup that is missing what it needs', () => {
    expect(() => animatorTrainingStep(null as never)).toThrow(/setup must be an object, got null/);
    expect(() => animatorTrainingStep({ network: {} } as never)).toThrow(
      /setup.encoder must be an object, got undefined/,
    );
  });
});
