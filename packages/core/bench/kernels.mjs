// Times the wasm training kernels and one ViT training step per backend.
// Run from packages/core after a build: `npm run bench` (add `-- --skip cpu` to leave out the
// slow pure-JavaScript backend, `-- --steps N` to time N steps).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { initBackend, registerWasmTrainingKernels } from '../dist/index.js';
import { registerWasmConv2DBackpropFilter } from '../dist/wasm-conv2d-backprop-filter.js';
import { createVit, vitLoss, vitVariables } from './vit.mjs';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '3' },
    skip: { type: 'string', multiple: true, default: [] },
  },
});
const STEPS = Number(args.steps);
const VIT = { image: 64, patch: 8, dim: 128, depth: 4, heads: 4, classes: 10, batch: 32 };

async function msPerCall(fn, timedCalls = 5) {
  const run = async () => {
    const out = fn();
    await out.data();
    out.dispose();
  };
  // The cpu backend compiles nothing and is slow: one untimed-free call is enough there.
  const cpu = tf.getBackend() === 'cpu';
  const repeats = cpu ? 1 : timedCalls;
  if (!cpu) await run();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) await run();
  return (performance.now() - start) / repeats;
}

const fmt = (ms) => (typeof ms === 'number' ? `${ms.toFixed(1)} ms` : ms);

function kernelCases() {
  const cases = [];
  for (const [m, k, n] of [
    [1024, 512, 512],
    [2048, 128, 384],
  ]) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const a = tf.randomNormal(ta ? [k, m] : [m, k], 0, 1, 'float32', 1);
      const b = tf.randomNormal(tb ? [n, k] : [k, n], 0, 1, 'float32', 2);
      cases.push({
        name: `matMul ${m}x${k}x${n} transposeA=${ta} transposeB=${tb}`,
        fn: () => tf.matMul(a, b, ta, tb),
        tensors: [a, b],
      });
    }
  }
  for (const [xs, fs, stride] of [
    [[32, 32, 32, 16], [3, 3, 16, 32], 1],
    [[32, 64, 64, 3], [8, 8, 3, 128], 8],
  ]) {
    const x = tf.randomNormal(xs, 0, 1, 'float32', 3);
    const outShape = tf.backend_util.computeConv2DInfo(xs, fs, stride, 1, 'same').outShape;
    const dy = tf.randomNormal(outShape, 0, 1, 'float32', 4);
    const fn = () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: stride, pad: 'same', dataFormat: 'NHWC', filterShape: fs },
        );
    cases.push({
      name: `conv2d filter gradient x=[${xs}] filter=[${fs}] stride ${stride}`,
      fn,
      tensors: [x, dy],
    });
  }
  return cases;
}

async function timeKernels(label) {
  const rows = {};
  const cases = kernelCases();
  for (const c of cases) {
    try {
      rows[c.name] = await msPerCall(c.fn);
    } catch (err) {
      rows[c.name] = `fails: ${err.message.split('\n')[0]}`;
    }
    tf.dispose(c.tensors);
  }
  return { label, rows };
}

async function timeVitStep(label) {
  const params = createVit(VIT);
  const x = tf.randomUniform([VIT.batch, VIT.image, VIT.image, 3], 0, 1, 'float32', 5);
  const labels = tf.oneHot(tf.randomUniform([VIT.batch], 0, VIT.classes, 'int32', 6), VIT.classes);
  const optimizer = tf.train.adam(1e-3);
  const step = async () => {
    const loss = optimizer.minimize(
      () => vitLoss(params, VIT, x, labels),
      true,
      vitVariables(params),
    );
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  };
  const first = performance.now();
  await step();
  const firstMs = performance.now() - first;
  const steps = tf.getBackend() === 'cpu' ? 0 : STEPS;
  const start = performance.now();
  let loss;
  for (let i = 0; i < steps; i++) loss = await step();
  const ms = steps > 0 ? (performance.now() - start) / steps : firstMs;
  optimizer.dispose();
  tf.dispose([x, labels, ...vitVariables(params)]);
  console.log(
    `  ${label}: ${fmt(ms)} per step (first step ${fmt(firstMs)}${loss === undefined ? '' : `, loss ${loss.toFixed(4)}`})`,
  );
  return ms;
}

console.log(
  `tfjs ${tf.version.tfjs}, Node ${process.version}, ${process.platform}-${process.arch}`,
);

// 1. wasm as shipped upstream (plus the conv filter kernel only where noted), then with the fixes.
const require = createRequire(import.meta.url);
setWasmPaths(
  join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/',
);
await tf.setBackend('wasm');
// Let V8 tier the wasm code up before timing anything.
await msPerCall(() => tf.tidy(() => tf.matMul(tf.ones([512, 512]), tf.ones([512, 512]))), 20);
const unfixed = await timeKernels('wasm, upstream kernels');
registerWasmConv2DBackpropFilter();
console.log('\nViT training step (64x64, patch 8, dim 128, depth 4, batch 32, Adam):');
const vitUnfixed = await timeVitStep('wasm, upstream BatchMatMul (with our Conv2DBackpropFilter)');
await registerWasmTrainingKernels();
const fixed = await timeKernels('wasm, with training kernels');
const vitWasm = await timeVitStep('wasm, with training kernels');

let vitWebGpu = 'skipped';
if (!args.skip.includes('webgpu')) {
  try {
    const choice = await initBackend({ prefer: 'webgpu' });
    vitWebGpu = await timeVitStep(`webgpu (${choice.reasons.webgpu.replace(/^chosen: /, '')})`);
  } catch (err) {
    vitWebGpu = `unavailable: ${err.message}`;
    console.log(`  webgpu: ${vitWebGpu}`);
  }
}
let vitCpu = 'skipped';
let cpuKernels;
if (!args.skip.includes('cpu')) {
  await tf.setBackend('cpu');
  cpuKernels = await timeKernels('cpu');
  vitCpu = await timeVitStep('cpu (one step)');
}

console.log('\nKernels (ms per call):');
const names = Object.keys(unfixed.rows);
const header = ['op', unfixed.label, fixed.label, ...(cpuKernels ? ['cpu'] : [])];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const name of names) {
  const cells = [
    name,
    fmt(unfixed.rows[name]),
    fmt(fixed.rows[name]),
    ...(cpuKernels ? [fmt(cpuKernels.rows[name])] : []),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
console.log('\nViT training step (ms per step):');
console.log('| wasm upstream matMul | wasm fixed | webgpu | cpu |');
console.log('| --- | --- | --- | --- |');
console.log(`| ${[vitUnfixed, vitWasm, vitWebGpu, vitCpu].map(fmt).join(' | ')} |`);
