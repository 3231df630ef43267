import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFromEmbeddingsFile } from './embeddings-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-embeddings-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const box = { x: 1, y: 2, width: 30, height: 40 };

describe('indexFromEmbeddingsFile', () => {
  it('reads image and video records with the metadata the index file would hold', async () => {
    const file = join(dir, 'faces.jsonl');
    const records = [
      { id: 'a.png#0', source: 'a.png', face: 0, box, score: 0.9, embedding: [3, 4, 0] },
      {
        id: 'clip.mp4@7#1',
        source: '/videos/clip.mp4',
        frame: 7,
        timestampMs: 1400,
        fps: 5,
        face: 1,
        box,
        score: 1,
        embedding: [0, 0, 2],
      },
    ];
    await writeFile(file, `${records.map((r) => JSON.stringify(r)).join('\n\n')}\n`);
    const index = await indexFromEmbeddingsFile(file);
    expect([index.size, index.dim]).toEqual([2, 3]);
    expect(index.get('a.png#0')?.metadata).toEqual({
      source: resolve('a.png'),
      kind: 'image',
      face: 0,
      box,
      score: 0.9,
    });
    expect(index.get('clip.mp4@7#1')?.metadata).toEqual({
      source: '/videos/clip.mp4',
      kind: 'video',
      frame: 7,
      timestampMs: 1400,
      fps: 5,
      face: 1,
      box,
      score: 1,
    });
    const [best] = index.search([0.6, 0.8, 0], 1);
    expect(best.id).toBe('a.png#0');
    expect(best.score).toBeCloseTo(1, 6);
  });

  it('gives an empty index for an empty file, and names a record without an embedding', async () => {
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '\n');
    expect((await indexFromEmbeddingsFile(empty)).size).toBe(0);
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, JSON.stringify({ id: 'x', source: 'x.png', box, embedding: [] }));
    await expect(indexFromEmbeddingsFile(bad)).rejects.toThrow(/bad\.jsonl line 1: .*no embedding/);
  });

  it('names a path that is not a string', async () => {
    await expect(indexFromEmbeddingsFile(null as never)).rejects.toThrow(
      /path must be a non-empty string, got null/,
    );
  });
});
