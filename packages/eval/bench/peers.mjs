// FreeAvatar's pipeline (face mesh crop + expression encoder + animator, all three avatars) next
// to the peer pipelines: face mesh + geometry features, face mesh + emotion classifier, face
// mesh + kalidokit, and face mesh + face-api's expression net, on a 640×480 frame with one face (the astronaut photo), per backend, in image mode (detector every
// frame) and video mode (tracking, detector every 10th frame). Prints milliseconds per stage
// (median over frames), faces per second, and FreeAvatar's speed as a ratio of each peer's,
// measured in the same run (the shipped weights; needs the packages built). Runs on the built packages (dist/):
//
//   npx nx run-many -t build
//   npm run bench -w @freeavatar/eval              # wasm
//   npm run bench -w @freeavatar/eval -- wasm cpu  # chosen backends
//
// BENCH_SECONDS (default 4) sets the time per pipeline and mode. Figures are printed, never
// asserted.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend, readImageFile } from '@freeavatar/core';
import { createAnimator } from '@freeavatar/animator';
import { createFaceCropper } from '@freeavatar/face-crop';
import {
  emotionClassifierMethod,
  faceApiExpressionMethod,
  kalidokitMethod,
  landmarkGeometryMethod,
} from '@freeavatar/eval';

const backends = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['wasm'];
const SECONDS_PER_RUN = Number(process.env.BENCH_SECONDS ?? 4);

const astronaut = await readImageFile(
  fileURLToPath(new URL('../../face-crop/fixtures/astronaut.png', import.meta.url)),
);

/** 640×480 grey frame with the 512² photo (one face) pasted at (64, −16). */
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs cropper + method on the frame for SECONDS_PER_RUN and returns median ms per stage and
 * per frame, and faces per second over the whole run.
 */
async function timePipeline(cropper, method, mode) {
  const stages = { detection: [], mesh: [], alignment: [], decode: [], features: [], total: [] };
  let t = 0;
  let faces = 0;
  const step = async (record) => {
    const started = performance.now();
    const found =
      mode === 'image'
        ? await cropper.detect(frame)
        : await cropper.detectForVideo(frame, (t += 33.3));
    const cropped = performance.now();
    await method.features(found);
    const done = performance.now();
    if (!record) return;
    faces += found.length;
    for (const key of ['detection', 'mesh', 'alignment', 'decode'])
      stages[key].push(cropper.lastTimings[key]);
    stages.features.push(done - cropped);
    stages.total.push(done - started);
  };
  for (let i = 0; i < 3; i++) await step(false); // warm-up: kernels compiled
  const started = performance.now();
  while (performance.now() - started < SECONDS_PER_RUN * 1000 || stages.total.length < 5) {
    await step(true);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    frames: stages.total.length,
    facesPerSecond: faces / seconds,
    ms: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, median(v)])),
  };
}

function line(label, r) {
  const f = (v) => v.toFixed(1).padStart(6);
  return `${label.padEnd(42)} ${f(r.facesPerSecond)} faces/s  median ms: total ${f(r.ms.total)} = decode ${f(r.ms.decode)} + detection ${f(r.ms.detection)} + mesh ${f(r.ms.mesh)} + alignment ${f(r.ms.alignment)} + features ${f(r.ms.features)}  (${r.frames} frames)`;
}

console.log(
  `eval peers bench: 640×480 frame, one face, ${SECONDS_PER_RUN} s per run, node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`,
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
  const cropper = await createFaceCropper({ maxFaces: 1 });
  const animator = await createAnimator({ faceCropper: cropper });
  const avatars = animator.avatars().map((a) => a.id);
  const ours = {
    async features(found) {
      for (const face of found) await animator.animate(face, avatars);
    },
    dispose: () => animator.dispose(),
  };
  const methods = [
    [`FreeAvatar: encoder + animator (${avatars.length} avatars)`, ours],
    ['face mesh + geometry', landmarkGeometryMethod({ faceCropper: cropper })],
    ['face mesh + emotion net', await emotionClassifierMethod()],
    ['face mesh + kalidokit', await kalidokitMethod({ faceCropper: cropper })],
    ['face mesh + face-api expressions', await faceApiExpressionMethod()],
  ];
  try {
    const rates = {};
    for (const [label, method] of methods) {
      for (const mode of ['image', 'video']) {
        cropper.reset();
        const result = await timePipeline(cropper, method, mode);
        rates[`${label} (${mode})`] = result.facesPerSecond;
        console.log(`  ${line(`${label} (${mode})`, result)}`);
      }
    }
    console.log('  FreeAvatar faces/s ÷ peer faces/s, same mode, same run:');
    for (const [label] of methods.slice(1)) {
      const ratios = ['image', 'video'].map(
        (mode) =>
          `${mode} ${(rates[`${methods[0][0]} (${mode})`] / rates[`${label} (${mode})`]).toFixed(2)}×`,
      );
      console.log(`    vs ${label.padEnd(34)} ${ratios.join('  ')}`);
    }
  } finally {
    for (const [, method] of methods) method.dispose();
    cropper.dispose();
  }
  if (tf.memory().numTensors > 0)
    console.log(`  tensors still allocated: ${tf.memory().numTensors} (backend state)`);
}
