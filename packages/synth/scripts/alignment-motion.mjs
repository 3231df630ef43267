// How much of an aligned crop each expression changes, per crop alignment: synth faces rendered
// neutral and then with one expression at full strength, cut to 64 px crops by each alignment,
// and the mean absolute pixel change (0–255) in the upper rows (eyes, brows) and the lower rows.
//
//   node packages/synth/scripts/alignment-motion.mjs [faces=10]
import { FACE_ALIGNMENTS } from '@freeavatar/face-crop';
import {
  ARKIT_BLENDSHAPE_NAMES,
  alignedFaceCrop,
  createFaceRenderer,
  createFaceSceneStream,
} from '@freeavatar/synth';

const SIZE = 64;
const UPPER_ROWS = 34;
const faces = Number(process.argv[2] ?? 10);
const EXPRESSIONS = {
  'smile (both sides)': ['mouthSmileLeft', 'mouthSmileRight'],
  pucker: ['mouthPucker'],
  'open jaw': ['jawOpen'],
  'mouth stretch': ['mouthStretchLeft', 'mouthStretchRight'],
  'blink (both eyes)': ['eyeBlinkLeft', 'eyeBlinkRight'],
};

const weights = (names) => {
  const w = new Float32Array(52);
  for (const name of names) w[ARKIT_BLENDSHAPE_NAMES.indexOf(name)] = 1;
  return w;
};
const renderer = createFaceRenderer({ size: 128 });
const scenes = createFaceSceneStream({ split: 'train', seed: 5 });
const rows = [];
for (const [label, names] of Object.entries(EXPRESSIONS)) {
  const change = Object.fromEntries(FACE_ALIGNMENTS.map((a) => [a, [0, 0]]));
  for (let i = 0; i < faces; i++) {
    const scene = { ...scenes.sceneAt(i), occluder: undefined };
    const neutral = renderer.render({ ...scene, expression: new Float32Array(52) });
    const moved = renderer.render({ ...scene, expression: weights(names) });
    for (const alignment of FACE_ALIGNMENTS) {
      const a = alignedFaceCrop(neutral.image, neutral.landmarks2d, SIZE, alignment).data;
      const b = alignedFaceCrop(moved.image, moved.landmarks2d, SIZE, alignment).data;
      let upper = 0;
      let lower = 0;
      for (let k = 0; k < a.length; k++) {
        const d = Math.abs(a[k] - b[k]);
        if (Math.floor(k / 3 / SIZE) < UPPER_ROWS) upper += d;
        else lower += d;
      }
      change[alignment][0] += upper / (UPPER_ROWS * SIZE * 3) / faces;
      change[alignment][1] += lower / ((SIZE - UPPER_ROWS) * SIZE * 3) / faces;
    }
  }
  rows.push({ label, change });
}
console.log(
  `${faces} synth faces, ${SIZE} px crops; mean absolute change, upper ${UPPER_ROWS} rows / the rest`,
);
console.log(`| expression | ${FACE_ALIGNMENTS.join(' | ')} |`);
console.log(`| --- | ${FACE_ALIGNMENTS.map(() => '---').join(' | ')} |`);
for (const { label, change } of rows) {
  const cells = FACE_ALIGNMENTS.map(
    (a) => `${change[a][0].toFixed(2)} / ${change[a][1].toFixed(2)}`,
  );
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
