/**
 * Times `freeavatar train encoder` on synth data with the batches rendered on a worker thread
 * (the default) and on the training thread, alternating (thread, worker, thread, worker) so
 * that both sides share the session's warm-up and load, and prints steps per second and the
 * ratio of the means. Build first (`npm run build`), then from the repository root:
 *
 *   node packages/cli/bench/train-encoder.mjs [--stage expression|mae|triplet] [--steps 40]
 *     [--batch 32] [--rounds 2] [--backend wasm]
 *
 * Each run starts from random `tiny` weights in a temporary folder (the stage's first steps
 * cost the same as later ones); the first `--warmup 5` steps of each run are left out of its
 * rate, which is read from the run's log timestamps.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrainEncoder } from '../dist/commands/train-encoder.js';

const argv = process.argv.slice(2);
const args = Object.fromEntries(
  argv.flatMap((a, i) => (a.startsWith('--') ? [[a.slice(2), argv[i + 1]]] : [])),
);
const stage = args.stage ?? 'expression';
const steps = Number(args.steps ?? 40);
const batch = Number(args.batch ?? (stage === 'triplet' ? 16 : 32));
const rounds = Number(args.rounds ?? 2);
const warmup = Number(args.warmup ?? 5);
const backend = args.backend ?? 'wasm';
if (!(steps > warmup + 1)) throw new Error(`--steps must exceed --warmup + 1, got ${steps}`);

const root = await mkdtemp(join(tmpdir(), 'bench-train-encoder-'));
const rates = { thread: [], worker: [] };
try {
  for (let round = 0; round < rounds; round++) {
    for (const where of ['thread', 'worker']) {
      const out = join(root, `${where}-${round}`);
      await runTrainEncoder({
        stage,
        out,
        synth: true,
        steps,
        batch,
        seed: 1,
        backend,
        renderWorker: where === 'worker',
        checkpointMinutes: 1e6,
      });
      const log = (await readFile(join(out, 'log.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const t0 = Date.parse(log[warmup - 1].time);
      const t1 = Date.parse(log.at(-1).time);
      const rate = (log.length - warmup) / ((t1 - t0) / 1000);
      rates[where].push(rate);
      console.log(`${where.padEnd(6)} round ${round + 1}: ${rate.toFixed(2)} steps/s`);
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `stage ${stage}, batch ${batch}, backend ${backend}: rendered on the training thread ` +
    `${rates.thread.map((r) => r.toFixed(2)).join(', ')}; on the worker thread ` +
    `${rates.worker.map((r) => r.toFixed(2)).join(', ')} steps/s; ratio of the means ` +
    `${(mean(rates.worker) / mean(rates.thread)).toFixed(2)}`,
);
