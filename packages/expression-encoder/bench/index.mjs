/**
 * Prints ExpressionIndex timings on random 16-d embeddings: insert rate, exact top-10 query
 * latency (median of 30 queries), and save/load time and size, at 100k and 1M items.
 * `npm run bench:index -w @freeavatar/expression-encoder` builds and runs it; after a build, also
 * from the repository root:
 *
 *   node packages/expression-encoder/bench/index.mjs [sizes, default 100000,1000000]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@freeavatar/core';
import { ExpressionIndex } from '../dist/index.js';

const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const dim = 16;
const rng = createRng(1);
const vector = () => Float32Array.from({ length: dim }, () => rng.normal());
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = await mkdtemp(join(tmpdir(), 'fa-bench-index-'));

console.log(`ExpressionIndex, ${dim}-d, exact cosine top-10, Node ${process.version}`);
try {
  for (const n of sizes) {
    const index = new ExpressionIndex({ dim });
    const items = Array.from({ length: n }, (_, i) => ({
      id: `item-${i}`,
      embedding: vector(),
      metadata: { i },
    }));
    let t = performance.now();
    index.addMany(items);
    const addMs = performance.now() - t;
    const queries = Array.from({ length: 30 }, vector);
    index.search(queries[0], 10); // warm-up
    const times = queries.map((q) => {
      const s = performance.now();
      index.search(q, 10);
      return performance.now() - s;
    });
    const filtered = queries.slice(0, 5).map((q) => {
      const s = performance.now();
      index.search(q, 10, { filter: (_, m) => m.i % 2 === 0 });
      return performance.now() - s;
    });
    const file = join(dir, `index-${n}.faidx`);
    t = performance.now();
    await index.save(file);
    const saveMs = performance.now() - t;
    t = performance.now();
    const loaded = await ExpressionIndex.load(file);
    const loadMs = performance.now() - t;
    const mb = (await stat(file)).size / 1e6;
    console.log(
      `${String(n).padStart(8)} items: add ${(((n / addMs) * 1000) / 1e6).toFixed(2)} M items/s, ` +
        `query median ${median(times).toFixed(2)} ms (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}), ` +
        `filtered query ${median(filtered).toFixed(2)} ms, save ${saveMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms, ` +
        `file ${mb.toFixed(1)} MB (${loaded.size} items)`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
