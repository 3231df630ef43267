// What face-crop's retry filters (`retryFilters`: look again sharpened, then smoothed, when the
// first look finds no face) do on the encoder evaluation's pictures. For the synthetic test
// triplets' faces (112 px renders), clean, blurred and noisy as the evaluation makes them, with
// one look and with the default retries: how many faces the landmark model accepts, and how far
// the crop lies from the one the true landmarks give (mean distance of the six alignment points
// in a 64 px crop). Then the encoder's triplet accuracy under every perturbation of the
// evaluation, both ways (the evaluation's own code, the encoder alone).
//
//   node packages/eval/scripts/retry-filters.mjs [TRIPLETS=150] [SEED=1] [OUT=out/retry-filters]
import { initBackend } from '@freeavatar/core';
import {
  alignmentLandmarks,
  alignmentTemplate,
  applyAffine,
  createFaceCropper,
  fitSimilarity,
} from '@freeavatar/face-crop';
import { createFaceRenderer, createTripletSampler } from '@freeavatar/synth';
import {
  PERTURBATION_IDS,
  builtInPerturbation,
  perturbationRng,
  runEncoderEval,
} from '@freeavatar/eval';

const triplets = Number(process.argv[2] ?? 150);
const seed = Number(process.argv[3] ?? 1);
const out = process.argv[4] ?? 'out/retry-filters';
if (!Number.isInteger(triplets) || triplets < 1 || !Number.isInteger(seed)) {
  console.error('usage: node packages/eval/scripts/retry-filters.mjs [TRIPLETS] [SEED] [OUT]');
  process.exit(2);
}
await initBackend({ prefer: 'wasm' });
const SIZE = 64;
const ALIGNMENT = 'eyes-mouth';
const ways = [
  { name: 'one look', options: { retryFilters: [] } },
  { name: 'with retries', options: {} },
];
const sampler = createTripletSampler({ split: 'test', seed });
const renderer = createFaceRenderer({ size: 112, categorizer: sampler.categorizer });
const points = alignmentLandmarks(ALIGNMENT);
const template = alignmentTemplate(SIZE, ALIGNMENT);

/** Faces accepted and the crop error of each, for one cropper on one kind of picture. */
async function alignmentOf(cropper, change) {
  const errors = [];
  let faces = 0;
  for (let i = 0; i < triplets; i++) {
    for (const scene of sampler.tripletAt(i).faces) {
      const { image, landmarks2d } = renderer.render(scene);
      const picture = change ? change(image, faces) : image;
      faces++;
      const [face] = await cropper.detect(picture);
      if (face?.alignedBy !== 'landmarks') continue;
      const truth = points.map((k) => [landmarks2d[2 * k], landmarks2d[2 * k + 1]]);
      const trueMap = fitSimilarity(truth, template);
      const gaps = truth.map((p) => {
        const [x, y] = applyAffine(face.transform, p);
        const [u, v] = applyAffine(trueMap, p);
        return Math.hypot(x - u, y - v);
      });
      errors.push(gaps.reduce((s, g) => s + g, 0) / gaps.length);
    }
  }
  errors.sort((a, b) => a - b);
  const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
  return { faces, found: errors.length, mean, p90: errors[Math.floor(0.9 * errors.length)] };
}

console.log(`${triplets} synthetic test triplets (seed ${seed}), 112 px renders, ${SIZE} px crops`);
console.log('| pictures | look | faces accepted | crop error, mean (px) | 90th percentile (px) |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const id of [null, 'blur', 'noise']) {
  const perturbation = id && builtInPerturbation(id);
  const change =
    perturbation && ((image, i) => perturbation.image(image, perturbationRng(1, id, i)));
  for (const way of ways) {
    const cropper = await createFaceCropper({
      cropSize: SIZE,
      alignment: ALIGNMENT,
      maxFaces: 1,
      ...way.options,
    });
    const r = await alignmentOf(cropper, change);
    cropper.dispose();
    console.log(
      `| ${perturbation?.label ?? 'clean'} | ${way.name} | ${r.found} of ${r.faces} | ${r.mean.toFixed(2)} | ${r.p90.toFixed(2)} |`,
    );
  }
}

const pct = (evaluation) => `${(100 * evaluation.methods[0].scores.triplets.accuracy).toFixed(1)}%`;
const rows = [];
for (const way of ways) {
  const run = await runEncoderEval({
    out: `${out}/${way.name.replace(/ /g, '-')}`,
    count: triplets,
    seed,
    include: ['encoder'],
    perturb: [...PERTURBATION_IDS],
    faceCropper: { maxFaces: 1, ...way.options },
  });
  rows.push([
    way.name,
    pct(run.evaluation),
    ...run.perturbations.map((p) => (p.evaluation ? pct(p.evaluation) : '—')),
  ]);
}
console.log('\nencoder triplet accuracy');
console.log(
  `| look | clean | ${PERTURBATION_IDS.map((id) => builtInPerturbation(id).label).join(' | ')} |`,
);
console.log(`| --- | ${'---: | '.repeat(PERTURBATION_IDS.length + 1).trim()}`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
