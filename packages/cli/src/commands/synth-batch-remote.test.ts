import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import type { FaceBatch, TripletImageBatch } from '@freeavatar/synth';
import { renderedSynthBatches } from './synth-batch-remote.js';
import type { SynthBatchJob } from './synth-batch-worker.js';

const faces: SynthBatchJob = {
  kind: 'faces',
  options: { batchSize: 3, size: 32, split: 'train', seed: 4, startBatch: 7, batches: 2 },
};

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('renderedSynthBatches', () => {
  it('gives the same batches on the worker thread as on the calling thread', async () => {
    const remote = await collect(renderedSynthBatches<FaceBatch>(faces));
    const local = await collect(renderedSynthBatches<FaceBatch>(faces, { worker: false }));
    expect(remote.map((b) => b.index)).toEqual([7, 8]);
    expect(local.map((b) => b.index)).toEqual([7, 8]);
    remote.forEach((batch, b) => {
      expect(batch.images).toHaveLength(3);
      batch.images.forEach((image, i) => {
        expect(image.width).toBe(32);
        expect(Array.from(image.data)).toEqual(Array.from(local[b].images[i].data));
      });
      expect(batch.labels.map((l) => Array.from(l.weights))).toEqual(
        local[b].labels.map((l) => Array.from(l.weights)),
      );
      expect(batch.labels.map((l) => l.identity)).toEqual(local[b].labels.map((l) => l.identity));
    });
  });

  it('renders triplets, and stops the worker when the caller stops early', async () => {
    const job: SynthBatchJob = {
      kind: 'triplets',
      options: { batchSize: 2, size: 32, split: 'train', seed: 2 },
    };
    let seen = 0;
    for await (const batch of renderedSynthBatches<TripletImageBatch>(job, { depth: 1 })) {
      expect(batch.anchor).toHaveLength(2);
      expect(batch.negative[0].data.length).toBe(32 * 32 * 3);
      expect(batch.types).toHaveLength(2);
      if (++seen === 2) break; // an endless stream: the worker must end here
    }
    expect(seen).toBe(2);
  });

  it('passes on the error of bad options, and checks its own', async () => {
    const bad: SynthBatchJob = {
      kind: 'faces',
      options: { batchSize: 0, size: 32, split: 'train', seed: 1 },
    };
    await expect(collect(renderedSynthBatches(bad))).rejects.toThrow(
      new FreeAvatarError('INVALID_ARGUMENT', 'batchSize must be a positive integer, got 0'),
    );
    await expect(collect(renderedSynthBatches(bad, { worker: false }))).rejects.toThrow(
      'batchSize must be a positive integer, got 0',
    );
    await expect(collect(renderedSynthBatches(faces, { depth: 0 }))).rejects.toThrow(
      'depth must be a positive integer, got 0',
    );
  });
});
