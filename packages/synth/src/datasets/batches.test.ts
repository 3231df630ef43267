import { describe, expect, it } from 'vitest';
import { createFaceRenderer } from '../render/face-renderer.js';
import { faceBatches, tripletBatches } from './batches.js';
import { createEmotionCategorizer } from './emotion-category.js';
import { createFaceSceneStream } from './scene-stream.js';

const categorizer = createEmotionCategorizer();
const SIZE = 32;
const base = { size: SIZE, split: 'train', seed: 5, identityCount: 4 } as const;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('faceBatches', () => {
  it('yields the stream samples in order, and resumes at startBatch', async () => {
    const renderer = createFaceRenderer({ size: SIZE, categorizer });
    const all = await collect(faceBatches({ ...base, batchSize: 3, batches: 3, renderer }));
    expect(all.map((b) => b.index)).toEqual([0, 1, 2]);
    expect(all.every((b) => b.images.length === 3 && b.labels.length === 3)).toBe(true);
    const resumed = await collect(
      faceBatches({ ...base, batchSize: 3, startBatch: 2, batches: 1, renderer }),
    );
    expect(resumed[0].images.map((i) => i.data)).toEqual(all[2].images.map((i) => i.data));
    const stream = createFaceSceneStream(base);
    const direct = renderer.render(stream.sceneAt(4));
    expect(all[1].images[1].data).toEqual(direct.image.data);
    expect(all[1].labels[1]).toEqual(direct.label);
    expect(all[1].landmarks2d[1]).toEqual(direct.landmarks2d);
  });

  it('checks its options before the first batch', () => {
    expect(() => faceBatches({ ...base, batchSize: 0 })).toThrow(
      /batchSize must be a positive integer, got 0/,
    );
    expect(() => faceBatches({ ...base, batchSize: 2, startBatch: -1 })).toThrow(
      /startBatch must be a non-negative integer, got -1/,
    );
    const renderer = createFaceRenderer({ size: 48, categorizer });
    expect(() => faceBatches({ ...base, batchSize: 2, renderer })).toThrow(
      /renderer size 48 differs from size 32/,
    );
  });
});

describe('tripletBatches', () => {
  it('yields anchor, positive and negative images with the triplet types', async () => {
    const options = { ...base, batchSize: 2, batches: 2, categorizer };
    const [first, second] = await collect(tripletBatches(options));
    expect(first.anchor.length).toBe(2);
    expect(first.positive.length).toBe(2);
    expect(first.negative.length).toBe(2);
    expect(first.types).toEqual(first.triplets.map((t) => t.type));
    expect(second.triplets[0].index).toBe(2);
    const renderer = createFaceRenderer({ size: SIZE, categorizer });
    const t = second.triplets[1];
    expect(second.negative[1].data).toEqual(renderer.render(t.faces[t.negative]).image.data);
    const [again] = await collect(tripletBatches({ ...options, startBatch: 1, batches: 1 }));
    expect(again.anchor.map((i) => i.data)).toEqual(second.anchor.map((i) => i.data));
  });
});
