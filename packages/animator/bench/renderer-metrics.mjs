/**
 * Held-out scoring shared by the renderer benchmarks: PSNR of a neural renderer on rigs of
 * another seed's expressions (none seen in training), over the whole image and inside its eye
 * and mouth boxes, next to the same figures for the mean training image predicted for every
 * rig; and a picture sheet (top row ground truth, bottom row rendered).
 */
import { contactSheet, writeImageFile } from '@freeavatar/core';
import { createAvatarPairStream } from '@freeavatar/synth';
import { psnr } from '../dist/index.js';

function crop(image, box) {
  const data = new Uint8Array(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.top + y) * image.width + box.left) * 3;
    data.set(image.data.subarray(from, from + box.width * 3), y * box.width * 3);
  }
  return { width: box.width, height: box.height, data };
}

const average = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Per-pixel mean of `count` training renders (pairs 0 … count − 1 of the training seed). */
export function meanTrainingImage(avatar, size, seed, count = 1024) {
  const stream = createAvatarPairStream({ avatar, size, seed });
  const sum = new Float64Array(size * size * 3);
  for (let i = 0; i < count; i++) stream.pairAt(i).image.data.forEach((v, j) => (sum[j] += v));
  return { width: size, height: size, data: Uint8Array.from(sum, (v) => Math.round(v / count)) };
}

/**
 * Scores `renderer` on `count` held-out pairs of `heldOutSeed`; returns mean PSNR (dB) per region
 * for the renderer and for `meanImage`, the pairs and renders for a sheet, and the renderer's
 * milliseconds per rig (batches of 32).
 */
export function heldOutMetrics(renderer, { heldOutSeed, count, meanImage }) {
  const size = renderer.config.imageSize;
  const stream = createAvatarPairStream({ avatar: renderer.avatar, size, seed: heldOutSeed });
  const pairs = Array.from({ length: count }, (_, i) => stream.pairAt(i));
  const rendered = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 32) {
    rendered.push(...renderer.renderImages(pairs.slice(i, i + 32).map((p) => p.rig)));
  }
  const msPerRig = (performance.now() - started) / count;
  const regions = { whole: (x) => x, eyes: (x) => crop(x, renderer.boxes.eyes) };
  regions.mouth = (x) => crop(x, renderer.boxes.mouth);
  const model = {};
  const baseline = {};
  for (const [name, cut] of Object.entries(regions)) {
    const scores = pairs.map((p, i) => psnr(cut(p.image), cut(rendered[i])));
    model[name] = average(scores);
    if (name === 'whole') model.min = Math.min(...scores);
    baseline[name] = average(pairs.map((p) => psnr(cut(p.image), cut(meanImage))));
  }
  return { model, baseline, pairs, rendered, msPerRig };
}

/** Writes the first `shown` held-out pairs: ground truth on top, rendered below. */
export async function writeSheet(path, { pairs, rendered }, shown = 8) {
  const size = pairs[0].image.width;
  const sheet = contactSheet(
    [...pairs.slice(0, shown).map((p) => p.image), ...rendered.slice(0, shown)],
    { columns: shown, cellSize: Math.max(size, 96) },
  );
  await writeImageFile(path, sheet);
}

/** One line per region: renderer vs mean training image. */
export function formatMetrics({ model, baseline }) {
  return ['whole', 'eyes', 'mouth']
    .map(
      (r) =>
        `${r.padEnd(5)} ${model[r].toFixed(2)} dB (mean image ${baseline[r].toFixed(2)} dB, ` +
        `${(model[r] - baseline[r] >= 0 ? '+' : '') + (model[r] - baseline[r]).toFixed(2)})`,
    )
    .join('\n');
}
