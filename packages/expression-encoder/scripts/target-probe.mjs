/**
 * How well each encoder's pooled feature (`features()`) reads single ARKit targets: a ridge map
 * from the feature to the target, fitted on two thirds of a set of synth test-split faces and
 * scored (R², 1 = perfect, 0 = no better than the mean) on the other third. The crops are cut
 * with the true landmarks of each render, the alignment each encoder was trained on, so face
 * detection plays no part. Run from the repository root after `npm run build`:
 *
 *   node packages/expression-encoder/scripts/target-probe.mjs [--faces 1536] MODEL.json...
 *
 * Without a model it probes the shipped weights. The faces are the same for every model
 * (synth stream seed 21), so the rows compare.
 */
import { applyLinearMap, fitLinearMap, initBackend } from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_NAMES, alignedFaceCrop, faceBatches } from '@freeavatar/synth';
import { createExpressionEncoder } from '../dist/index.js';

const TARGETS = [
  'jawOpen',
  'mouthPucker',
  'mouthFunnel',
  'mouthSmileLeft',
  'mouthStretchLeft',
  'eyeBlinkLeft',
  'browInnerUp',
  'eyeLookOutLeft',
];
const BATCH = 32;

const args = process.argv.slice(2);
let faceCount = 1536;
const models = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--faces') faceCount = Number(args[++i]);
  else models.push(args[i]);
}
if (!Number.isInteger(faceCount) || faceCount < 3 * BATCH) {
  throw new Error(`--faces must be an integer ≥ ${3 * BATCH}, got ${faceCount}`);
}
if (models.length === 0) models.push('default');

await initBackend({ prefer: 'wasm' });
const faces = [];
const batches = Math.floor(faceCount / BATCH);
for await (const b of faceBatches({
  batchSize: BATCH,
  size: 112,
  split: 'test',
  seed: 21,
  batches,
})) {
  b.images.forEach((image, i) =>
    faces.push({ image, landmarks: b.landmarks2d[i], label: b.labels[i] }),
  );
}
const columns = TARGETS.map((name) => ARKIT_BLENDSHAPE_NAMES.indexOf(name));
const targets = faces.map(({ label }) => columns.map((c) => label.weights[c]));
const fitCount = Math.round((faces.length * 2) / 3);

/** R² of each column of `predicted` against `truth`. */
function rSquared(predicted, truth) {
  return columns.map((_, j) => {
    const mean = truth.reduce((s, row) => s + row[j], 0) / truth.length;
    let residual = 0;
    let total = 0;
    truth.forEach((row, i) => {
      residual += (predicted[i][j] - row[j]) ** 2;
      total += (row[j] - mean) ** 2;
    });
    return total > 0 ? 1 - residual / total : Number.NaN;
  });
}

const active = columns.map((_, j) => targets.filter((row) => row[j] > 0.1).length);
console.log(
  `${faces.length} synth test faces (seed 21), fitted on ${fitCount}, scored on ${faces.length - fitCount}`,
);
console.log(`| model | alignment | ${TARGETS.join(' | ')} |`);
console.log(`| --- | --- | ${TARGETS.map(() => '---:').join(' | ')} |`);
console.log(`| faces with the target > 0.1 | | ${active.join(' | ')} |`);
for (const model of models) {
  const encoder = await createExpressionEncoder({ model });
  try {
    const { alignment } = encoder.config;
    const features = [];
    for (let s = 0; s < faces.length; s += BATCH) {
      const crops = faces
        .slice(s, s + BATCH)
        .map(({ image, landmarks }) =>
          alignedFaceCrop(image, landmarks, encoder.config.imageSize, alignment),
        );
      features.push(...(await encoder.features(crops)));
    }
    const map = fitLinearMap(features.slice(0, fitCount), targets.slice(0, fitCount));
    const predicted = features.slice(fitCount).map((f) => applyLinearMap(map, f));
    const r2 = rSquared(predicted, targets.slice(fitCount));
    console.log(`| ${model} | ${alignment} | ${r2.map((v) => v.toFixed(2)).join(' | ')} |`);
  } finally {
    encoder.dispose();
  }
}
