/**
 * How closely the backends agree on the shipped encoder: embeds the same 32 seeded random faces
 * (64 px, smoothed noise) on each backend and prints the largest difference of every backend's
 * embeddings and pooled features from the first backend's, with the embeddings' cosine. Build
 * first (`npm run build`), then from the repository root:
 *
 *   node packages/expression-encoder/bench/backend-parity.mjs [--backends wasm,webgpu,cpu]
 */
import * as tf from '@tensorflow/tfjs';
import { createExpressionEncoder } from '../dist/index.js';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const backends = (args.backends ?? 'wasm,cpu').split(',');

/** 32 faces of smooth random texture: noise at 16 px, resized to 64 px. */
function faces() {
  return tf.tidy(() =>
    tf.image.resizeBilinear(tf.randomUniform([32, 16, 16, 3], 0, 1, 'float32', 7), [64, 64]),
  );
}

const results = [];
for (const backend of backends) {
  const encoder = await createExpressionEncoder({ model: 'default', backend });
  const input = faces();
  const embeddings = await encoder.embed(input);
  const features = await encoder.features(input);
  input.dispose();
  results.push({ backend: encoder.backend, embeddings, features });
  encoder.dispose();
}

const maxDiff = (a, b) =>
  a.reduce((m, row, i) => row.reduce((mm, v, j) => Math.max(mm, Math.abs(v - b[i][j])), m), 0);
const minCosine = (a, b) =>
  a.reduce((m, row, i) => {
    let dot = 0;
    row.forEach((v, j) => (dot += v * b[i][j]));
    return Math.min(m, dot);
  }, 1);
const [first, ...rest] = results;
console.log(`shipped encoder, 32 random faces; reference backend ${first.backend}`);
for (const r of rest) {
  console.log(
    `${r.backend.padEnd(6)} embeddings: max |Δ| ${maxDiff(r.embeddings, first.embeddings).toExponential(2)}, ` +
      `min cosine ${minCosine(r.embeddings, first.embeddings).toFixed(6)}; ` +
      `pooled features: max |Δ| ${maxDiff(r.features, first.features).toExponential(2)}`,
  );
}
