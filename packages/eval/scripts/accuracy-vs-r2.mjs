// What triplet accuracy an encoder of a given quality reaches on the synthetic test triplets: each
// face's expression coordinates (the space in which `@freeavatar/synth`'s expression distance is
// Euclidean, which decides every triplet) are read with Gaussian error sized so that a regression
// from the error-laden reading explains a fraction R² of each coordinate's variance, and the odd
// face is the one outside the closest pair, as the evaluation scores it. Averaged over three error
// draws. This turns the 90% accuracy target into the R² an encoder must reach, and relates a
// head fit's held-out R² (`freeavatar train encoder --stage head-fit`) to triplet accuracy.
// A second table says which controls decide the triplets: the accuracy of an otherwise perfect
// reading that knows nothing of one group of ARKit controls (each set to its mean over the faces).
//
//   node packages/eval/scripts/accuracy-vs-r2.mjs [TRIPLETS=2000] [SEED=1]
import { createRng } from '@freeavatar/core';
import {
  ARKIT_BLENDSHAPE_NAMES,
  createExpressionDistance,
  createTripletSampler,
} from '@freeavatar/synth';

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
  return {
    expressions: t.faces.map((f) => f.expression),
    coords: t.faces.map((f) => distance.embed(f.expression)),
    negative: t.negative,
  };
});
const dims = triplets[0].coords[0].length;
const faces = triplets.flatMap((t) => t.coords);
const variance = Array.from({ length: dims }, (_, j) => {
  const mean = faces.reduce((s, c) => s + c[j], 0) / faces.length;
  return faces.reduce((s, c) => s + (c[j] - mean) ** 2, 0) / faces.length;
});

const squared = (a, b) => a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0);

/** Whether the face outside the closest pair of the three readings is the triplet's odd one. */
function oddOneRight(read, negative) {
  const pairs = [squared(read[1], read[2]), squared(read[0], read[2]), squared(read[0], read[1])];
  return pairs.indexOf(Math.min(...pairs)) === negative;
}

/** Accuracy when coordinate j is read with error of standard deviation `spread[j]`. */
function accuracy(spread, draw) {
  const rng = createRng(draw);
  let correct = 0;
  for (const t of triplets) {
    const read = t.coords.map((c) => Array.from(c, (v, j) => v + spread[j] * rng.normal()));
    if (oddOneRight(read, t.negative)) correct++;
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

const meanExpression = new Float32Array(ARKIT_BLENDSHAPE_NAMES.length);
for (const t of triplets) {
  for (const e of t.expressions) e.forEach((v, j) => (meanExpression[j] += v / faces.length));
}
const groups = {
  'jaw (jawOpen, jawForward, jawLeft/Right)': /^jaw/,
  'blinks (eyeBlinkLeft/Right)': /^eyeBlink/,
  'eye squint and wide': /^eye(Squint|Wide)/,
  'gaze (eyeLook…)': /^eyeLook/,
  'brows (brow…)': /^brow/,
  'smiles (mouthSmileLeft/Right)': /^mouthSmile/,
  'pucker and funnel': /^mouth(Pucker|Funnel)/,
  'the other mouth controls': /^mouth(?!Smile|Pucker|Funnel)/,
  'cheeks and nose': /^(cheek|nose)/,
  tongueOut: /^tongue/,
};
console.log('\ncontrols read as their mean, all others exactly   triplet accuracy');
for (const [group, pattern] of Object.entries(groups)) {
  const unknown = ARKIT_BLENDSHAPE_NAMES.map((name) => pattern.test(name));
  let correct = 0;
  for (const t of triplets) {
    const read = t.expressions.map((e) =>
      distance.embed(e.map((v, j) => (unknown[j] ? meanExpression[j] : v))),
    );
    if (oddOneRight(read, t.negative)) correct++;
  }
  console.log(`${group.padEnd(48)} ${((100 * correct) / triplets.length).toFixed(1)}%`);
}
