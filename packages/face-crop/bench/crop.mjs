// Face-crop throughput: aligned crops per second for a 640×480 frame with one face, per
// backend, in image mode (detector every frame) and video mode (tracking, detector every 10th
// frame), with the share of time in each stage. Runs on the built packages (dist/):
//
//   npm run bench -w @freeavatar/face-crop            # wasm, cpu, webgpu
//   npm run bench -w @freeavatar/face-crop -- wasm    # chosen backends only
//
// Figures are printed, never asserted.
import { performance } from 'node:perf_hooks';
import { URL, fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend, readImageFile } from '@freeavatar/core';
import { createFaceCropper } from '@freeavatar/face-crop';

const backends =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['wasm', 'cpu', 'webgpu'];
const SECONDS_PER_RUN = Number(process.env.BENCH_SECONDS ?? 4);

const astronaut = await readImageFile(
  fileURLToPath(new URL('../fixtures/astronaut.png', import.meta.url)),
);
/** 640×480 grey frame with the 512² photo (one face) pasted at (64, -16). */
function makeFrame() {
  const width = 640;
  const height = 480;
  const data = new Uint8Array(width * height * 3).fill(90);
  for (let y = 0; y < height; y++) {
    const sy = y + 16;
    if (sy >= astronaut.height) break;
    data.set(astronaut.data.subarray(sy * 512 * 3, (sy + 1) * 512 * 3), (y * width + 64) * 3);
  }
  return { width, height, data };
}
const frame = makeFrame();

async function timeMode(cropper, mode) {
  const stages = { decode: 0, detection: 0, mesh: 0, alignment: 0 };
  let frames = 0;
  let faces = 0;
  let t = 0;
  const call = () =>
    mode === 'image' ? cropper.detect(frame) : cropper.detectForVideo(frame, (t += 33.3));
  for (let i = 0; i < 3; i++) await call(); // warm-up: kernels compiled, shaders built
  const started = performance.now();
  while (performance.now() - started < SECONDS_PER_RUN * 1000 || frames < 5) {
    faces += (await call()).length;
    frames++;
    for (const key of Object.keys(stages)) stages[key] += cropper.lastTimings[key];
  }
  const ms = (performance.now() - started) / frames;
  const total = Object.values(stages).reduce((a, b) => a + b, 0);
  const share = (key) => `${((100 * stages[key]) / total).toFixed(0)}%`.padStart(4);
  return {
    line: `${mode.padEnd(5)}  ${(1000 / ms).toFixed(1).padStart(6)} crops/s  ${ms.toFixed(1).padStart(6)} ms/frame  detection ${share('detection')}  mesh ${share('mesh')}  alignment ${share('alignment')}  decode ${share('decode')}  (${frames} frames, ${faces} crops)`,
  };
}

console.log(
  `face-crop bench: 640×480 frame, one face, crop 112², ${SECONDS_PER_RUN} s per run, node ${process.version}`,
);
for (const name of backends) {
  let choice;
  try {
    choice = await initBackend({ prefer: name });
  } catch (err) {
    console.log(`\n${name}: unavailable (${err.message.split('\n')[0]})`);
    continue;
  }
  console.log(`\n${choice.name}: ${choice.reasons[choice.name]}`);
  const cropper = await createFaceCropper();
  try {
    for (const mode of ['image', 'video']) {
      const { line } = await timeMode(cropper, mode);
      console.log(`  ${line}`);
      cropper.reset();
    }
  } finally {
    cropper.dispose();
  }
  if (tf.memory().numTensors > 0)
    console.log(
      `  tensors still allocated: ${tf.memory().numTensors} (model-independent backend state)`,
    );
}
