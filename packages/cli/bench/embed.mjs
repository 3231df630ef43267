/**
 * Runs `freeavatar embed` on the example clip and prints frames per second end to end (decode,
 * face finding, encoding, writing the JSON lines), with the faces found on a worker thread or
 * on the main thread. Build first (`npm run build`), then from the repository root:
 *
 *   node packages/cli/bench/embed.mjs [--input clip.mp4] [--crop-thread worker|main|both] [--backend wasm]
 *
 * `both` alternates main, worker, main, worker, so that the ratio comes from one session and
 * neither side gets all of the warm-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEmbed } from '../dist/commands/embed.js';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
const input = arg(
  'input',
  fileURLToPath(new URL('../../synth/assets/example/astronaut.mp4', import.meta.url)),
);
const placement = arg('crop-thread', 'both');
const order = { worker: [true], main: [false], both: [false, true, false, true] }[placement];
if (order === undefined) {
  console.error(`--crop-thread must be worker, main or both, got ${placement}`);
  process.exit(2);
}
const scratch = await mkdtemp(join(tmpdir(), 'fa-bench-embed-'));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
try {
  const rates = { true: [], false: [] };
  for (const cropWorker of order) {
    const summary = await runEmbed({
      inputs: [input],
      out: join(scratch, 'embeddings.jsonl'),
      backend: arg('backend', 'wasm'),
      cropWorker,
    });
    const rate = summary.images / summary.seconds;
    rates[cropWorker].push(rate);
    console.log(
      `faces found on the ${cropWorker ? 'worker' : 'main'} thread: ${summary.images} frames, ` +
        `${summary.faces} faces in ${summary.seconds.toFixed(2)} s, ${rate.toFixed(1)} frames/s`,
    );
  }
  if (placement === 'both') {
    console.log(
      `frames/s, worker: ${rates.true.map((r) => r.toFixed(1)).join(', ')}; main: ` +
        `${rates.false.map((r) => r.toFixed(1)).join(', ')}; ratio of the means ` +
        `${(mean(rates.true) / mean(rates.false)).toFixed(2)}`,
    );
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
