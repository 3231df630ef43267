// Cuts every face that face-crop finds in @vladmandic/face-api's demo group photos
// (node_modules/@vladmandic/face-api/demo/sample1..6.jpg) into its own 256 px picture, for
// reenacted-photo triplets (`freeavatar synth triplets --photos DIR`). The photos' provenance is
// not stated: use the pictures for local measurements only and never commit them.
//
//   node packages/eval/scripts/face-api-portraits.mjs OUT_DIR
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initBackend, readImageFile, writeImageFile } from '@freeavatar/core';
import { createFaceCropper } from '@freeavatar/face-crop';
import { cropWindow } from '@freeavatar/synth';

const out = process.argv[2];
if (!out) {
  console.error('usage: node packages/eval/scripts/face-api-portraits.mjs OUT_DIR');
  process.exit(2);
}
const demo = join(
  dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);
await mkdir(out, { recursive: true });
await initBackend({ prefer: 'wasm' });
const cropper = await createFaceCropper({ maxFaces: 30 });
let written = 0;
for (let s = 1; s <= 6; s++) {
  const photo = await readImageFile(join(demo, `sample${s}.jpg`));
  for (const face of await cropper.detect(photo)) {
    const side = Math.max(face.box.width, face.box.height);
    if (side < 60 || face.score < 0.8) continue;
    const size = side * 2.2;
    const x = face.box.x + face.box.width / 2 - size / 2;
    const y = face.box.y + face.box.height / 2 - size / 2;
    const name = `sample${s}-face${written}.png`;
    await writeImageFile(join(out, name), cropWindow(photo, { x, y, size }, 256));
    written++;
  }
}
cropper.dispose();
console.log(`wrote ${written} face pictures to ${out}`);
