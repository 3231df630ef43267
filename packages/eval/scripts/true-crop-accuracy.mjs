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
import { createFaceRenderer, createTripletSampler } from '@freeavatar/synth';
import { PERTURBATION_IDS, builtInPerturbation, perturbationRng } from '@freeavatar/eval';

const model = process.argv[2] ?? 'default';
const count = Number(process.argv[3] ?? 400);
const seed = Number(process.argv[4] ?? 2);
const perturbationId = process.argv[5];
if (
  !Number.isInteger(count) ||
  count < 1 ||
  !Number.isInteger(seed) ||
  !(perturbationId === undefined || PERTURBATION_IDS.includes(perturbationId))
) {
  console.error(
    `usage: node packages/eval/scripts/true-crop-accuracy.mjs [MODEL] [TRIPLETS] [SEED] [${PERTURBATION_IDS.join('|')}]`,
  );
  process.exit(2);
}
const perturbation = perturbationId && builtInPerturbation(perturbationId);
await initBackend({ prefer: 'wasm' });
const encoder = await createExpressionEncoder({ model });
const { imageSize: size, alignment } = encoder.config;
const cropper = await createFaceCropper({ cropSize: size, alignment });
const sampler = createTripletSampler({ split: 'test', seed });
const renderer = createFaceRenderer({ size: 112, categorizer: sampler.categorizer });
const points = alignmentLandmarks(alignment);
const template = alignmentTemplate(size, alignment);

const squared = (a, b) => a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0);
/** The position of the face outside the closest pair of embeddings. */
function oddOne(e) {
  const pairs = [squared(e[1], e[2]), squared(e[0], e[2]), squared(e[0], e[1])];
  return pairs.indexOf(Math.min(...pairs));
}

const score = { all: 0, trueAll: 0, found: 0, trueFound: 0, cropFound: 0 };
for (let i = 0; i < count; i++) {
  const triplet = sampler.tripletAt(i);
  const trueCrops = [];
  const faceCrops = [];
  // The evaluation lists each triplet's faces as anchor, positive, negative, and face k draws
  // from perturbationRng(seed, id, k).
  const order = [triplet.anchor, triplet.positive, triplet.negative];
  for (const [j, original] of triplet.faces.entries()) {
    const rng = perturbation && perturbationRng(seed, perturbationId, 3 * i + order.indexOf(j));
    const scene = perturbation?.scene ? perturbation.scene(original, rng) : original;
    const rendered = renderer.render(scene);
    const { landmarks2d } = rendered;
    const image = perturbation?.image ? perturbation.image(rendered.image, rng) : rendered.image;
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
