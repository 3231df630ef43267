/**
 * Does a finer crop let a network read the eyes better? The same small convolutional network is
 * trained from scratch on the eye band (`eyeBand`) of true-landmark crops cut at 64 px (the
 * `tiny` encoder's input) and at 128 px from the same 192 px synth renders, to the eye and brow
 * ARKit targets, and scored on test-split faces (held-out R² per target, after every epoch). At
 * 128 px one stride-2 convolution in front brings the band to the 64 px band's size, so the two
 * networks differ only by it. Run from the repository root after `npm run build`:
 *
 *   node packages/expression-encoder/scripts/eye-resolution-probe.mjs [--train 16384] [--test 2048] [--epochs 8] [--sizes 64,128]
 *
 * Deterministic for a backend: fixed synth seeds (train 5, test 21), initial weights and batch
 * order. The default takes about 25 minutes on one core with wasm, most of it at 128 px.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, initBackend } from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_NAMES, alignedFaceCrop, faceBatches } from '@freeavatar/synth';
import { eyeBand } from '../dist/index.js';

const TARGETS = [
  'eyeBlinkLeft',
  'eyeBlinkRight',
  'eyeLookOutLeft',
  'eyeLookInLeft',
  'eyeLookUpLeft',
  'eyeLookDownLeft',
  'eyeSquintLeft',
  'eyeWideLeft',
  'browInnerUp',
  'browDownLeft',
  'browOuterUpLeft',
];
const RENDER_SIZE = 192;
const BATCH = 64;

function parseArgs(argv) {
  const options = { train: 16384, test: 2048, epochs: 8, sizes: [64, 128] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--train') options.train = Number(value);
    else if (flag === '--test') options.test = Number(value);
    else if (flag === '--epochs') options.epochs = Number(value);
    else if (flag === '--sizes') options.sizes = value.split(',').map(Number);
    else throw new Error(`unknown argument ${flag}`);
  }
  for (const key of ['train', 'test']) {
    if (!Number.isInteger(options[key]) || options[key] < BATCH || options[key] % BATCH !== 0) {
      throw new Error(`--${key} must be a multiple of ${BATCH}, got ${options[key]}`);
    }
  }
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new Error(`--epochs must be a positive integer, got ${options.epochs}`);
  }
  for (const size of options.sizes) {
    if (size !== 64 && size !== 128) throw new Error(`--sizes takes 64 and 128, got ${size}`);
  }
  return options;
}

/** Eye bands (0–1 floats, one array per crop size) and the targets of `count` faces of a split. */
async function eyeBands(split, seed, count, sizes) {
  const bands = sizes.map((size) => eyeBand(size));
  const pixels = bands.map((b) => new Float32Array(count * b.height * b.width * 3));
  const targets = new Float32Array(count * TARGETS.length);
  const columns = TARGETS.map((name) => ARKIT_BLENDSHAPE_NAMES.indexOf(name));
  let n = 0;
  for await (const batch of faceBatches({
    batchSize: BATCH,
    size: RENDER_SIZE,
    split,
    seed,
    batches: count / BATCH,
  })) {
    batch.images.forEach((image, i) => {
      columns.forEach((c, j) => (targets[n * TARGETS.length + j] = batch.labels[i].weights[c]));
      sizes.forEach((size, k) => {
        const crop = alignedFaceCrop(image, batch.landmarks2d[i], size, 'eyes-mouth');
        const { top, left, height, width } = bands[k];
        let o = n * height * width * 3;
        for (let y = top; y < top + height; y++) {
          for (let x = left * 3; x < (left + width) * 3; x++) {
            pixels[k][o++] = crop.data[y * size * 3 + x] / 255;
          }
        }
      });
      n++;
    });
  }
  return { count, bands, pixels, targets };
}

/** The probe network; at 128 px a stride-2 convolution first halves the band. */
function probeNetwork(band, size) {
  const seeds = { next: 1 };
  const conv = (filters, strides, inputShape) =>
    tf.layers.conv2d({
      ...(inputShape ? { inputShape } : {}),
      filters,
      kernelSize: 3,
      strides,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: seeds.next++ }),
    });
  const model = tf.sequential();
  model.add(conv(16, 1, [band.height, band.width, 3]));
  if (size === 128) model.add(conv(16, 2));
  for (const filters of [32, 64, 64]) model.add(conv(filters, 2));
  model.add(tf.layers.flatten());
  model.add(
    tf.layers.dense({
      units: 128,
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: seeds.next++ }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: TARGETS.length,
      kernelInitializer: tf.initializers.glorotNormal({ seed: seeds.next++ }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return model;
}

/** Mean and spread (floored at 0.05) of each target column. */
function standardisation(targets, count) {
  const t = TARGETS.length;
  const mean = new Float32Array(t);
  const std = new Float32Array(t);
  for (let j = 0; j < t; j++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < count; i++) {
      sum += targets[i * t + j];
      squares += targets[i * t + j] ** 2;
    }
    mean[j] = sum / count;
    std[j] = Math.max(0.05, Math.sqrt(Math.max(0, squares / count - mean[j] ** 2)));
  }
  return { mean, std };
}

/** Held-out R² of each target. */
function rSquared(predicted, truth, count) {
  const t = TARGETS.length;
  return TARGETS.map((_, j) => {
    let mean = 0;
    for (let i = 0; i < count; i++) mean += truth[i * t + j] / count;
    let residual = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      residual += (predicted[i * t + j] - truth[i * t + j]) ** 2;
      total += (truth[i * t + j] - mean) ** 2;
    }
    return 1 - residual / total;
  });
}

const options = parseArgs(process.argv.slice(2));
await initBackend({ prefer: 'wasm' });
const started = Date.now();
const train = await eyeBands('train', 5, options.train, options.sizes);
const test = await eyeBands('test', 21, options.test, options.sizes);
console.log(
  `${options.train} train / ${options.test} test faces rendered at ${RENDER_SIZE} px in ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s; ${options.epochs} epochs of batch ${BATCH}`,
);
console.log(`| crop | epoch | seconds | ${TARGETS.join(' | ')} | mean |`);
console.log(`| --: | --: | --: | ${TARGETS.map(() => '--:').join(' | ')} | --: |`);

const { mean, std } = standardisation(train.targets, train.count);
const t = TARGETS.length;
const standardised = train.targets.map((v, i) => (v - mean[i % t]) / std[i % t]);
for (const [k, size] of options.sizes.entries()) {
  const band = train.bands[k];
  const pixelsPerFace = band.height * band.width * 3;
  const model = probeNetwork(band, size);
  const rng = createRng(size);
  const sizeStarted = Date.now();
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = rng.shuffle([...Array(train.count).keys()]);
    for (let s = 0; s < train.count; s += BATCH) {
      const x = new Float32Array(BATCH * pixelsPerFace);
      const y = new Float32Array(BATCH * t);
      order.slice(s, s + BATCH).forEach((face, i) => {
        x.set(
          train.pixels[k].subarray(face * pixelsPerFace, (face + 1) * pixelsPerFace),
          i * pixelsPerFace,
        );
        y.set(standardised.subarray(face * t, (face + 1) * t), i * t);
      });
      const xs = tf.tensor4d(x, [BATCH, band.height, band.width, 3]);
      const ys = tf.tensor2d(y, [BATCH, t]);
      await model.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
    }
    const predicted = tf.tidy(() =>
      model
        .predict(tf.tensor4d(test.pixels[k], [test.count, band.height, band.width, 3]))
        .mul(tf.tensor1d(std))
        .add(tf.tensor1d(mean))
        .dataSync(),
    );
    const r2 = rSquared(predicted, test.targets, test.count);
    const seconds = ((Date.now() - sizeStarted) / 1000).toFixed(0);
    const average = r2.reduce((a, b) => a + b, 0) / t;
    console.log(
      `| ${size} px | ${epoch} | ${seconds} | ${r2.map((v) => v.toFixed(2)).join(' | ')} | ${average.toFixed(3)} |`,
    );
  }
  model.dispose();
}
