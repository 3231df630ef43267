// Does reading each face a second time, mirrored, help the embedding? The shipped encoder's
// pooled feature is read from each crop as cut and flipped left to right. On the head fit's
// synthetic faces (4096, synth stream seed 1, as `--stage head-fit` draws them) three heads are
// fitted in closed form to the expression-distance coordinates: one on the mirrored crops' feature
// (their targets those of the face as cut), one on both features joined, and one on their mean;
// the shipped head reads the crop as cut. The triplets of the encoder evaluation then score each
// way of reading: the shipped head alone, the mean of its coordinates and the mirrored head's,
// the joined head, and the head on the mean feature.
//
//   node packages/eval/scripts/mirror-reading.mjs [TRIPLETS=150] [SEED=1] [all|none]
//
// Deterministic for a backend. About 7 minutes on wasm for the default.
import * as tf from '@tensorflow/tfjs';
import { fitLinearMap, applyLinearMap, initBackend } from '@freeavatar/core';
import {
  createExpressionEncoder,
  facesToBatch,
  fitEmbeddingHead,
} from '@freeavatar/expression-encoder';
import { encoderMethod, runEncoderEval } from '@freeavatar/eval';
import { encoderTrainingData } from 'freeavatar';

const count = Number(process.argv[2] ?? 150);
const seed = Number(process.argv[3] ?? 1);
const perturb = process.argv[4] ?? 'all';
if (
  !Number.isInteger(count) ||
  count < 1 ||
  !Number.isInteger(seed) ||
  !/^(all|none)$/.test(perturb)
) {
  console.error(
    'usage: node packages/eval/scripts/mirror-reading.mjs [TRIPLETS] [SEED] [all|none]',
  );
  process.exit(2);
}
const SAMPLES = 4096;
await initBackend({ prefer: 'wasm' });
const encoder = await createExpressionEncoder({ model: 'default' });
const { model } = encoder;
const { imageSize, alignment, dim, embeddingDim } = model.config;

/** The pooled feature of each face as cut and mirrored, `[n, dim]` each. */
async function bothFeatures(batch) {
  const [f, g] = tf.tidy(() => [model.features(batch), model.features(tf.reverse(batch, 2))]);
  const values = [await f.data(), await g.data()];
  tf.dispose([f, g]);
  return values;
}

const data = await encoderTrainingData(
  { stage: 'head-fit', synth: true },
  { imageSize, alignment, batchSize: 32, seed: 1 },
);
const asCut = new Float32Array(SAMPLES * dim);
const mirrored = new Float32Array(SAMPLES * dim);
let targets;
let width = 0;
let n = 0;
for await (const batch of data.batches(0)) {
  const [f, g] = await bothFeatures(batch.images);
  width = batch.targets.shape[1];
  targets ??= new Float32Array(SAMPLES * width);
  asCut.set(f, n * dim);
  mirrored.set(g, n * dim);
  targets.set(await batch.targets.data(), n * width);
  tf.dispose([batch.images, batch.targets]);
  n += batch.targets.shape[0];
  if (n >= SAMPLES) break;
}
const joined = new Float32Array(SAMPLES * 2 * dim);
const mean = new Float32Array(SAMPLES * dim);
for (let i = 0; i < SAMPLES; i++) {
  joined.set(asCut.subarray(i * dim, (i + 1) * dim), 2 * i * dim);
  joined.set(mirrored.subarray(i * dim, (i + 1) * dim), (2 * i + 1) * dim);
  for (let j = 0; j < dim; j++)
    mean[i * dim + j] = 0.5 * (asCut[i * dim + j] + mirrored[i * dim + j]);
}
const fit = (features) => fitEmbeddingHead({ features, targets, count: SAMPLES }, embeddingDim);
const heads = { asCut: fit(asCut), mirrored: fit(mirrored), joined: fit(joined), mean: fit(mean) };
console.log(
  `head fit, held-out R²: as cut ${heads.asCut.heldOutR2.toFixed(3)}, mirrored ` +
    `${heads.mirrored.heldOutR2.toFixed(3)}, joined ${heads.joined.heldOutR2.toFixed(3)}, mean ` +
    `feature ${heads.mean.heldOutR2.toFixed(3)}`,
);

// How alike the two readings' errors are: ridge maps on 80% of the faces, errors on the rest.
const train = Math.floor(SAMPLES * 0.8);
const rows = (values, w, from, to) =>
  Array.from({ length: to - from }, (_, i) => values.subarray((from + i) * w, (from + i + 1) * w));
const errors = [asCut, mirrored].map((features) => {
  const map = fitLinearMap(rows(features, dim, 0, train), rows(targets, width, 0, train), {
    lambda: 0.01 * train,
  });
  const truth = rows(targets, width, train, SAMPLES);
  return rows(features, dim, train, SAMPLES).map((x, i) =>
    applyLinearMap(map, x).map((v, j) => v - truth[i][j]),
  );
});
let [ab, aa, bb] = [0, 0, 0];
errors[0].forEach((e, i) =>
  e.forEach((a, j) => {
    const b = errors[1][i][j];
    [ab, aa, bb] = [ab + a * b, aa + a * a, bb + b * b];
  }),
);
console.log(`correlation of the two readings' errors: ${(ab / Math.sqrt(aa * bb)).toFixed(3)}`);

/** `head` applied to `x`, before the unit normalisation. */
function project(head, x) {
  const out = new Float32Array(embeddingDim);
  for (let c = 0; c < embeddingDim; c++) {
    let s = head.bias[c];
    for (let i = 0; i < x.length; i++) s += x[i] * head.kernel[i * embeddingDim + c];
    out[c] = s;
  }
  return out;
}
const unit = (v) => {
  const length = Math.hypot(...v);
  return v.map((x) => x / length);
};
/** An `EncoderLike` that embeds each crop from its two features through `combine`. */
const reading = (combine) => ({
  config: encoder.config,
  dispose() {},
  async embed(crops) {
    const batch = await facesToBatch(crops, imageSize);
    const [f, g] = await bothFeatures(batch);
    batch.dispose();
    return crops.map((_, i) =>
      unit(combine(f.subarray(i * dim, (i + 1) * dim), g.subarray(i * dim, (i + 1) * dim))),
    );
  },
});
const methods = [
  encoderMethod(encoder, { name: 'shipped head, crop as cut' }),
  encoderMethod(
    reading((f, g) => {
      const a = project(heads.asCut, f);
      const b = project(heads.mirrored, g);
      return a.map((v, i) => v + b[i]);
    }),
    { name: 'as cut and mirrored, coordinates averaged' },
  ),
  encoderMethod(
    reading((f, g) => {
      const x = new Float32Array(2 * dim);
      x.set(f);
      x.set(g, dim);
      return project(heads.joined, x);
    }),
    { name: 'one head on both features' },
  ),
  encoderMethod(
    reading((f, g) =>
      project(
        heads.mean,
        f.map((v, i) => 0.5 * (v + g[i])),
      ),
    ),
    { name: 'one head on the mean feature' },
  ),
];
const result = await runEncoderEval({
  methods,
  count,
  seed,
  perturb: perturb === 'all' ? undefined : [],
  out: `out/mirror-reading-${count}-${seed}`,
});
const line = (evaluation) =>
  evaluation.methods.map((m) => `${(100 * m.scores.triplets.accuracy).toFixed(1)}%`).join(' | ');
console.log(`| pictures | ${methods.map((m) => m.name).join(' | ')} |`);
console.log(`| clean | ${line(result.evaluation)} |`);
for (const p of result.perturbations) console.log(`| ${p.id} | ${line(p.evaluation)} |`);
encoder.dispose();
