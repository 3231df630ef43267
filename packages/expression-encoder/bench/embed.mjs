/**
 * Prints inference speed of the `tiny` preset per backend: embeddings per second for batches of
 * 32 aligned crops, and single-face latency, through `createExpressionEncoder` (input already
 * at the model's size; random weights, which do not change the speed). `npm run bench:embed -w
 * @freeavatar/expression-encoder` builds and runs it; after a build, also from the repository root:
 *
 *   node packages/expression-encoder/bench/embed.mjs [--backends wasm,cpu] [--seconds 3] [--eye-reader 128]
 *
 * With `--eye-reader W` each backend is timed twice, without and with an eye reader W wide.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExpressionModel, createExpressionEncoder, saveExpressionModel } from '../dist/index.js';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const backends = (args.backends ?? 'wasm,cpu').split(',');
const seconds = Number(args.seconds ?? 3);
const eyeReader = Number(args['eye-reader'] ?? 0);

const dir = await mkdtemp(join(tmpdir(), 'fa-bench-embed-'));
const models = [];
for (const width of eyeReader > 0 ? [0, eyeReader] : [0]) {
  const path = join(dir, `model-${width}.json`);
  const model = ExpressionModel.create({ eyeReader: width }, 1);
  await saveExpressionModel(model, path);
  model.dispose();
  models.push({ path, label: width > 0 ? `, eye reader ${width}` : '' });
}

async function rate(fn, minSeconds) {
  await fn(); // warm-up
  const times = [];
  const start = performance.now();
  while (performance.now() - start < minSeconds * 1000 || times.length < 3) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log(
  `tiny preset (${64}px, patch 8, dim 128, depth 4) inference, medians over ≥${seconds} s`,
);
try {
  for (const [backend, { path, label }] of backends.flatMap((b) => models.map((m) => [b, m]))) {
    const encoder = await createExpressionEncoder({ model: path, backend });
    const size = encoder.config.imageSize;
    const batch = tf.randomUniform([32, size, size, 3], 0, 1, 'float32', 1);
    const one = tf.randomUniform([1, size, size, 3], 0, 1, 'float32', 2);
    // One face is timed before and after the batches: on wasm, a process that began with
    // batches of 32 has timed single faces slower (cause not found), so both are printed.
    const oneFreshMs = await rate(() => encoder.embed(one), seconds);
    const batchMs = await rate(() => encoder.embed(batch), seconds);
    const oneMs = await rate(() => encoder.embed(one), seconds);
    console.log(
      `${(encoder.backend + label).padEnd(6)} batch 32: ${((32 / batchMs) * 1000).toFixed(0)} faces/s (${batchMs.toFixed(1)} ms per batch); ` +
        `single face: ${oneFreshMs.toFixed(2)} ms first, ${oneMs.toFixed(2)} ms after the batches`,
    );
    tf.dispose([batch, one]);
    encoder.dispose();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
