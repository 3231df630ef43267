/**
 * Trains one avatar's neural renderer for a short, fixed budget on wasm, then prints PSNR on
 * held-out rigs (a different seed's expressions) next to the PSNR of the mean training image,
 * and writes a picture sheet (top row ground truth, bottom row rendered). Build first
 * (`npm run build -w @freeavatar/animator` and its dependencies), then from the repository root:
 *
 *   node packages/animator/bench/train-renderer.mjs [--avatar robot] [--steps 600] [--batch 16]
 *     [--minutes 9] [--size 64] [--width 128] [--lr 0.002] [--pool 4096] [--out runs/renderer-robot]
 *     [--sheet docs/images/neural-renderer-robot.png]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@freeavatar/core';
import { trainNeuralRenderer } from '../dist/index.js';
import {
  formatMetrics,
  heldOutMetrics,
  meanTrainingImage,
  writeSheet,
} from './renderer-metrics.mjs';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const avatar = args.avatar ?? 'robot';
const steps = Number(args.steps ?? 600);
const batchSize = Number(args.batch ?? 16);
const minutes = Number(args.minutes ?? 9);
const imageSize = Number(args.size ?? 64);
const width = Number(args.width ?? 128);
const learningRate = Number(args.lr ?? 2e-3);
const pool = args.pool === undefined ? undefined : Number(args.pool);
const outDir = args.out ?? `runs/renderer-${avatar}`;
const sheetPath = args.sheet ?? `docs/images/neural-renderer-${avatar}.png`;
const seed = 1;
const heldOutSeed = 1001;
const heldOutCount = 128;

const { name: backend } = await initBackend({ prefer: 'wasm' });
const controller = new AbortController();
const timer = setTimeout(() => controller.abort(), minutes * 60_000);
const started = performance.now();
let lastPrinted = 0;
const { renderer, result } = await trainNeuralRenderer({
  avatar,
  steps,
  batchSize,
  imageSize,
  width,
  learningRate,
  pool,
  seed,
  outDir,
  signal: controller.signal,
  onProgress: (event) => {
    const now = performance.now();
    if (event.metrics?.loss === undefined || now - lastPrinted < 20_000) return;
    lastPrinted = now;
    console.log(`step ${event.done}/${event.total} loss ${event.metrics.loss.toFixed(4)}`);
  },
});
clearTimeout(timer);
const trainSeconds = (performance.now() - started) / 1000;

// Held-out rigs come from another seed's expressions: none was seen in training. Reference:
// the per-pixel mean of 1024 training renders, predicted for every held-out rig.
const meanImage = meanTrainingImage(avatar, imageSize, seed);
const scored = heldOutMetrics(renderer, { heldOutSeed, count: heldOutCount, meanImage });
await writeSheet(sheetPath, scored);

console.log(
  `${avatar} neural renderer, ${imageSize} px, width ${width}, batch ${batchSize}, ${backend}: ` +
    `${result.step} steps (${result.stopped}) in ${trainSeconds.toFixed(0)} s, ` +
    `last training loss ${result.last?.loss.toFixed(4)}`,
);
console.log(`held-out PSNR (${heldOutCount} rigs of seed ${heldOutSeed}), target 25 dB:`);
console.log(formatMetrics(scored));
console.log(`picture sheet (top: ground truth, bottom: rendered): ${sheetPath}`);
renderer.dispose();
console.log(`tensors left: ${tf.memory().numTensors}`);
