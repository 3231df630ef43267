#!/usr/bin/env node
// Makes the example clip: the public-domain astronaut photo (packages/face-crop/fixtures/
// astronaut.png, NASA) reenacted through packages/synth/assets/example/astronaut.script.json by
// `freeavatar synth clip`, at 256×256 and 25 fps. Writes
//   packages/synth/assets/example/astronaut.mp4          the clip (H.264)
//   packages/synth/assets/example/astronaut.arkit.json   its ground-truth ARKit track
//   docs/images/example-clip-frames.png        one frame of each expression, labelled
// and prints the face detector's hit rate on the rendered frames and on the decoded video.
//
// Usage: node packages/synth/scripts/make-example-clip.mjs
import { stat } from 'node:fs/promises';
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, URL } from 'node:url';

register(new URL('../bench/ts-hooks.mjs', import.meta.url).href);

const root = fileURLToPath(new URL('../../../', import.meta.url));
const photo = `${root}packages/face-crop/fixtures/astronaut.png`;
const script = `${root}packages/synth/assets/example/astronaut.script.json`;
const video = `${root}packages/synth/assets/example/astronaut.mp4`;
const strip = `${root}docs/images/example-clip-frames.png`;
const FPS = 25;
const SIZE = 256;
/** Frames shown in the strip: the middle of each expression's hold. */
const SHOWN = [
  ['neutral', 300],
  ['smile', 1200],
  ['surprise', 2600],
  ['blink', 3600],
  ['frown', 4700],
  ['sneer', 6100],
  ['left-eye wink', 7300],
];

const { runSynthClip } = await import('../../cli/src/commands/synth-clip.ts');
const { readVideoFrames } = await import('../../cli/src/video/ffmpeg.ts');
const { createFaceCropper } = await import('@freeavatar/face-crop');
const sharp = (await import('sharp')).default;

const started = performance.now();
const summary = await runSynthClip({
  script,
  photo,
  out: video,
  fps: FPS,
  size: SIZE,
  checkFaces: true,
  backend: 'wasm',
  log: (line) => console.log(line),
});
const seconds = (performance.now() - started) / 1000;
const bytes = (await stat(video)).size;
console.log(
  `${summary.frames} frames, ${(summary.durationMs / 1000).toFixed(2)} s at ${FPS} fps, ` +
    `${SIZE}x${SIZE}, ${(bytes / 1024).toFixed(0)} KB, made in ${seconds.toFixed(1)} s`,
);
console.log(`face detector on the rendered frames: ${summary.framesWithFace}/${summary.frames}`);

// What a user gets: the decoded video.
const cropper = await createFaceCropper();
const decoded = [];
let found = 0;
for await (const frame of readVideoFrames(video)) {
  decoded.push(frame);
  if ((await cropper.detect(frame.image)).length > 0) found++;
}
cropper.dispose();
console.log(`face detector on the decoded video: ${found}/${decoded.length}`);

// The strip: one labelled frame per expression.
const gap = 4;
const label = 28;
const width = SHOWN.length * SIZE + (SHOWN.length - 1) * gap;
const height = SIZE + label;
const canvas = Buffer.alloc(width * height * 3, 255);
SHOWN.forEach(([, timeMs], i) => {
  const frame = decoded[Math.round((timeMs * FPS) / 1000)];
  for (let y = 0; y < SIZE; y++) {
    const from = y * SIZE * 3;
    frame.image.data
      .subarray(from, from + SIZE * 3)
      .forEach((v, k) => (canvas[((y + label) * width + i * (SIZE + gap)) * 3 + k] = v));
  }
});
const texts = SHOWN.map(
  ([name, timeMs], i) =>
    `<text x="${i * (SIZE + gap) + SIZE / 2}" y="20" text-anchor="middle">${name} (${(timeMs / 1000).toFixed(1)} s)</text>`,
).join('');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${label}"><g font-family="DejaVu Sans, sans-serif" font-size="17" fill="#222">${texts}</g></svg>`;
await sharp(canvas, { raw: { width, height, channels: 3 } })
  .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
  .png({ compressionLevel: 9 })
  .toFile(strip);
console.log(`wrote ${video}, ${summary.track} and ${strip}`);
