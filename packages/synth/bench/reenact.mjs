// Photo reenactment speed: milliseconds per frame for random expressions on the astronaut photo
// (512×512, face ≈ 95 px wide) and on the same photo upscaled 2× (1024×1024, face ≈ 190 px).
//
//   node packages/synth/bench/reenact.mjs [--frames N]
//
// Detection runs once per photo (not timed); each frame is `reenact(prepared, weights)`: the
// blendshape displacement, the piecewise-affine warp and the eye and mouth painting. Prints
// wall-clock and process CPU time per frame; on a busy machine CPU time is the better figure.
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { URL, fileURLToPath } from 'node:url';

register(new URL('./ts-hooks.mjs', import.meta.url).href);

const tf = await import('@tensorflow/tfjs');
const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
const { createRequire } = await import('node:module');
const wasmEntry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
setWasmPaths(new URL('./', `file://${wasmEntry}`).pathname);
await tf.setBackend('wasm');
const { createRng, readImageFile } = await import('@freeavatar/core');
const { createReenactor, sampleExpression } = await import('../src/index.ts');

const i = process.argv.indexOf('--frames');
const frames = i >= 0 ? Number(process.argv[i + 1]) : 300;
const photoPath = fileURLToPath(new URL('../../face-crop/fixtures/astronaut.png', import.meta.url));
const photo = await readImageFile(photoPath);

function upscale(image, k) {
  const width = image.width * k;
  const height = image.height * k;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const s = (Math.floor(y / k) * image.width + Math.floor(x / k)) * 3;
      data.set(image.data.subarray(s, s + 3), (y * width + x) * 3);
    }
  return { width, height, data };
}

const reenactor = await createReenactor();
console.log(`photo reenactment, ${frames} frames per photo, node ${process.version}`);
for (const [label, image] of [
  ['astronaut 512x512', photo],
  ['astronaut 1024x1024 (2x)', upscale(photo, 2)],
]) {
  const prepared = await reenactor.prepare(image);
  const rng = createRng(7);
  const targets = Array.from({ length: 64 }, () => sampleExpression(rng).weights);
  const out = { width: image.width, height: image.height, data: new Uint8Array(image.data.length) };
  for (let f = 0; f < 30; f++) reenactor.reenact(prepared, targets[f % targets.length], { out });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let f = 0; f < frames; f++)
    reenactor.reenact(prepared, targets[f % targets.length], { out });
  const wall = (performance.now() - start) / frames;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / frames;
  console.log(
    `${label.padEnd(28)} ${wall.toFixed(2).padStart(7)} ms/frame wall  ${cpuMs.toFixed(2).padStart(7)} ms/frame cpu`,
  );
}
reenactor.dispose();
