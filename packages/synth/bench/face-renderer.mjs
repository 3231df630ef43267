// Face renderer and dataset-stream throughput on one core.
//
//   node packages/synth/bench/face-renderer.mjs [--frames N] [--size S] [--supersample K]
//
// Prints faces per second (wall clock and per second of this process's CPU time; on a busy
// machine the second is the better estimate of single-core speed) for:
//   - the bare rasterizer on one evaluated head (the floor),
//   - the face renderer on scenes of one cached identity (expression evaluation + raster + label),
//   - a seeded face stream as datasets and training batches draw it (identities shared within
//     blocks of 256 samples, 16 renders per head on average: head builds included),
//   - triplets (three renders each, plus sampling).
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';

register(new URL('./ts-hooks.mjs', import.meta.url).href);

const synth = await import('../src/index.ts');
const { createRng } = await import('@freeavatar/core');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const frames = option('frames', 400);
const size = option('size', 112);
const supersample = option('supersample', 2);

function measure(label, count, unit, fn) {
  fn(0);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 1; i <= count; i++) fn(i);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = (secs) => (count / secs).toFixed(0).padStart(6);
  console.log(
    `${label.padEnd(52)} ${rate(seconds)} ${unit}/s wall  ${rate(cpuSeconds)} ${unit}/s cpu  ` +
      `(${((1000 * cpuSeconds) / count).toFixed(2)} ms cpu each)`,
  );
}

console.log(
  `face renderer ${size}x${size}, supersample ${supersample}x${supersample}, ${frames} frames, node ${process.version}`,
);
const categorizer = synth.createEmotionCategorizer();
const renderer = synth.createFaceRenderer({ size, supersample, categorizer });
const rng = createRng(1);
const oneIdentity = Array.from({ length: 64 }, () =>
  synth.sampleFaceScene(rng, 'train', { identities: [5] }),
);

const rasterizer = synth.createRasterizer({ width: size, height: size, supersample });
const head = synth.createHead(synth.sampleIdentity(5));
const parts = head.evaluate(oneIdentity[0].expression).mesh.parts;
const camera = synth.cameraToFit(parts[0], size, size, { fill: 0.6 });
measure('rasterizer only (one evaluated head)', frames, 'faces', (i) =>
  rasterizer.render(parts, {
    camera: { ...camera, yaw: (i % 60) - 30 },
    light: oneIdentity[i % 64].light,
  }),
);
measure('head.evaluate only', frames, 'frames', (i) =>
  head.evaluate(oneIdentity[i % 64].expression),
);
measure('renderer.render, one cached identity', frames, 'faces', (i) =>
  renderer.render(oneIdentity[i % 64]),
);
const stream = synth.createFaceSceneStream({ split: 'train', seed: 1 });
measure('face stream (head builds included, reuse 16)', frames, 'faces', (i) =>
  renderer.render(stream.sceneAt(i)),
);
const sampler = synth.createTripletSampler({ split: 'train', seed: 1, categorizer });
const tripletCount = Math.max(10, Math.round(frames / 3));
measure('triplet sampling only', tripletCount * 3, 'triplets', (i) => sampler.tripletAt(i));
measure('triplets rendered (3 faces each)', tripletCount, 'triplets', (i) => {
  const t = sampler.tripletAt(i);
  for (const scene of t.faces) renderer.render(scene);
});
