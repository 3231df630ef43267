/**
 * Scores a saved neural renderer (a model.json path, or `default:<avatar>` for a shipped one) on
 * held-out rigs (another seed's expressions) against the mean training image, prints PSNR over
 * the whole image and inside the eye and mouth boxes, writes a picture sheet (top row ground
 * truth, bottom row rendered) and optionally the figures as JSON. Build first
 * (`npx tsc -p packages/animator/tsconfig.build.json`), then from the repository root:
 *
 *   node packages/animator/bench/eval-renderer.mjs --model default:robot [--train-seed 1]
 *     [--held-out-seed 1001] [--count 128] [--sheet docs/images/neural-renderer-robot.png]
 *     [--json out/robot-metrics.json]
 */
import { writeFile } from 'node:fs/promises';
import { initBackend } from '@freeavatar/core';
import { loadNeuralRenderer } from '../dist/index.js';
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
const trainSeed = Number(args['train-seed'] ?? 1);
const heldOutSeed = Number(args['held-out-seed'] ?? 1001);
const count = Number(args.count ?? 128);

const { name: backend } = await initBackend({ prefer: 'wasm' });
const renderer = await loadNeuralRenderer(args.model ?? 'default:robot');
const { avatar } = renderer;
const size = renderer.config.imageSize;
const meanImage = meanTrainingImage(avatar, size, trainSeed);
const result = heldOutMetrics(renderer, { heldOutSeed, count, meanImage });
console.log(
  `${avatar} neural renderer (${size} px, width ${renderer.config.width}, ${backend}), ` +
    `${count} held-out rigs of seed ${heldOutSeed}; mean image of 1024 renders of seed ${trainSeed}:`,
);
console.log(formatMetrics(result));
console.log(
  `worst held-out rig: ${result.model.min.toFixed(2)} dB; ` +
    `the renderer took ${result.msPerRig.toFixed(2)} ms per rig (batches of 32)`,
);
const sheet = args.sheet ?? `docs/images/neural-renderer-${avatar}.png`;
await writeSheet(sheet, result);
console.log(`picture sheet (top: ground truth, bottom: rendered): ${sheet}`);
if (args.json !== undefined) {
  const { model, baseline, msPerRig } = result;
  await writeFile(
    args.json,
    JSON.stringify({ avatar, count, heldOutSeed, trainSeed, model, baseline, msPerRig }, null, 2),
  );
}
renderer.dispose();
