// Builds the shipped avatars and their picture:
//
//   packages/synth/assets/avatars/<id>.glb   one per avatar (human, toon, robot): the mesh with
//                                             vertex colours, one morph target per rig control
//                                             (named after it) and an animation "emotions" that
//                                             plays the eight emotion prototypes retargeted to
//                                             the avatar's rig (neutral, happy, sad, ... at 1.2 s
//                                             each, 10 frames per second)
//   docs/images/avatars-emotions.png          the three avatars under the same eight emotions
//
// It runs on the TypeScript sources (no build needed):
//
//   node packages/synth/scripts/build-avatars.mjs [--size 192]
//
// Labels are drawn with @napi-rs/canvas when it is installed (a workspace devDependency);
// without it the picture is written unlabelled.
import { mkdirSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

register(new URL('../bench/ts-hooks.mjs', import.meta.url).href);

const {
  EMOTIONS,
  EMOTION_PROTOTYPES,
  avatarIds,
  createAvatarRenderer,
  exportAvatarGlb,
  getAvatar,
  retarget,
} = await import('../src/index.ts');
const { encodeImage } = await import('@freeavatar/core');

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const assetDir = join(repo, 'packages/synth/assets/avatars');
const imageDir = join(repo, 'docs/images');
const sizeIndex = process.argv.indexOf('--size');
const cell = sizeIndex > 0 ? Number(process.argv[sizeIndex + 1]) : 192;
mkdirSync(assetDir, { recursive: true });
mkdirSync(imageDir, { recursive: true });

/** Rig frames that ease from one emotion prototype to the next and hold it. */
function emotionTrack(id, fps = 10, seconds = 1.2) {
  const poses = [...EMOTIONS, 'neutral'].map((e) => retarget(id, EMOTION_PROTOTYPES[e]));
  const frames = [poses[0]];
  const per = Math.round(fps * seconds);
  for (let p = 1; p < poses.length; p++) {
    for (let f = 1; f <= per; f++) {
      const t = Math.min(1, f / (per * 0.4));
      const ease = t * t * (3 - 2 * t);
      frames.push(poses[p - 1].map((a, c) => a + (poses[p][c] - a) * ease));
    }
  }
  return { fps, frames, name: 'emotions' };
}

for (const id of avatarIds()) {
  const avatar = getAvatar(id);
  const glb = await exportAvatarGlb(avatar, { animation: emotionTrack(id) });
  const file = join(assetDir, `${id}.glb`);
  writeFileSync(file, glb);
  console.log(
    `${file}: ${(glb.byteLength / 1024).toFixed(0)} KB, ${avatar.mesh.positions.length / 3} vertices, ` +
      `${avatar.mesh.indices.length / 3} triangles, ${avatar.rig.length} morph targets`,
  );
}

// The picture: rows are avatars, columns emotions.
const renderer = createAvatarRenderer({ size: cell, supersample: 3 });
const ids = avatarIds();
const label = { top: 26, left: 84 };
const gap = 4;
const width = label.left + EMOTIONS.length * (cell + gap);
const height = label.top + ids.length * (cell + gap);
const rgba = new Uint8ClampedArray(width * height * 4);
for (let i = 0; i < width * height; i++) rgba.set([250, 250, 250, 255], i * 4);
ids.forEach((id, row) => {
  EMOTIONS.forEach((emotion, col) => {
    const image = renderer.render(id, retarget(id, EMOTION_PROTOTYPES[emotion]));
    const x0 = label.left + col * (cell + gap);
    const y0 = label.top + row * (cell + gap);
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const s = (y * cell + x) * 3;
        rgba.set(
          [image.data[s], image.data[s + 1], image.data[s + 2], 255],
          ((y0 + y) * width + x0 + x) * 4,
        );
      }
    }
  });
});

let png;
try {
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  GlobalFonts.registerFromPath('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 'DocSans');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const pixels = ctx.createImageData(width, height);
  pixels.data.set(rgba);
  ctx.putImageData(pixels, 0, 0);
  ctx.fillStyle = '#222';
  ctx.font = '15px DocSans, sans-serif';
  ctx.textAlign = 'center';
  EMOTIONS.forEach((emotion, col) =>
    ctx.fillText(emotion, label.left + col * (cell + gap) + cell / 2, label.top - 8),
  );
  ctx.textAlign = 'left';
  ids.forEach((id, row) => {
    const avatar = getAvatar(id);
    const y = label.top + row * (cell + gap) + cell / 2;
    ctx.font = '15px DocSans, sans-serif';
    ctx.fillText(avatar.name, 8, y - 4);
    ctx.font = '12px DocSans, sans-serif';
    ctx.fillText(`${avatar.rig.length} controls`, 8, y + 14);
  });
  png = canvas.toBuffer('image/png');
} catch (err) {
  console.warn(`no labels (${err.message}); writing the picture unlabelled`);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(rgba.subarray(i * 4, i * 4 + 3), i * 3);
  png = await encodeImage({ width, height, data: rgb }, 'png');
}
const picture = join(imageDir, 'avatars-emotions.png');
writeFileSync(picture, png);
console.log(`${picture}: ${width}×${height}, ${(png.byteLength / 1024).toFixed(0)} KB`);
