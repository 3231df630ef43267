// What triplet accuracy an encoder of a given quality reaches on the synthetic test triplets: each
// face's expression coordinates (the space in which `@freeavatar/synth`'s expression distance is
// Euclidean, which decides every triplet) are read with Gaussian error sized so that a regression
// from the error-laden reading explains a fraction R² of each coordinate's variance, and the odd
// face is the one outside the closest pair, as the evaluation scores it. Averaged over three error
// draws. This turns the 90% accuracy target into the R² an encoder must reach, and relates a
// head fit's held-out R² (`freeavatar train encoder --stage head-fit`) to triplet accuracy.
//
//   node packages/eval/scripts/accuracy-vs-r2.mjs [TRIPLETS=2000] [SEED=1]
import { createRng } from '@freeavatar/core';
import { createExpressionDistance, createTripletSampler } from '@freeavatar/synth';

const count = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: node packages/eval/scripts/accuracy-vs-r2.mjs [TRIPLETS] [SEED]');
  process.exit(2);
}
const sampler = createTripletSampler({ split: 'test', seed });
const distance = createExpressionDistance();
const triplets = Array.from({ length: count }, (_, i) => {
  const t = sampler.tripletAt(i);
  return { coords: t.faces.map((f) => distance.embed(f.expression)), negative: t.negative };
});
const dims = triplets[0].coords[0].length;
const faces = triplets.flatMap((t) => t.coords);
const variance = Array.from({ length: dims }, (_, j) => {
  const mean = faces.reduce((s, c) => s + c[j], 0) / faces.length;
  return faces.reduce((s, c) => s + (c[j] - mean) ** 2, 0) / faces.length;
});

const squared = (a, b) => a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0);

/** Accuracy when coordinate j is read with error of standard deviation `spread[j]`. */
function accuracy(spread, draw) {
  const rng = createRng(draw);
  let correct = 0;
  for (const t of triplets) {
    const read = t.coords.map((c) => Array.from(c, (v, j) => v + spread[j] * rng.normal()));
    // The pair without face k; the face outside the closest pair is the odd one.
    const pairs = [squared(read[1], read[2]), squared(read[0], read[2]), squared(read[0], read[1])];
    if (pairs.indexOf(Math.min(...pairs)) === t.negative) correct++;
  }
  return correct / triplets.length;
}

console.log(`${count} synthetic test triplets (seed ${seed}), ${dims} expression coordinates`);
console.log('R²     triplet accuracy');
for (const r2 of [0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1]) {
  // A reading x + e with var(e) = v (1 − R²) / R² regresses back to x with R² of the variance.
  const spread = variance.map((v) => Math.sqrt((v * (1 - r2)) / r2));
  const mean = [1, 2, 3].reduce((s, draw) => s + accuracy(spread, draw), 0) / 3;
  console.log(`${r2.toFixed(2)}   ${(100 * mean).toFixed(1)}%`);
}
