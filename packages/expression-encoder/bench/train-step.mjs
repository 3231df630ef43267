/**
 * Prints the time of one training step of the `tiny` preset (64 px, patch 8, dim 128, depth 4)
 * on each backend: an MAE step (AdamW, mask ratio 0.75, decoder 64×1) on a batch of images, and
 * a triplet step (SGD, augmentation on) on a batch of triplets, plus the first-step loss on
 * each backend as a parity check. Build first (`npx nx build @freeavatar/expression-encoder`),
 * then from the repository root:
 *
 *   node packages/expression-encoder/bench/train-step.mjs [--backends cpu,wasm]
 *     [--batch 32] [--triplets 16] [--steps 3]
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, initBackend } from '@freeavatar/core';
import {
  ExpressionModel,
  MaskedAutoencoder,
  createAdamW,
  createSgd,
  maeTrainingStep,
  tripletTrainingStep,
} from '../dist/index.js';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const backends = (args.backends ?? 'cpu,wasm').split(',');
const batch = Number(args.batch ?? 32);
const triplets = Number(args.triplets ?? 16);
const steps = Number(args.steps ?? 3);

function images(n, seed) {
  const rng = createRng(seed);
  return tf.tensor4d(
    Float32Array.from({ length: n * 64 * 64 * 3 }, () => rng.next()),
    [n, 64, 64, 3],
  );
}

async function time(step, makeBatch, count) {
  const rng = createRng(1);
  const first = await step(makeBatch(), { step: 0, rng: rng.fork(0) }); // warm-up, not timed
  const times = [];
  for (let s = 1; s <= count; s++) {
    const b = makeBatch();
    const t = performance.now();
    await step(b, { step: s, rng: rng.fork(s) });
    times.push(performance.now() - t);
    tf.dispose(b instanceof tf.Tensor ? b : [b.anchor, b.positive, b.negative]);
  }
  times.sort((a, b) => a - b);
  return { firstLoss: first.loss, ms: times[Math.floor(times.length / 2)] };
}

console.log(`tiny preset training step, median of ${steps} after one warm-up step`);
for (const name of backends) {
  const { name: active } = await initBackend({ prefer: name });
  const mae = MaskedAutoencoder.create('tiny', {}, 1);
  const adamw = createAdamW();
  const m = await time(maeTrainingStep(mae, adamw), () => images(batch, 2), steps);
  adamw.dispose();
  mae.dispose();
  const model = ExpressionModel.create('tiny', 1);
  const sgd = createSgd();
  const t = await time(
    tripletTrainingStep(model, sgd),
    () => ({
      anchor: images(triplets, 3),
      positive: images(triplets, 4),
      negative: images(triplets, 5),
      types: Array.from(
        { length: triplets },
        (_, i) => ['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS'][i % 3],
      ),
    }),
    steps,
  );
  sgd.dispose();
  model.dispose();
  console.log(
    `${active.padEnd(6)} MAE batch ${batch}: ${(m.ms / 1000).toFixed(2)} s/step (${((batch / m.ms) * 1000).toFixed(1)} images/s, ` +
      `first loss ${m.firstLoss.toFixed(5)}) | triplet batch ${triplets}×3: ${(t.ms / 1000).toFixed(2)} s/step ` +
      `(${((triplets / t.ms) * 1000).toFixed(1)} triplets/s, first loss ${t.firstLoss.toFixed(5)})`,
  );
}
