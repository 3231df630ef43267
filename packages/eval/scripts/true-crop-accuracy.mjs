// How much face-crop's alignment costs the encoder on the synthetic test triplets: each face is
// rendered at 112 px as the encoder evaluation renders it, then cut twice, once by face-crop
// (detector and mesh) and once through the same alignment from its true landmarks, and the
// encoder scores the triplets on each (the face outside the closest pair of embeddings is the
// odd one). Triplets where face-crop misses a face are counted apart, since the evaluation then
// reads the whole picture. With PERTURBATION (one of the evaluation's: blur, noise, occlusion,
// yaw, dark), every face is rendered or changed as the evaluation does it, with the same random
// generator per face, so the two crops show what the perturbation costs the encoder and what it
// costs face-crop.
//
//   node packages/eval/scripts/true-crop-accuracy.mjs [MODEL=default] [TRIPLETS=400] [SEED=2] [PERTURBATION]
import { initBackend } from '@freeavatar/core';
import { createExpressionEncoder } from '@freeavatar/expression-encoder';
import {
  alignmentLandmarks,
  alignmentTemplate,
  createFaceCropper,
  fitSimilarity,
  invertAffine,
  warpRgbImage,
} from '@freeavatar/face-crop';
import { PERTURBATION_USAGE, evaluationTriplets, namedPerturbation } from './evaluation-faces.mjs';

const model = process.argv[2] ?? 'default';
const count = Number(process.argv[3] ?? 400);
const seed = Number(process.argv[4] ?? 2);
const perturbation = namedPerturbation(process.argv[5]);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || perturbation === null) {
  console.error(
    `usage: node packages/eval/scripts/true-crop-accuracy.mjs [MODEL] [TRIPLETS] [SEED] ${PERTURBATION_USAGE}`,
  );
  process.exit(2);
}
await initBackend({ prefer: 'wasm' });
const encoder = await createExpressionEncoder({ model });
const { imageSize: size, alignment } = encoder.config;
const cropper = await createFaceCropper({ cropSize: size, alignment });
const points = alignmentLandmarks(alignment);
const template = alignmentTemplate(size, alignment);

const squared = (a, b) => a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0);
/** The position of the face outside the closest pair of embeddings. */
function oddOne(e) {
  const pairs = [squared(e[1], e[2]), squared(e[0], e[2]), squared(e[0], e[1])];
  return pairs.indexOf(Math.min(...pairs));
}

const score = { all: 0, trueAll: 0, found: 0, trueFound: 0, cropFound: 0 };
for (const { triplet, faces } of evaluationTriplets({ count, seed, perturbation })) {
  const trueCrops = [];
  const faceCrops = [];
  for (const { image, landmarks2d } of faces) {
    const toCrop = fitSimilarity(
      points.map((k) => [landmarks2d[2 * k], landmarks2d[2 * k + 1]]),
      template,
    );
    trueCrops.push(warpRgbImage(image, invertAffine(toCrop), size, size));
    const [face] = await cropper.detect(image);
    faceCrops.push(face?.alignedBy === 'landmarks' ? face.crop : undefined);
  }
  const rightTrue = oddOne(await encoder.embed(trueCrops)) === triplet.negative;
  score.all++;
  if (rightTrue) score.trueAll++;
  if (faceCrops.every((c) => c !== undefined)) {
    score.found++;
    if (rightTrue) score.trueFound++;
    if (oddOne(await encoder.embed(faceCrops)) === triplet.negative) score.cropFound++;
  }
}
cropper.dispose();
encoder.dispose();
const pct = (k, n) => `${((100 * k) / n).toFixed(1)}%`;
console.log(
  `${count} synthetic test triplets (seed ${seed}), encoder ${model}` +
    (perturbation ? `, under ${perturbation.label}` : ''),
);
console.log(`true-landmark crops, all triplets: ${pct(score.trueAll, score.all)}`);
console.log(
  `the ${score.found} triplets where face-crop found all three faces: true-landmark crops ` +
    `${pct(score.trueFound, score.found)}, face-crop's crops ${pct(score.cropFound, score.found)}`,
);
