// Face-crop throughput: aligned crops per second for a 640×480 frame with one face, per
// backend, in image mode (detector every frame) and video mode (tracking, detector every 10th
// frame), with the share of time in each stage; then image mode on the same frame without a face,
// with the default retry filters (three looks) and with one look. Runs on the built packages
// (dist/):
//
//   npm run bench -w @freeavatar/face-crop            # wasm, cpu, webgpu
//   npm run bench -w @freeavatar/face-crop -- wasm    # chosen backends only
//
// Figures are printed, never asserted.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { URL, fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend, loadGraphModel, readImageFile } from '@freeavatar/core';
import { createFaceCropper, locateDefaultModels } from '@freeavatar/face-crop';

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
const faceless = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3).fill(90) };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeMode(cropper, mode, picture = frame, label = mode) {
  const stages = { decode: 0, detection: 0, mesh: 0, alignment: 0 };
  let frames = 0;
  let faces = 0;
  let t = 0;
  const call = () =>
    mode === 'image' ? cropper.detect(picture) : cropper.detectForVideo(picture, (t += 33.3));
  for (let i = 0; i < 3; i++) await call(); // warm-up: kernels compiled, shaders built
  const times = [];
  const started = performance.now();
  while (performance.now() - started < SECONDS_PER_RUN * 1000 || frames < 5) {
    const t0 = performance.now();
    faces += (await call()).length;
    times.push(performance.now() - t0);
    frames++;
    for (const key of Object.keys(stages)) stages[key] += cropper.lastTimings[key];
  }
  const mean = (performance.now() - started) / frames;
  const ms = median(times);
  const total = Object.values(stages).reduce((a, b) => a + b, 0);
  const share = (key) => `${((100 * stages[key]) / total).toFixed(0)}%`.padStart(4);
  return {
    line: `${label.padEnd(5)}  ${(1000 / ms).toFixed(1).padStart(6)} crops/s  median ${ms.toFixed(1).padStart(6)} ms/frame (mean ${mean.toFixed(1)})  detection ${share('detection')}  mesh ${share('mesh')}  alignment ${share('alignment')}  decode ${share('decode')}  (${frames} frames, ${faces} crops)`,
  };
}

/** Milliseconds per bare model call (execute + read back), as a reference for the pipeline. */
async function timeModels() {
  const files = await locateDefaultModels();
  const result = {};
  for (const [name, file, size] of [
    ['detector', files.detector, 256],
    ['mesh', files.mesh, 192],
  ]) {
    const model = await loadGraphModel(file);
    const input = tf.randomUniform([1, size, size, 3], 0, 1, 'float32', 1);
    const run = async () => {
      const out = model.execute(input);
      const list = Array.isArray(out) ? out : [out];
      await Promise.all(list.map((t) => t.data()));
      tf.dispose(list);
    };
    for (let i = 0; i < 3; i++) await run();
    const times = [];
    const started = performance.now();
    while (performance.now() - started < 1000 || times.length < 3) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    result[name] = median(times);
    input.dispose();
    model.dispose();
  }
  return `bare models (median): detector ${result.detector.toFixed(1)} ms, mesh ${result.mesh.toFixed(1)} ms per call`;
}

console.log(
  `face-crop bench: 640×480 frame, one face, crop 112², ${SECONDS_PER_RUN} s per run, node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`,
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
  console.log(`  ${await timeModels()}`);
  const cropper = await createFaceCropper();
  try {
    for (const mode of ['image', 'video']) {
      const { line } = await timeMode(cropper, mode);
      console.log(`  ${line}`);
      cropper.reset();
    }
    const once = await createFaceCropper({ retryFilters: [] });
    try {
      for (const [label, c] of [
        ['image, no face, with retries', cropper],
        ['image, no face, one look', once],
      ]) {
        console.log(`  ${(await timeMode(c, 'image', faceless, label)).line}`);
      }
    } finally {
      once.dispose();
    }
  } finally {
    cropper.dispose();
  }
  if (tf.memory().numTensors > 0)
    console.log(
      `  tensors still allocated: ${tf.memory().numTensors} (model-independent backend state)`,
    );
}
