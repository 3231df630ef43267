// What face-crop's retry filters (`retryFilters`: look again sharpened, then smoothed, when the
// first look finds no face) do on the encoder evaluation's pictures. For the synthetic test
// triplets' faces (112 px renders), clean, blurred and noisy as the evaluation makes them, with
// one look and with the default retries: how many faces the landmark model accepts, and how far
// the crop lies from the one the true landmarks give (mean distance of the six alignment points
// in a 64 px crop). Then the encoder's triplet accuracy under every perturbation of the
// evaluation, both ways (the evaluation's own code, the encoder alone); and a picture of faces
// that one look misses and the retries find (OUT/retry-examples.png).
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
  writePlot,
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

/**
 * The faces of triplet `i`, each with its index in the evaluation's list (anchor, positive,
 * negative of every triplet in turn), from which it draws its perturbation.
 */
function facesOf(i) {
  const triplet = sampler.tripletAt(i);
  const order = [triplet.anchor, triplet.positive, triplet.negative];
  return triplet.faces.map((scene, j) => ({ scene, k: 3 * i + order.indexOf(j) }));
}

/** Faces accepted and the crop error of each, for one cropper on one kind of picture. */
async function alignmentOf(cropper, change) {
  const errors = [];
  let faces = 0;
  for (let i = 0; i < triplets; i++) {
    for (const { scene, k } of facesOf(i)) {
      const { image, landmarks2d } = renderer.render(scene);
      const picture = change ? change(image, k) : image;
      faces++;
      const [face] = await cropper.detect(picture);
      if (face?.alignedBy !== 'landmarks') continue;
      const truth = points.map((p) => [landmarks2d[2 * p], landmarks2d[2 * p + 1]]);
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
    perturbation && ((image, k) => perturbation.image(image, perturbationRng(seed, id, k)));
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

// Faces one look misses and the retries find: the picture as the evaluation makes it, the crop.
const examples = [];
const once = await createFaceCropper({ cropSize: SIZE, alignment: ALIGNMENT, retryFilters: [] });
const retried = await createFaceCropper({ cropSize: SIZE, alignment: ALIGNMENT });
for (const id of ['blur', 'noise']) {
  const perturbation = builtInPerturbation(id);
  let found = 0;
  for (let i = 0; i < triplets && found < 3; i++) {
    for (const { scene, k } of facesOf(i)) {
      const picture = perturbation.image(
        renderer.render(scene).image,
        perturbationRng(seed, id, k),
      );
      if ((await once.detect(picture)).length > 0) continue;
      const [crop] = await retried.detect(picture);
      if (crop?.alignedBy !== 'landmarks' || found >= 3) continue;
      found++;
      examples.push(
        { image: picture, caption: `${perturbation.label}: one look\nfinds no face` },
        { image: crop.crop, caption: `crop after\nthe retries` },
      );
    }
  }
}
once.dispose();
retried.dispose();
if (examples.length > 0) {
  await writePlot(`${out}/retry-examples.png`, {
    kind: 'strip',
    title: 'Faces found only by the retry filters',
    columns: 6,
    cellHeight: 112,
    items: examples,
  });
  console.log(`\nwrote ${out}/retry-examples.png`);
}
