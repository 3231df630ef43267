/**
 * Times animator training steps on wasm: the tiny encoder preset (random weights unless
 * --encoder names a model), one 64 px neural renderer per avatar (random weights, generator
 * width 128 as `train renderer` makes them), the default network (width 512, 2 blocks), and
 * synthetic batches of `--batch` actors per avatar. Prints, per step, the seconds spent making
 * the batch (face renders, aligned crops, avatar renders) and the seconds of the training step
 * (frozen encoder passes, network, renderers, all four loss terms, Adam update), then the means
 * over the steps after the first (warm-up). Build first (`npm run build` in core, synth,
 * expression-encoder and animator), then from the repository root:
 *
 *   node packages/animator/bench/train-animator.mjs [--steps 4] [--batch 16]
 *     [--avatars human,toon,robot] [--encoder path/model.json] [--no-perceptual]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@freeavatar/core';
import { ExpressionModel, loadExpressionModel } from '@freeavatar/expression-encoder';
import { createNeuralRenderer, createSynthAnimatorData, trainAnimator } from '../dist/index.js';

const argv = process.argv.slice(2);
const args = Object.fromEntries(
  argv.flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const steps = Number(args.steps ?? 4);
const batchSize = Number(args.batch ?? 16);
const avatars = (args.avatars ?? 'human,toon,robot').split(',');
const perceptual = !argv.includes('--no-perceptual');

const { name: backend } = await initBackend({ prefer: 'wasm' });
const encoder =
  args.encoder === undefined
    ? ExpressionModel.create('tiny', 1)
    : (await loadExpressionModel(args.encoder)).model;
const renderers = Object.fromEntries(
  avatars.map((avatar) => [avatar, createNeuralRenderer({ avatar, imageSize: 64, width: 128 })]),
);
const data = createSynthAnimatorData({
  avatars,
  batchSize,
  cropSize: encoder.config.imageSize,
  renderSize: 64,
  seed: 1,
});

const dataSeconds = [];
const stepSeconds = [];
async function* timedBatches(start) {
  for (let step = start; ; step++) {
    const t0 = performance.now();
    const batch = data.batchAt(step);
    dataSeconds.push((performance.now() - t0) / 1000);
    yield batch;
  }
}

const { network } = await trainAnimator({
  encoder,
  renderers,
  data: timedBatches,
  steps,
  seed: 1,
  lossWeights: perceptual ? {} : { perceptual: 0 },
  onProgress: (event) => {
    const m = event.metrics;
    if (m?.samplesPerSecond === undefined) return;
    const seconds = (batchSize * avatars.length) / m.samplesPerSecond;
    stepSeconds.push(seconds);
    const i = stepSeconds.length - 1;
    console.log(
      `step ${event.done}/${event.total}: batch ${dataSeconds[i].toFixed(2)} s, ` +
        `train ${seconds.toFixed(2)} s, loss ${m.loss.toFixed(4)}`,
    );
  },
});

const mean = (values) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const warm = (values) => (values.length > 1 ? values.slice(1) : values);
const batchMean = mean(warm(dataSeconds.slice(0, stepSeconds.length)));
const trainMean = mean(warm(stepSeconds));
console.log(
  `\n${backend}, tiny encoder (${encoder.config.imageSize} px), 64 px renderers, ` +
    `${avatars.length} avatars × ${batchSize} actors (shared), perceptual ${perceptual ? 'on' : 'off'}:`,
);
console.log(`  batch making  ${batchMean.toFixed(2)} s per step`);
console.log(`  training step ${trainMean.toFixed(2)} s per step`);
console.log(
  `  total         ${(batchMean + trainMean).toFixed(2)} s per step (mean of steps 2..${stepSeconds.length})`,
);

network.dispose();
Object.values(renderers).forEach((r) => r.dispose());
encoder.dispose();
console.log(`tensors left: ${tf.memory().numTensors}`);
