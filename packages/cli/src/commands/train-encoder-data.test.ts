import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageFile } from '@freeavatar/core';
import { assertDataFlags, encoderTrainingData } from './train-encoder-data.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-train-data-'));
  for (let i = 0; i < 3; i++) {
    const data = new Uint8Array(20 * 16 * 3).fill(40 * i);
    await writeImageFile(join(dir, 'faces', `f${i}.png`), { width: 20, height: 16, data });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encoderTrainingData', () => {
  it('serves square image batches of a folder for stage mae', async () => {
    const before = tf.memory().numTensors;
    const data = await encoderTrainingData(
      { stage: 'mae', data: join(dir, 'faces') },
      { imageSize: 16, batchSize: 2, seed: 1 },
    );
    expect(data.stage).toBe('mae');
    expect(data.description).toBe(`image folder ${join(dir, 'faces')} (3 images)`);
    if (data.stage !== 'mae' || typeof data.batches !== 'function') throw new Error('not mae');
    const iterator = data.batches(0)[Symbol.asyncIterator]();
    const batch = (await iterator.next()).value as tf.Tensor4D;
    expect(batch.shape).toEqual([2, 16, 16, 3]);
    batch.dispose();
    await iterator.return?.();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('assertDataFlags', () => {
  it('accepts the flags of each stage and names a missing or misplaced one', () => {
    expect(() => assertDataFlags({ stage: 'mae', data: 'faces' })).not.toThrow();
    expect(() => assertDataFlags({ stage: 'triplet', fec: 'a.csv', images: 'img' })).not.toThrow();
    expect(() => assertDataFlags({ stage: 'mae' })).toThrow(/--stage mae needs --data DIR/);
    expect(() => assertDataFlags({ stage: 'mae', data: 'f', images: 'img' })).toThrow(
      /--images is not used by --stage mae/,
    );
    expect(() => assertDataFlags({ stage: 'triplet', data: 'f' })).toThrow(
      /--data is not used by --stage triplet/,
    );
    expect(() => assertDataFlags({ stage: 'triplet', images: 'img' })).toThrow(
      /--stage triplet needs --fec CSV and --images DIR/,
    );
  });
});
