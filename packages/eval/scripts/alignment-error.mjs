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
  composeAffine,
  fitSimilarity,
  invertAffine,
} from '@freeavatar/face-crop';
import { PERTURBATION_USAGE, evaluationTriplets, namedPerturbation } from './evaluation-faces.mjs';

const triplets = Number(process.argv[2] ?? 100);
const seed = Number(process.argv[3] ?? 1);
const perturbation = namedPerturbation(process.argv[4]);
if (
  !Number.isInteger(triplets) ||
  triplets < 1 ||
  !Number.isInteger(seed) ||
  perturbation === null
) {
  console.error(
    `usage: node packages/eval/scripts/alignment-error.mjs [TRIPLETS] [SEED] ${PERTURBATION_USAGE}`,
  );
  process.exit(2);
}
const SIZE = 64;
await initBackend({ prefer: 'wasm' });
const cropper = await createFaceCropper({ cropSize: SIZE });
const template = alignmentTemplate(SIZE);

const rows = [];
let skipped = 0;
for (const { faces } of evaluationTriplets({ count: triplets, seed, perturbation })) {
  for (const { image, landmarks2d } of faces) {
    const [face] = await cropper.detect(image);
    if (!face || face.alignedBy !== 'landmarks') {
      skipped++;
      continue;
    }
    const points = ALIGNMENT_LANDMARKS.map((k) => [landmarks2d[2 * k], landmarks2d[2 * k + 1]]);
    const residual = composeAffine(face.transform, invertAffine(fitSimilarity(points, template)));
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
