import {
  createFaceRenderer,
  createFaceSceneStream,
  ARKIT_BLENDSHAPE_NAMES,
} from '@freeavatar/synth';
import { fitSimilarity, invertAffine } from '@freeavatar/face-crop';
import { CANONICAL_FACE_POSITIONS as C } from '../packages/face-crop/dist/canonical-face.js';
const S = 64;
const sets = {
  eyesMouth: [33, 133, 362, 263, 61, 291],
  eyesNose: [33, 133, 362, 263, 168, 2],
  eyesNoseTip: [33, 133, 362, 263, 6, 1],
};
function template(ids) {
  const top = C[3 * 10 + 1],
    bottom = C[3 * 152 + 1];
  const k = (0.84 * S) / (top - bottom);
  const mid = (top + bottom) / 2;
  // centre as the current template does for eyes+mouth: keep the same frame (forehead-chin mapping)
  return ids.map((i) => [S / 2 + k * C[3 * i], S / 2 - k * (C[3 * i + 1] - mid)]);
}
function crop(image, lm, ids) {
  const from = ids.map((i) => [lm[2 * i], lm[2 * i + 1]]);
  const [[a, b, c], [d, e, f]] = invertAffine(fitSimilarity(from, template(ids)));
  const out = new Float32Array(S * S * 3);
  for (let y = 0; y < S; y++)
    for (let x = 0; x < S; x++) {
      const sx = Math.min(Math.max(a * (x + 0.5) + b * (y + 0.5) + c - 0.5, 0), image.width - 1);
      const sy = Math.min(Math.max(d * (x + 0.5) + e * (y + 0.5) + f - 0.5, 0), image.height - 1);
      const x0 = Math.floor(sx),
        y0 = Math.floor(sy),
        x1 = Math.min(x0 + 1, image.width - 1),
        y1 = Math.min(y0 + 1, image.height - 1),
        fx = sx - x0,
        fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const g = (yy, xx) => image.data[(yy * image.width + xx) * 3 + ch];
        out[(y * S + x) * 3 + ch] =
          (g(y0, x0) * (1 - fx) + g(y0, x1) * fx) * (1 - fy) +
          (g(y1, x0) * (1 - fx) + g(y1, x1) * fx) * fy;
      }
    }
  return out;
}
const r = createFaceRenderer({ size: 128 });
const s = createFaceSceneStream({ split: 'train', seed: 5 });
const set = (names, v) => {
  const w = new Float32Array(52);
  for (const n of names) w[ARKIT_BLENDSHAPE_NAMES.indexOf(n)] = v;
  return w;
};
const tests = {
  pucker: ['mouthPucker'],
  smile: ['mouthSmileLeft', 'mouthSmileRight'],
  jaw: ['jawOpen'],
  blink: ['eyeBlinkLeft', 'eyeBlinkRight'],
  stretch: ['mouthStretchLeft', 'mouthStretchRight'],
};
const N = 10;
const acc = {};
for (let i = 0; i < N; i++) {
  const base = { ...s.sceneAt(i), occluder: undefined };
  const n = r.render({ ...base, expression: new Float32Array(52) });
  for (const [k, names] of Object.entries(tests)) {
    const e = r.render({ ...base, expression: set(names, 1) });
    for (const [sn, ids] of Object.entries(sets)) {
      const A = crop(n.image, n.landmarks2d, ids),
        B = crop(e.image, e.landmarks2d, ids);
      let up = 0,
        low = 0;
      for (let p = 0; p < S * S; p++) {
        const y = Math.floor(p / S);
        let d = 0;
        for (let c = 0; c < 3; c++) d += Math.abs(A[p * 3 + c] - B[p * 3 + c]);
        if (y < 34) up += d;
        else low += d;
      }
      const key = `${k} ${sn}`;
      acc[key] ??= [0, 0];
      acc[key][0] += up / (34 * S * 3) / N;
      acc[key][1] += low / ((S - 34) * S * 3) / N;
    }
  }
}
for (const [k, [u, l]] of Object.entries(acc))
  console.log(k.padEnd(22), 'upper', u.toFixed(2), 'lower', l.toFixed(2));
