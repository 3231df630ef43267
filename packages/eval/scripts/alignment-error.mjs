// How far face-crop's aligned crop of a synthetic face lies from the crop its true landmarks
// give: the similarity that maps the true crop onto face-crop's, as the shift of the crop centre
// (in pixels of a 64 px crop), the scale and the rotation, with their mean and spread over the
// faces of the synthetic test triplets (112 px renders, as the encoder evaluation draws them).
// The encoder's `alignment-jitter` training recipe is sized from these figures. With
// PERTURBATION (one of the evaluation's: blur, noise, occlusion, yaw, dark), every face is
// rendered or changed as the evaluation does it, with the same random draws.
//
//   node packages/eval/scripts/alignment-error.mjs [TRIPLETS=100] [SEED=1] [PERTURBATION]
import { initBackend } from '@freeavatar/core';
import {
  ALIGNMENT_LANDMARKS,
  alignmentTemplate,
  createFaceCropper,
  fitSimilarity,
} from '@freeavatar/face-crop';
import { createFaceRenderer, createTripletSampler } from '@freeavatar/synth';
import { PERTURBATION_IDS, builtInPerturbation, perturbationRng } from '@freeavatar/eval';

const triplets = Number(process.argv[2] ?? 100);
const seed = Number(process.argv[3] ?? 1);
const perturbationId = process.argv[4];
if (
  !Number.isInteger(triplets) ||
  triplets < 1 ||
  !Number.isInteger(seed) ||
  !(perturbationId === undefined || PERTURBATION_IDS.includes(perturbationId))
) {
  console.error(
    `usage: node packages/eval/scripts/alignment-error.mjs [TRIPLETS] [SEED] [${PERTURBATION_IDS.join('|')}]`,
  );
  process.exit(2);
}
const perturbation = perturbationId && builtInPerturbation(perturbationId);
const SIZE = 64;
await initBackend({ prefer: 'wasm' });
const cropper = await createFaceCropper({ cropSize: SIZE });
const sampler = createTripletSampler({ split: 'test', seed });
const renderer = createFaceRenderer({ size: 112, categorizer: sampler.categorizer });
const template = alignmentTemplate(SIZE);

/** The inverse of an image-to-crop similarity. */
function invert([[a, b, c], [d, e, f]]) {
  const det = a * e - b * d;
  return [
    [e / det, -b / det, (b * f - e * c) / det],
    [-d / det, a / det, (d * c - a * f) / det],
  ];
}

/** `p ∘ q` for 2 × 3 affine maps. */
function compose(p, q) {
  return [0, 1].map((r) => [
    p[r][0] * q[0][0] + p[r][1] * q[1][0],
    p[r][0] * q[0][1] + p[r][1] * q[1][1],
    p[r][0] * q[0][2] + p[r][1] * q[1][2] + p[r][2],
  ]);
}

const rows = [];
let skipped = 0;
for (let i = 0; i < triplets; i++) {
  // The evaluation lists each triplet's faces as anchor, positive, negative, and face k draws
  // from perturbationRng(seed, id, k).
  const triplet = sampler.tripletAt(i);
  const order = [triplet.anchor, triplet.positive, triplet.negative];
  for (const [j, original] of triplet.faces.entries()) {
    const rng = perturbation && perturbationRng(seed, perturbationId, 3 * i + order.indexOf(j));
    const scene = perturbation?.scene ? perturbation.scene(original, rng) : original;
    const rendered = renderer.render(scene);
    const { landmarks2d } = rendered;
    const image = perturbation?.image ? perturbation.image(rendered.image, rng) : rendered.image;
    const [face] = await cropper.detect(image);
    if (!face || face.alignedBy !== 'landmarks') {
      skipped++;
      continue;
    }
    const points = ALIGNMENT_LANDMARKS.map((k) => [landmarks2d[2 * k], landmarks2d[2 * k + 1]]);
    const residual = compose(face.transform, invert(fitSimilarity(points, template)));
    const c = SIZE / 2;
    rows.push([
      residual[0][0] * c + residual[0][1] * c + residual[0][2] - c,
      residual[1][0] * c + residual[1][1] * c + residual[1][2] - c,
      Math.hypot(residual[0][0], residual[1][0]) - 1,
      (Math.atan2(residual[1][0], residual[0][0]) * 180) / Math.PI,
    ]);
  }
}
cropper.dispose();
const names = ['shift x (px)', 'shift y (px)', 'scale − 1', 'rotation (°)'];
console.log(
  `${rows.length} faces of ${triplets} test triplets (seed ${seed})` +
    (perturbation ? `, under ${perturbation.label}` : '') +
    `; ${skipped} not found`,
);
names.forEach((name, j) => {
  const values = rows.map((r) => r[j]);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  console.log(`${name.padEnd(14)} mean ${mean.toFixed(3).padStart(7)}  sd ${sd.toFixed(3)}`);
});
