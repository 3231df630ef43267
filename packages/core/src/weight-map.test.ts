import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError } from './errors.js';
import { loadWeightMap, saveWeightMap } from './weight-map.js';

let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'freeavatar-weights-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveWeightMap and loadWeightMap', () => {
  it('round-trips named tensors and metadata through a folder', async () => {
    const kernel = tf.tensor2d([
      [1.5, -2],
      [3, 4.25],
    ]);
    const steps = tf.tensor1d([7, 8, 9], 'int32');
    const path = join(dir, 'head', 'model.json');
    await saveWeightMap({ 'head/kernel': kernel, 'head/steps': steps }, path, {
      preset: 'tiny',
      epoch: 3,
    });
    const before = tf.memory().numTensors;
    const { weights, metadata } = await loadWeightMap(path);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(metadata).toEqual({ preset: 'tiny', epoch: 3 });
    expect(Object.keys(weights).sort()).toEqual(['head/kernel', 'head/steps']);
    expect(weights['head/kernel'].shape).toEqual([2, 2]);
    expect(Array.from(await weights['head/kernel'].data())).toEqual([1.5, -2, 3, 4.25]);
    expect(weights['head/steps'].dtype).toBe('int32');
    expect(Array.from(await weights['head/steps'].data())).toEqual([7, 8, 9]);
    tf.dispose([kernel, steps, ...Object.values(weights)]);
  });

  it('works with any IOHandler', async () => {
    let saved: tf.io.ModelArtifacts | undefined;
    const sink = tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    });
    const w = tf.scalar(2.5);
    await saveWeightMap({ w }, sink);
    const { weights } = await loadWeightMap(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    expect((await weights.w.data())[0]).toBe(2.5);
    tf.dispose([w, weights.w]);
  });

  it('saves without leaking tensors', async () => {
    const w = tf.ones([3, 3]);
    const before = tf.memory().numTensors;
    await saveWeightMap({ w }, join(dir, 'leak', 'model.json'));
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('refuses an empty weight map', async () => {
    await expect(saveWeightMap({}, join(dir, 'empty', 'model.json'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('names weights that are not an object of tensors', async () => {
    const path = join(dir, 'bad', 'model.json');
    await expect(saveWeightMap(null as never, path)).rejects.toThrow(/weights must be an object/);
    await expect(saveWeightMap({ w: 42 } as never, path)).rejects.toThrow(
      /weights\["w"\] must be a tf.Tensor, got the number 42/,
    );
  });

  it('names a missing shard with MODEL_LOAD_FAILED', async () => {
    const path = join(dir, 'shardless', 'model.json');
    const w = tf.ones([2]);
    await saveWeightMap({ w }, path);
    w.dispose();
    await rm(join(dir, 'shardless', 'model.weights.bin'));
    const err = await loadWeightMap(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreeAvatarError);
    expect((err as FreeAvatarError).code).toBe('MODEL_LOAD_FAILED');
    expect((err as FreeAvatarError).message).toContain('model.weights.bin');
  });

  it('names a missing model.json', async () => {
    const path = join(dir, 'none', 'model.json');
    await expect(loadWeightMap(path)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      subject: path,
    });
  });
});
