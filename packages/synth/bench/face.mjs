// Face-model costs: building the model and heads, applying blendshapes, evaluating a whole
// head, sampling identities and expressions, and the expression distance.
//
//   node packages/synth/bench/face.mjs [--calls N]
//
// Prints wall-clock and CPU time per call (on a busy machine CPU time is the better estimate).
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';

register(new URL('./ts-hooks.mjs', import.meta.url).href);

const synth = await import('../src/index.ts');
const { createRng } = await import('@freeavatar/core');

const i = process.argv.indexOf('--calls');
const calls = i >= 0 ? Number(process.argv[i + 1]) : 2000;

function time(label, count, fn) {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < count; k++) fn(k);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  const per = (ms) =>
    ms / count < 0.1 ? `${((1000 * ms) / count).toFixed(1)} µs` : `${(ms / count).toFixed(3)} ms`;
  console.log(
    `${label.padEnd(34)} ${per(wall).padStart(11)} wall  ${per((cpu.user + cpu.system) / 1000).padStart(11)} cpu`,
  );
}

time('createFaceModel', 3, () => synth.createFaceModel());
const model = synth.getDefaultFaceModel();
const rng = createRng(1);
const weights = Array.from({ length: 64 }, () => synth.sampleExpression(rng).weights);
time('sampleIdentity', 20, (k) => synth.sampleIdentity(k, { model }));
const person = synth.sampleIdentity(7, { model });
time('createHead', 20, () => synth.createHead({ ...person, model }));
const head = synth.createHead({ ...person, model });
const out = new Float32Array(468 * 3);
for (let k = 0; k < 200; k++) synth.applyBlendshapes(weights[k % 64], { model, out });
time('applyBlendshapes (52 weights)', calls * 10, (k) =>
  synth.applyBlendshapes(weights[k % 64], { model, out }),
);
for (let k = 0; k < 50; k++) head.evaluate(weights[k % 64]);
time('head.evaluate (all parts)', calls, (k) => head.evaluate(weights[k % 64]));
time('sampleExpression', calls * 10, () => synth.sampleExpression(rng));
const metric = synth.createExpressionDistance({ model });
time('expression distance', calls * 10, (k) =>
  metric.distance(weights[k % 64], weights[(k + 1) % 64]),
);
const parts = head.mesh().parts;
console.log(
  `head: ${parts.length} parts, ${parts.reduce((s, p) => s + p.positions.length / 3, 0)} vertices, ` +
    `${parts.reduce((s, p) => s + p.indices.length / 3, 0)} triangles`,
);
