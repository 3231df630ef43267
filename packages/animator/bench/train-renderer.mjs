/**
 * Trains one avatar's neural renderer for a short, fixed budget on wasm, then prints PSNR on
 * held-out rigs (a different seed's expressions) next to the PSNR of the mean training image,
 * and writes a picture sheet (top row ground truth, bottom row rendered). Build first
 * (`npm run build -w @freeavatar/animator` and its dependencies), then from the repository root:
 *
 *   node packages/animator/bench/train-renderer.mjs [--avatar robot] [--steps 600] [--batch 16]
 *     [--minutes 9] [--size 64] [--width 128] [--lr 0.002] [--out runs/renderer-robot]
 *     [--sheet docs/images/neural-renderer-robot.png]
 */
import * as tf from '@tensorflow/tfjs';
import { contactSheet, initBackend, writeImageFile } from '@freeavatar/core';
import { createAvatarPairStream } from '@freeavatar/synth';
import { psnr, trainNeuralRenderer } from '../dist/index.js';

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
const outDir = args.out ?? `runs/renderer-${avatar}`;
const sheetPath = args.sheet ?? `docs/images/neural-renderer-${avatar}.png`;
const seed = 1;
const heldOutSeed = 1001;
const heldOutCount = 64;

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

// Held-out rigs come from another seed's expressions: none was seen in training.
const heldOut = createAvatarPairStream({ avatar, size: imageSize, seed: heldOutSeed });
const pairs = Array.from({ length: heldOutCount }, (_, i) => heldOut.pairAt(i));
const rendered = renderer.renderImages(pairs.map((p) => p.rig));
const scores = pairs.map((p, i) => psnr(p.image, rendered[i]));
const mean = scores.reduce((a, b) => a + b, 0) / scores.length;

// Reference: the per-pixel mean of 64 training images, predicted for every held-out rig.
const train = createAvatarPairStream({ avatar, size: imageSize, seed });
const sum = new Float64Array(imageSize * imageSize * 3);
for (let i = 0; i < 64; i++) train.pairAt(i).image.data.forEach((v, j) => (sum[j] += v));
const meanImage = {
  width: imageSize,
  height: imageSize,
  data: Uint8Array.from(sum, (v) => Math.round(v / 64)),
};
const baseline = pairs.map((p) => psnr(p.image, meanImage)).reduce((a, b) => a + b, 0) / 64;

// Eye and mouth boxes only: where the expression is, and where a static image scores badly.
function crop(image, box) {
  const data = new Uint8Array(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.top + y) * image.width + box.left) * 3;
    data.set(image.data.subarray(from, from + box.width * 3), y * box.width * 3);
  }
  return { width: box.width, height: box.height, data };
}
const regions = {};
for (const region of ['eyes', 'mouth']) {
  const box = renderer.boxes[region];
  const model = pairs.map((p, i) => psnr(crop(p.image, box), crop(rendered[i], box)));
  const still = pairs.map((p) => psnr(crop(p.image, box), crop(meanImage, box)));
  const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  regions[region] = `${avg(model).toFixed(2)} dB (mean image ${avg(still).toFixed(2)} dB)`;
}

const shown = 8;
const sheet = contactSheet(
  [...pairs.slice(0, shown).map((p) => p.image), ...rendered.slice(0, shown)],
  { columns: shown, cellSize: Math.max(imageSize, 96) },
);
await writeImageFile(sheetPath, sheet);

console.log(
  `${avatar} neural renderer, ${imageSize} px, width ${width}, batch ${batchSize}, ${backend}: ` +
    `${result.step} steps (${result.stopped}) in ${trainSeconds.toFixed(0)} s, ` +
    `last training loss ${result.last?.loss.toFixed(4)}`,
);
console.log(
  `held-out PSNR (${heldOutCount} rigs of seed ${heldOutSeed}): mean ${mean.toFixed(2)} dB, ` +
    `min ${Math.min(...scores).toFixed(2)}, max ${Math.max(...scores).toFixed(2)}; ` +
    `mean-image reference ${baseline.toFixed(2)} dB; target 25 dB`,
);
console.log(`held-out PSNR inside the eye box: ${regions.eyes}; mouth box: ${regions.mouth}`);
console.log(`picture sheet (top: ground truth, bottom: rendered): ${sheetPath}`);
renderer.dispose();
console.log(`tensors left: ${tf.memory().numTensors}`);
