import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@freeavatar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ExpressionIndex } from './expression-index.js';
import { TopK } from './top-k.js';

function randomVectors(n: number, dim: number, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: dim }, () => rng.normal()));
}

function bruteForce(vectors: Map<string, Float32Array>, query: ArrayLike<number>, k: number) {
  const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
  const qn = norm(query);
  return [...vectors.entries()]
    .map(([id, v]) => ({
      id,
      score: Array.from(v).reduce((s, x, j) => s + x * query[j], 0) / (norm(v) * qn),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('ExpressionIndex', () => {
  it('finds the same neighbours as brute force, through growth and removals', () => {
    for (const dim of [16, 5]) {
      const index = new ExpressionIndex<{ n: number }>({ dim, initialCapacity: 4 });
      const truth = new Map<string, Float32Array>();
      randomVectors(500, dim, dim).forEach((v, i) => {
        index.add(`item-${i}`, v, { n: i });
        truth.set(`item-${i}`, v);
      });
      for (let i = 0; i < 500; i += 3) {
        expect(index.remove(`item-${i}`)).toBe(true);
        truth.delete(`item-${i}`);
      }
      expect(index.remove('item-0')).toBe(false);
      expect(index.size).toBe(truth.size);
      for (const query of randomVectors(20, dim, 100 + dim)) {
        const got = index.search(query, 7);
        const want = bruteForce(truth, query, 7);
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => {
          expect(h.score).toBeCloseTo(want[i].score, 5);
          expect(h.distance).toBeCloseTo(Math.sqrt(2 - 2 * want[i].score), 5);
          expect(h.metadata?.n).toBe(Number(h.id.slice(5)));
        });
      }
    }
  });

  it('filters, thresholds, searches by id, and stores unit vectors', () => {
    const index = new ExpressionIndex<{ group: string }>({ dim: 2 });
    index.add('east', [2, 0], { group: 'a' });
    index.add('north', [0, 3], { group: 'b' });
    index.add('northeast', [1, 1], { group: 'a' });
    expect(index.get('east')?.embedding).toEqual(Float32Array.from([1, 0]));
    expect(index.search([1, 0.1], 2).map((h) => h.id)).toEqual(['east', 'northeast']);
    expect(
      index.search([1, 0], 3, { filter: (_, m) => m?.group === 'b' }).map((h) => h.id),
    ).toEqual(['north']);
    expect(index.search([1, 0], 3, { minScore: 0.5 }).map((h) => h.id)).toEqual([
      'east',
      'northeast',
    ]);
    expect(index.searchById('east', 5).map((h) => h.id)).toEqual(['northeast', 'north']);
    expect(index.search([1, 0], 100)).toHaveLength(3);
    expect(index.keys().sort()).toEqual(['east', 'north', 'northeast']);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.search([1, 0], 3)).toEqual([]);
  });

  it('names bad calls', () => {
    const index = new ExpressionIndex({ dim: 3 });
    index.add('a', [1, 2, 3]);
    expect(() => index.add('a', [1, 2, 3])).toThrow(/id "a" is already in the index/);
    expect(() => index.add('b', [1, 2])).toThrow(/embedding of "b" must have 3 values, got 2/);
    expect(() => index.add('c', [0, 0, 0])).toThrow(/finite and not all zero/);
    expect(() => index.add('d', [NaN, 0, 0])).toThrow(/finite and not all zero/);
    expect(() => index.search([1, 0, 0], 0)).toThrow(/k must be a positive integer, got 0/);
    expect(() => index.searchById('zzz')).toThrow(/id "zzz" is not in the index/);
    expect(() => new ExpressionIndex({ dim: 0 })).toThrow(/dim must be a positive integer, got 0/);
    expect(() => new ExpressionIndex(null as never)).toThrow(/options must be an object, got null/);
    expect(() => index.addMany(42 as never)).toThrow(
      /items must be an iterable .* got the number 42/,
    );
    expect(() => index.addMany([null as never])).toThrow(/each item must be an object, got null/);
  });

  it('names a bad path to save to, before touching the file system', async () => {
    const index = new ExpressionIndex({ dim: 3 });
    await expect(index.save(null as never)).rejects.toThrow(/path must be a non-empty string/);
  });

  it('round-trips through bytes and files, metadata included', async () => {
    const index = new ExpressionIndex<{ frame: number; tag?: string }>();
    randomVectors(100, 16, 3).forEach((v, i) =>
      index.add(`f${i}`, v, i % 2 ? { frame: i, tag: 'odd' } : undefined),
    );
    index.remove('f10');
    const dir = await mkdtemp(join(tmpdir(), 'fa-index-'));
    dirs.push(dir);
    const file = join(dir, 'sub', 'frames.faidx');
    await index.save(file);
    const loaded = await ExpressionIndex.load<{ frame: number; tag?: string }>(file);
    expect(loaded.size).toBe(99);
    expect(loaded.keys()).toEqual(index.keys());
    expect(loaded.get('f11')).toEqual(index.get('f11'));
    expect(loaded.get('f12')?.metadata).toBeUndefined();
    const q = randomVectors(1, 16, 9)[0];
    expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
    // Still a working index after loading: it grows and removes.
    loaded.add('new', q);
    expect(loaded.search(q, 1)[0].id).toBe('new');

    const bytes = index.toBytes();
    expect(() => ExpressionIndex.fromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(
      /expected \d+ bytes, got/,
    );
    expect(() => ExpressionIndex.fromBytes(new Uint8Array(20))).toThrow(/missing magic/);
    await writeFile(join(dir, 'junk'), 'hello world, not an index');
    await expect(ExpressionIndex.load(join(dir, 'junk'))).rejects.toThrow(
      /junk: Not an expression index file: missing magic .*freeavatar embed --index FILE/,
    );
    await expect(ExpressionIndex.load(join(dir, 'missing'))).rejects.toThrow(
      /Cannot read index file/,
    );
  });
});

describe('TopK', () => {
  it('keeps the k largest, best first', () => {
    const top = new TopK(3);
    [5, 1, 9, 3, 7, 2, 8].forEach((s, i) => top.push(s, i));
    expect(top.sorted()).toEqual([
      { score: 9, slot: 2 },
      { score: 8, slot: 6 },
      { score: 7, slot: 4 },
    ]);
  });
});
