import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createAvatarPairStream } from '@freeavatar/synth';
import { createRendererPool, poolBatchIndices, rendererPoolFrom } from './renderer-pool.js';

describe('createRendererPool', () => {
  const stream = createAvatarPairStream({ avatar: 'robot', size: 16, seed: 4 });
  const rigSize = stream.avatar.rig.length;

  it('keeps the stream’s pairs from `first` on, reports progress and makes batches', () => {
    const events: number[] = [];
    const pool = createRendererPool(stream, 5, {
      first: 3,
      onProgress: (e) => events.push(e.done),
    });
    expect(pool.count).toBe(5);
    expect(pool.size).toBe(16);
    expect(pool.rigSize).toBe(rigSize);
    expect(events[events.length - 1]).toBe(5);
    const pair = stream.pairAt(3 + 2);
    expect(Array.from(pool.rigs.subarray(2 * rigSize, 3 * rigSize))).toEqual(Array.from(pair.rig));
    const before = tf.memory().numTensors;
    const { rigs, images } = pool.batch([2, 0]);
    expect(rigs.shape).toEqual([2, rigSize]);
    expect(images.shape).toEqual([2, 16, 16, 3]);
    const values = images.dataSync();
    expect(values[7]).toBeCloseTo(pair.image.data[7] / 255, 6);
    expect(Array.from(rigs.dataSync().subarray(0, rigSize))).toEqual(Array.from(pair.rig));
    tf.dispose([rigs, images]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => pool.batch([5])).toThrow(/pool index must be an integer in 0..4, got 5/);
  });

  it('averages its images per pixel', () => {
    const pool = createRendererPool(stream, 3);
    const mean = pool.meanImage();
    expect(mean.width).toBe(16);
    const pixels = 16 * 16 * 3;
    for (const j of [0, 100, pixels - 1]) {
      const sum = pool.images[j] + pool.images[pixels + j] + pool.images[2 * pixels + j];
      expect(mean.data[j]).toBe(Math.round(sum / 3));
    }
  });

  it('rejects bad counts and arrays that do not fit', () => {
    expect(() => createRendererPool(stream, 0)).toThrow(/pool count must be a positive integer/);
    expect(() => createRendererPool(stream, 2, { first: -1 })).toThrow(/first must be/);
    expect(() =>
      rendererPoolFrom({
        avatar: 'robot',
        size: 16,
        rigSize,
        rigs: new Float32Array(2 * rigSize),
        images: new Uint8Array(16 * 16 * 3),
      }),
    ).toThrow(/pool images must be a Uint8Array of 2 × 16×16×3 bytes, got 768/);
    expect(() =>
      rendererPoolFrom({
        avatar: 'robot',
        size: 16,
        rigSize,
        rigs: new Float32Array(rigSize + 1),
        images: new Uint8Array(0),
      }),
    ).toThrow(/pool rigs must be a Float32Array of n × 12 values, got 13 values/);
    expect(() => rendererPoolFrom(null as never)).toThrow(/data must be an object, got null/);
    expect(() => rendererPoolFrom({ avatar: 'robot', size: 16, rigSize } as never)).toThrow(
      /pool rigs must be a Float32Array of n × 12 values, got undefined/,
    );
  });
});

describe('poolBatchIndices', () => {
  it('walks seeded shuffles of the pool, one epoch after another, reproducibly', () => {
    const count = 10;
    const steps = Array.from({ length: 5 }, (_, s) => poolBatchIndices(count, 3, s, 4));
    const flat = steps.flat();
    expect(new Set(flat.slice(0, 10)).size).toBe(10);
    expect(new Set(flat.slice(10, 20)).size).toBe(10);
    expect(flat.slice(0, 10)).not.toEqual(flat.slice(10, 20));
    expect(poolBatchIndices(count, 3, 2, 4)).toEqual(steps[2]);
    expect(poolBatchIndices(count, 4, 0, 10)).not.toEqual(flat.slice(0, 10));
  });

  it('rejects bad arguments', () => {
    expect(() => poolBatchIndices(0, 1, 0, 4)).toThrow(/count must be a positive integer, got 0/);
    expect(() => poolBatchIndices(4, 1, -1, 4)).toThrow(/step must be an integer ≥ 0, got -1/);
    expect(() => poolBatchIndices(4, 1, 0, 0)).toThrow(/batchSize must be a positive integer/);
  });
});
