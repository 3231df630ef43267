import {
  createAlignedFaceRenderer,
  createFaceSceneStream,
  ARKIT_BLENDSHAPE_NAMES,
} from '@freeavatar/synth';
const r = createAlignedFaceRenderer({ size: 64 });
const s = createFaceSceneStream({ split: 'train', seed: 5 });
const set = (names, v) => {
  const w = new Float32Array(52);
  for (const n of names) w[ARKIT_BLENDSHAPE_NAMES.indexOf(n)] = v;
  return w;
};
const tests = {
  pucker: ['mouthPucker'],
  funnel: ['mouthFunnel'],
  smile: ['mouthSmileLeft', 'mouthSmileRight'],
  jaw: ['jawOpen'],
  blink: ['eyeBlinkLeft', 'eyeBlinkRight'],
  mleft: ['mouthLeft'],
};
const acc = {};
for (let i = 0; i < 12; i++) {
  const base = { ...s.sceneAt(i), occluder: undefined };
  const n = r.render({ ...base, expression: new Float32Array(52) }).image.data;
  for (const [k, names] of Object.entries(tests)) {
    for (const v of [0.5, 1]) {
      const img = r.render({ ...base, expression: set(names, v) }).image.data;
      let d = 0,
        dm = 0,
        cm = 0;
      for (let p = 0; p < 64 * 64; p++) {
        const y = Math.floor(p / 64);
        let e = 0;
        for (let c = 0; c < 3; c++) e += Math.abs(img[p * 3 + c] - n[p * 3 + c]);
        d += e;
        if (y >= 38 && y < 58) {
          dm += e;
          cm++;
        }
      }
      const key = `${k}@${v}`;
      acc[key] ??= [0, 0];
      acc[key][0] += d / 4096 / 3 / 12;
      acc[key][1] += dm / cm / 3 / 12;
    }
  }
}
for (const [k, [a, b]] of Object.entries(acc))
  console.log(k.padEnd(12), 'all', a.toFixed(2), 'mouth band', b.toFixed(2));
