import * as tf from '@tensorflow/tfjs';
import { createRng, initBackend } from '@freeavatar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { augmentImages } from './augment.js';
import { ExpressionModel } from './expression-model.js';
import { MaskedAutoencoder } from './mae.js';
import { createAdamW, createSgd } from './optimizer.js';
import { TINY_TEST_CONFIG, maxAbsDiff, smoothImages } from './test-utils/fixtures.js';
import { optimizeStep } from './train-step.js';
import { tripletLoss, tripletMargins } from './triplet-loss.js';

interface Figures {
  maeLoss: number;
  maeGradNorm: number;
  tripletLoss: number;
  tripletGradNorm: number;
  embedding: Float32Array;
  augmented: Float32Array;
}

async function figures(): Promise<Figures> {
  const images = smoothImages(4, 32, 1);
  const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, { decoderDim: 32, decoderHeads: 2 }, 2);
  const adamw = createAdamW();
  const m = await optimizeStep(mae.params, adamw, () => mae.loss(images, createRng(3)));
  const model = ExpressionModel.create(TINY_TEST_CONFIG, 2);
  const embedding = model.embed(images);
  const sgd = createSgd();
  const margins = tripletMargins(['ONE_CLASS', 'TWO_CLASS']);
  const t = await optimizeStep(model.params, sgd, () =>
    tf.tidy(() => {
      const [a, p, n] = [0, 1, 2].map((i) => model.embed(images.slice(i, 2) as tf.Tensor4D));
      return tripletLoss(a, p, n, margins);
    }),
  );
  const augmented = augmentImages(images, createRng(4), {
    affine: { probability: 1 },
    jpeg: { probability: 1 },
  });
  const out = {
    maeLoss: m.loss,
    maeGradNorm: m.gradNorm,
    tripletLoss: t.loss,
    tripletGradNorm: t.gradNorm,
    embedding: (await embedding.data()) as Float32Array,
    augmented: (await augmented.data()) as Float32Array,
  };
  tf.dispose([images, embedding, augmented]);
  [adamw, sgd, mae, model].forEach((x) => x.dispose());
  return out;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('backend parity', () => {
  it('gives the same losses, gradient norms, embeddings and augmentations on cpu and wasm', async () => {
    await initBackend({ prefer: 'cpu' });
    const cpu = await figures();
    const { name } = await initBackend({ prefer: 'wasm' });
    expect(name).toBe('wasm');
    const before = tf.memory().numTensors;
    const wasm = await figures();
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm.maeLoss).toBeCloseTo(cpu.maeLoss, 4);
    expect(wasm.maeGradNorm / cpu.maeGradNorm).toBeCloseTo(1, 3);
    expect(wasm.tripletLoss).toBeCloseTo(cpu.tripletLoss, 4);
    expect(wasm.tripletGradNorm / cpu.tripletGradNorm).toBeCloseTo(1, 3);
    expect(maxAbsDiff(wasm.embedding, cpu.embedding)).toBeLessThan(1e-4);
    expect(maxAbsDiff(wasm.augmented, cpu.augmented)).toBeLessThan(1e-4);
  });
});
