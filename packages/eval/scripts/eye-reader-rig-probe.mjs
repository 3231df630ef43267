/**
 * Would the animator drive the rigs better if it read an eye reader (`VitConfig.eyeReader`)
 * beside the encoder's pooled feature? For each shipped avatar, a probe network (input → 256 ReLU
 * units → sigmoid rig, fitted with the animator's rig loss 10 × MSE + 1 × mean absolute error) is
 * fitted twice on the same synth train-split actors: on the shipped encoder's pooled feature, and
 * on that feature joined with the eye reader's values (`model.headInput` of a model trained by
 * `freeavatar train encoder --stage eye-reader` from the shipped weights, so its pooled feature is
 * the shipped one). Prints MAE, mean Pearson r and the key controls' r on test-split actors. Run
 * from the repository root after `npm run build`:
 *
 *   node packages/eval/scripts/eye-reader-rig-probe.mjs EYE_READER_MODEL_JSON [train 4096] [test 2048] [epochs 40]
 *
 * Deterministic for a backend: fixed seeds for the actors, the initial weights and the batch
 * order.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@freeavatar/core';
import { createExpressionEncoder } from '@freeavatar/expression-encoder';
import { createSynthAnimatorData } from '@freeavatar/animator';
import { AVATARS } from '@freeavatar/synth';
import { KEY_CONTROLS, rigCurves, rigError } from '../dist/index.js';
import { fitRigProbe, PROBE_BATCH as BATCH } from './rig-probe-network.mjs';

const [eyeModel, trainN = '4096', testN = '2048', epochsN = '40'] = process.argv.slice(2);
if (!eyeModel)
  throw new Error('usage: eye-reader-rig-probe.mjs EYE_READER_MODEL_JSON [train] [test] [epochs]');
for (const [name, value] of [
  ['train', trainN],
  ['test', testN],
]) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 64 || n % 64 !== 0)
    throw new Error(`${name} must be a multiple of 64, got ${value}`);
}
await initBackend({ prefer: 'wasm' });
const shipped = await createExpressionEncoder();
const eyes = await createExpressionEncoder({ model: eyeModel });
if (eyes.config.eyeReader === 0) throw new Error(`${eyeModel} has no eye reader`);

async function actors(avatar, split, count, seed) {
  const data = createSynthAnimatorData({ avatars: [avatar], batchSize: BATCH, split, seed });
  const plain = [];
  const joined = [];
  const truth = [];
  for (let step = 0; step < count / BATCH; step++) {
    const [part] = data.batchAt(step).avatars;
    plain.push(...(await shipped.features(part.crops)).map((r) => [...r]));
    const h = eyes.model.headInput(part.crops);
    joined.push(...(await h.array()));
    truth.push(...(await part.rigs.array()));
    tf.dispose([h, part.crops, part.rigs, part.renders]);
  }
  return { plain, joined, truth };
}

for (const avatar of ['human', 'toon', 'robot']) {
  const t0 = Date.now();
  const train = await actors(avatar, 'train', Number(trainN), 7);
  const test = await actors(avatar, 'test', Number(testN), 8);
  const controls = AVATARS[avatar].rig.map((c) => c.name);
  const truthCurves = rigCurves(controls, test.truth);
  for (const kind of ['plain', 'joined']) {
    const predicted = fitRigProbe(train[kind], train.truth, test[kind], {
      epochs: Number(epochsN),
    });
    const e = rigError(rigCurves(controls, predicted), truthCurves);
    const keys = Object.entries(KEY_CONTROLS[avatar])
      .map(([slot, name]) => `${slot} ${(e.perControl[name].pearson ?? 0).toFixed(3)}`)
      .join(', ');
    console.log(
      `${avatar} ${kind}: MAE ${e.mean.mae.toFixed(4)} mean r ${e.mean.pearson.toFixed(3)} | ${keys} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
}
shipped.dispose();
eyes.dispose();
