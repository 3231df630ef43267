// Renders the pictures of the synthetic face world into docs/images/:
//
//   synth-blendshapes.png  the 52 ARKit blendshapes, each at weight 1 on the neutral template
//                          head (the first cell is the neutral face), labelled with their names
//                          (mouthClose is shown over jawOpen 1, the only way ARKit uses it)
//   synth-faces.png        64 random scenes as datasets draw them (identity, expression, pose,
//                          light, background, occluder), labelled with their emotion category
//   synth-triplets.png     8 synthetic triplets (anchor, positive, negative), labelled with
//                          their type and expression distances
//
// It runs on the built packages:
//
//   npx nx run-many -t build --projects core,face-crop,synth
//   node packages/synth/scripts/make-doc-images.mjs [--out docs/images]
//
// Text is drawn with @napi-rs/canvas (a devDependency of the workspace); the PNGs are written
// palette-quantised through sharp to keep them small.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@freeavatar/core';
import sharp from 'sharp';
import {
  ARKIT_BLENDSHAPE_NAMES,
  DEFAULT_APPEARANCE,
  createEmotionCategorizer,
  createFaceRenderer,
  createTripletSampler,
  sampleFaceScene,
  sampleIdentity,
} from '../dist/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : join(repo, 'docs/images');
mkdirSync(outDir, { recursive: true });

let canvasModule;
try {
  canvasModule = await import('@napi-rs/canvas');
} catch {
  console.error('make-doc-images needs @napi-rs/canvas (npm install in the workspace root)');
  process.exit(1);
}
const { createCanvas, GlobalFonts } = canvasModule;
const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];
let font = 'sans-serif';
for (const file of FONT_FILES) {
  if (GlobalFonts.registerFromPath(file, 'DocSans')) {
    font = 'DocSans';
    break;
  }
}

/** Lays labelled cells out on a grid and writes a palette PNG. */
async function writeSheet(file, cells, { columns, cell, labelHeight = 14, fontSize = 10 }) {
  const rows = Math.ceil(cells.length / columns);
  const gap = 2;
  const width = columns * (cell + gap) + gap;
  const height = rows * (cell + labelHeight + gap) + gap;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#202020';
  ctx.fillRect(0, 0, width, height);
  ctx.font = `${fontSize}px ${font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  cells.forEach(({ image, label }, k) => {
    const x = gap + (k % columns) * (cell + gap);
    const y = gap + Math.floor(k / columns) * (cell + labelHeight + gap);
    const pixels = ctx.createImageData(image.width, image.height);
    for (let p = 0; p < image.width * image.height; p++) {
      pixels.data[4 * p] = image.data[3 * p];
      pixels.data[4 * p + 1] = image.data[3 * p + 1];
      pixels.data[4 * p + 2] = image.data[3 * p + 2];
      pixels.data[4 * p + 3] = 255;
    }
    ctx.putImageData(pixels, x, y);
    ctx.fillStyle = '#e8e8e8';
    ctx.fillText(label, x + cell / 2, y + cell + labelHeight / 2, cell - 2);
  });
  const png = await sharp(canvas.toBuffer('image/png'))
    .png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 })
    .toBuffer();
  writeFileSync(file, png);
  console.log(`wrote ${file} (${width}x${height}, ${(png.length / 1024).toFixed(0)} KB)`);
}

const categorizer = createEmotionCategorizer();

// 1. The 52 blendshapes on the neutral template head. mouthClose only closes lips that the jaw
// has opened (datasets never use it alone), so its cell shows it over jawOpen 1.
{
  const size = 144;
  const renderer = createFaceRenderer({ size, supersample: 3, categorizer });
  const neutral = {
    ...sampleIdentity(0),
    id: 'identity-template',
    shape: new Float32Array(468 * 3),
    appearance: DEFAULT_APPEARANCE,
    scale: 1,
    skull: [1, 1, 1],
    earSize: 1,
    neckWidth: 1,
    variation: 0,
  };
  // The template's forehead-top-to-chin span is about 17 cm; fill 92% of the cell with it.
  const fovDeg = 20;
  const distance = 17.1 / (0.92 * 2 * Math.tan((fovDeg * Math.PI) / 360));
  const view = {
    identity: neutral,
    pose: { yaw: 14, pitch: -4, roll: 0 },
    camera: { fovDeg, distance, shift: [0, 0.02] },
    light: { direction: [0.35, 0.45, 1], ambient: 0.4, diffuse: 0.7 },
    background: { kind: 'gradient', from: [0.55, 0.6, 0.66], to: [0.3, 0.33, 0.38], angleDeg: 90 },
    occluders: [],
  };
  const render = (weights) => {
    const expression = new Float32Array(52);
    for (const [name, w] of Object.entries(weights))
      expression[ARKIT_BLENDSHAPE_NAMES.indexOf(name)] = w;
    return renderer.render({ ...view, expression }).image;
  };
  const cells = [{ image: render({}), label: 'neutral' }];
  for (const name of ARKIT_BLENDSHAPE_NAMES) {
    const weights = name === 'mouthClose' ? { jawOpen: 1, mouthClose: 1 } : { [name]: 1 };
    cells.push({
      image: render(weights),
      label: name === 'mouthClose' ? 'mouthClose (+jawOpen)' : name,
    });
  }
  await writeSheet(join(outDir, 'synth-blendshapes.png'), cells, { columns: 8, cell: size });
}

// 2. 64 random scenes, as a training set draws them.
{
  const size = 112;
  const renderer = createFaceRenderer({ size, categorizer });
  const rng = createRng(2025);
  const cells = [];
  for (let k = 0; k < 64; k++) {
    const { image, label } = renderer.render(sampleFaceScene(rng, 'train'));
    cells.push({ image, label: `${label.emotion} (${label.expressionKind})` });
  }
  await writeSheet(join(outDir, 'synth-faces.png'), cells, { columns: 8, cell: size, fontSize: 9 });
}

// 3. Synthetic triplets: anchor, positive, negative per row.
{
  const size = 96;
  const renderer = createFaceRenderer({ size, categorizer });
  const sampler = createTripletSampler({
    split: 'train',
    seed: 7,
    categorizer,
    occluderProbability: 0,
  });
  const cells = [];
  for (let i = 0; i < 8; i++) {
    const t = sampler.tripletAt(i);
    const d = t.distances;
    const roles = [
      [t.anchor, `${t.type.replace('_CLASS', '')} a: ${t.emotions[t.anchor]}`],
      [t.positive, `p: ${t.emotions[t.positive]} d=${d.anchorPositive.toFixed(2)}`],
      [
        t.negative,
        `n: ${t.emotions[t.negative]} d=${Math.min(d.anchorNegative, d.positiveNegative).toFixed(2)}`,
      ],
    ];
    for (const [k, label] of roles) cells.push({ image: renderer.render(t.faces[k]).image, label });
  }
  await writeSheet(join(outDir, 'synth-triplets.png'), cells, {
    columns: 6,
    cell: size,
    fontSize: 9,
  });
}
