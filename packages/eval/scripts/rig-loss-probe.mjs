/**
 * How the rig loss's absolute-error weight (`freeavatar train animator --rig-l1`) treats rare
 * controls. A small probe network (the encoder's pooled feature → 256 ReLU units → the human
 * rig's 52 sigmoid controls) is fitted to synth train-split actors with the animator's rig loss,
 * 10 × MSE + w × mean absolute error, once per weight w, and scored on test-split actors: MAE,
 * mean Pearson r, how many controls it leaves still (the same value for every actor, as the
 * animator report counts them), and r of the rare controls. The shipped animator is scored on the same test actors beside them.
 * The actors come as the animator's training data draws them (`createSynthAnimatorData`, rare
 * controls twice as often as the synth default). Run from the repository root after
 * `npm run build`:
 *
 *   node packages/eval/scripts/rig-loss-probe.mjs [--train 8192] [--test 2048] [--l1 0,0.1,0.3,1] [--epochs 60] [--l1-min-share S]
 *
 * With `--l1-min-share S` each weight is also tried with the absolute error on only the controls
 * that at least a share S of the training actors show (above 0.1), the rare ones left to the MSE.
 *
 * Deterministic for a backend: fixed seeds for the actors, the initial weights and the batch
 * order.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@freeavatar/core';
import { createExpressionEncoder } from '@freeavatar/expression-encoder';
import {
  createSynthAnimatorData,
  loadAnimatorNetwork,
  resolveDefaultAnimatorModel,
} from '@freeavatar/animator';
import { rigCurves, rigError } from '../dist/index.js';
import { fitRigProbe, PROBE_BATCH as BATCH } from './rig-probe-network.mjs';

const RARE = [
  'mouthPucker',
  'mouthLeft',
  'mouthRight',
  'cheekPuff',
  'jawLeft',
  'jawForward',
  'mouthRollUpper',
];

function parseArgs(argv) {
  const options = { train: 8192, test: 2048, l1: [0, 0.1, 0.3, 1], epochs: 60, minShare: 0 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[++i];
    if (argv[i - 1] === '--train') options.train = Number(value);
    else if (argv[i - 1] === '--test') options.test = Number(value);
    else if (argv[i - 1] === '--epochs') options.epochs = Number(value);
    else if (argv[i - 1] === '--l1') options.l1 = value.split(',').map(Number);
    else if (argv[i - 1] === '--l1-min-share') options.minShare = Number(value);
    else throw new Error(`unknown argument ${argv[i - 1]}`);
  }
  for (const key of ['train', 'test']) {
    if (!Number.isInteger(options[key]) || options[key] < BATCH || options[key] % BATCH !== 0) {
      throw new Error(`--${key} must be a multiple of ${BATCH}, got ${options[key]}`);
    }
  }
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new Error(`--epochs must be a positive integer, got ${options.epochs}`);
  }
  if (!(options.minShare >= 0 && options.minShare <= 1)) {
    throw new Error(`--l1-min-share must be a number in 0..1, got ${options.minShare}`);
  }
  if (options.l1.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new Error(`--l1 must list numbers ≥ 0, got ${options.l1.join(',')}`);
  }
  return options;
}

/** Features, true human rigs and the shipped animator's rigs of `count` actors of a split. */
async function actors(encoder, network, split, count, seed) {
  const data = createSynthAnimatorData({ avatars: ['human'], batchSize: BATCH, split, seed });
  const features = [];
  const truth = [];
  const shipped = [];
  for (let step = 0; step < count / BATCH; step++) {
    const [part] = data.batchAt(step).avatars;
    const rows = await encoder.features(part.crops);
    const predicted = tf.tidy(() => network.predict(tf.tensor2d(rows.map((r) => [...r])), 'human'));
    features.push(...rows.map((r) => [...r]));
    truth.push(...(await part.rigs.array()));
    shipped.push(...(await predicted.array()));
    tf.dispose([part.crops, part.rigs, part.renders, predicted]);
  }
  return { features, truth, shipped };
}

/** MAE, mean r, still controls and r per rare control, as the animator report computes them. */
function score(predicted, truth, controls) {
  const e = rigError(rigCurves(controls, predicted), rigCurves(controls, truth));
  return {
    mae: e.mean.mae,
    meanR: e.mean.pearson,
    still: e.stillControls.length,
    rare: RARE.map((name) => e.perControl[name].pearson ?? 0),
  };
}

const options = parseArgs(process.argv.slice(2));
await initBackend({ prefer: 'wasm' });
const encoder = await createExpressionEncoder();
const network = await loadAnimatorNetwork(await resolveDefaultAnimatorModel());
const controls = network.avatars().find((a) => a.id === 'human').controls;
const train = await actors(encoder, network, 'train', options.train, 7);
const test = await actors(encoder, network, 'test', options.test, 8);
const active = Object.fromEntries(
  RARE.map((name) => [name, test.truth.filter((row) => row[controls.indexOf(name)] > 0.1).length]),
);
console.log(
  `${options.train} train / ${options.test} test actors (human rig); test actors showing each rare control above 0.1: ` +
    RARE.map((name) => `${name} ${active[name]}`).join(', '),
);
const share = controls.map(
  (_, k) => train.truth.filter((r) => r[k] > 0.1).length / train.truth.length,
);
const everyControl = tf.ones([controls.length]);
const commonControls = tf.tensor1d(share.map((x) => (x >= options.minShare ? 1 : 0)));
if (options.minShare > 0) {
  const rare = controls.filter((_, k) => share[k] < options.minShare);
  console.log(
    `controls shown by under ${options.minShare} of the training actors: ${rare.join(', ')}`,
  );
}
const header = ['method', 'MAE', 'mean r', 'still controls', ...RARE];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map((_, i) => (i === 0 ? ':--' : '--:')).join(' | ')} |`);
const row = (name, s) =>
  console.log(
    `| ${name} | ${s.mae.toFixed(4)} | ${s.meanR.toFixed(3)} | ${s.still} | ` +
      `${s.rare.map((r) => r.toFixed(3)).join(' | ')} |`,
  );
row('shipped animator', score(test.shipped, test.truth, controls));
for (const l1 of options.l1) {
  const fit = (mask) =>
    fitRigProbe(train.features, train.truth, test.features, { epochs: options.epochs, l1, mask });
  row(`probe, 10·MSE + ${l1}·L1`, score(fit(everyControl), test.truth, controls));
  if (options.minShare > 0 && l1 > 0) {
    row(
      `probe, 10·MSE + ${l1}·L1 on controls shown by ≥ ${options.minShare}`,
      score(fit(commonControls), test.truth, controls),
    );
  }
}
tf.dispose([everyControl, commonControls]);
encoder.dispose();
network.dispose();
