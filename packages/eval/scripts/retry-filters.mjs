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
import { PERTURBATION_IDS, builtInPerturbation, runEncoderEval, writePlot } from '@freeavatar/eval';
import { evaluationTriplets } from './evaluation-faces.mjs';

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
const points = alignmentLandmarks(ALIGNMENT);
const template = alignmentTemplate(SIZE, ALIGNMENT);

/**
 * For one cropper on the given faces: per face its landmark-aligned face or `undefined`, how
 * many it accepted, and the crop error of those (mean and 90th percentile).
 */
async function alignmentOf(cropper, faces) {
  const found = [];
  const errors = [];
  for (const { image, landmarks2d } of faces) {
    const [face] = await cropper.detect(image);
    found.push(face?.alignedBy === 'landmarks' ? face : undefined);
    if (found.at(-1) === undefined) continue;
    const truth = points.map((p) => [landmarks2d[2 * p], landmarks2d[2 * p + 1]]);
    const trueMap = fitSimilarity(truth, template);
    const gaps = truth.map((p) => {
      const [x, y] = applyAffine(face.transform, p);
      const [u, v] = applyAffine(trueMap, p);
      return Math.hypot(x - u, y - v);
    });
    errors.push(gaps.reduce((sum, g) => sum + g, 0) / gaps.length);
  }
  errors.sort((a, b) => a - b);
  const mean = errors.reduce((sum, e) => sum + e, 0) / errors.length;
  return { found, accepted: errors.length, mean, p90: errors[Math.floor(0.9 * errors.length)] };
}

console.log(`${triplets} synthetic test triplets (seed ${seed}), 112 px renders, ${SIZE} px crops`);
console.log('| pictures | look | faces accepted | crop error, mean (px) | 90th percentile (px) |');
console.log('| --- | --- | ---: | ---: | ---: |');
// Faces one look misses and the retries find (three each of blur and noise): the picture as the
// evaluation makes it, and the crop.
const examples = [];
for (const id of [undefined, 'blur', 'noise']) {
  const perturbation = id && builtInPerturbation(id);
  const faces = [...evaluationTriplets({ count: triplets, seed, perturbation })].flatMap(
    (t) => t.faces,
  );
  const results = [];
  for (const way of ways) {
    const cropper = await createFaceCropper({
      cropSize: SIZE,
      alignment: ALIGNMENT,
      maxFaces: 1,
      ...way.options,
    });
    const r = await alignmentOf(cropper, faces);
    cropper.dispose();
    results.push(r);
    console.log(
      `| ${perturbation?.label ?? 'clean'} | ${way.name} | ${r.accepted} of ${faces.length} | ${r.mean.toFixed(2)} | ${r.p90.toFixed(2)} |`,
    );
  }
  if (perturbation === undefined) continue;
  const [once, retried] = results.map((r) => r.found);
  const rescued = faces.flatMap((f, k) => (once[k] === undefined && retried[k] ? [k] : []));
  for (const k of rescued.slice(0, 3)) {
    examples.push(
      { image: faces[k].image, caption: `${perturbation.label}: one look\nfinds no face` },
      { image: retried[k].crop, caption: `crop after\nthe retries` },
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
