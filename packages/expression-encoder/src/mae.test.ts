import * as tf from '@tensorflow/tfjs';
import { createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { MaskedAutoencoder, maeDecoderShapes, maeLoss, resolveMaeOptions } from './mae.js';
import { keptPositionsOneHot, keptRowIndices, randomMasking, scatterOneHot } from './masking.js';
import { createAdamW } from './optimizer.js';
import { resolveVitConfig } from './presets.js';
import { TINY_TEST_CONFIG, maxAbsDiff, smoothImages } from './test-utils/fixtures.js';
import { optimizeStep } from './train-step.js';

describe('randomMasking', () => {
  it('keeps a quarter of the patches per image, independently and reproducibly', () => {
    const plan = randomMasking(4, 16, 0.75, createRng(1));
    expect(plan.keep).toBe(4);
    for (let b = 0; b < 4; b++) {
      const kept = Array.from(plan.kept.slice(b * 4, b * 4 + 4));
      expect(kept).toEqual([...kept].sort((x, y) => x - y));
      expect(new Set(kept).size).toBe(4);
      const hidden = Array.from(plan.hidden.slice(b * 16, b * 16 + 16));
      expect(hidden.filter((h) => h === 0).length).toBe(4);
      for (const k of kept) expect(hidden[k]).toBe(0);
    }
    expect(Array.from(plan.kept.slice(0, 4))).not.toEqual(Array.from(plan.kept.slice(4, 8)));
    expect(randomMasking(4, 16, 0.75, createRng(1)).kept).toEqual(plan.kept);
    // Index helpers agree with the plan.
    const rows = keptRowIndices(plan);
    expect(rows[5]).toBe(16 + plan.kept[5]);
    const onehot = keptPositionsOneHot(plan);
    expect(onehot[5 * 16 + plan.kept[5]]).toBe(1);
    expect(onehot.reduce((a, b) => a + b, 0)).toBe(16);
    const scatter = scatterOneHot(plan);
    expect(scatter[(1 * 16 + plan.kept[5]) * 4 + 1]).toBe(1);
  });

  it('rejects bad ratios', () => {
    expect(() => randomMasking(1, 16, 1, createRng(1))).toThrow(
      /mask ratio must be in \[0, 1\), got 1/,
    );
  });
});

describe('MaskedAutoencoder', () => {
  it('describes a light decoder', () => {
    const shapes = maeDecoderShapes(resolveVitConfig('tiny'), resolveMaeOptions());
    expect(shapes['pred/kernel']).toEqual([64, 192]);
    expect(shapes['embed/kernel']).toEqual([128, 64]);
    expect(() => resolveMaeOptions({ decoderDim: 30, decoderHeads: 4 })).toThrow(
      /multiple of decoderHeads/,
    );
  });

  it('gives a scalar loss, hidden patches only, without leaks', () => {
    const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, { decoderDim: 32, decoderHeads: 2 }, 3);
    const images = smoothImages(2, 32, 1);
    const before = tf.memory().numTensors;
    const plan = mae.mask(2, createRng(4));
    const loss = mae.loss(images, plan);
    expect(loss.shape).toEqual([]);
    const value = loss.dataSync()[0];
    expect(value).toBeGreaterThan(0.1);
    loss.dispose();
    const again = maeLoss(mae, images, createRng(4));
    expect(again.dataSync()[0]).toBeCloseTo(value, 6);
    again.dispose();
    const rec = mae.reconstruct(images, plan);
    expect(rec.shape).toEqual([2, 32, 32, 3]);
    // Visible patches are copied from the input.
    const p = plan.kept[0];
    const [py, px] = [Math.floor(p / 4) * 8, (p % 4) * 8];
    const a = tf.slice(rec, [0, py, px, 0], [1, 8, 8, 3]);
    const b = tf.slice(images, [0, py, px, 0], [1, 8, 8, 3]);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-5);
    tf.dispose([rec, a, b]);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    mae.dispose();
  });

  it('with a conv stem, hidden patches reach the loss only as targets', () => {
    const config = { ...TINY_TEST_CONFIG, convStem: 3 };
    const mae = MaskedAutoencoder.create(config, { decoderDim: 32, decoderHeads: 2 }, 3);
    const images = smoothImages(1, 32, 2);
    const plan = mae.mask(1, createRng(5));
    const before = tf.memory().numTensors;
    // Repaint one hidden patch: the stem must not carry it into the visible tokens, so the
    // reconstruction of every other hidden patch stays as it was.
    const hidden = Array.from(plan.hidden);
    // 'same' stride-2 convolutions look right and down, so the cell left of or above a patch
    // sees into it.
    const seenByVisible = (i: number) => hidden[i - 4] === 0 || (i % 4 > 0 && hidden[i - 1] === 0);
    const h = hidden.findIndex((v, i) => v === 1 && seenByVisible(i));
    const other = hidden.findIndex((v, i) => v === 1 && i !== h);
    const mask = tf.buffer([1, 32, 32, 1]);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) mask.set(1, 0, Math.floor(h / 4) * 8 + y, (h % 4) * 8 + x, 0);
    }
    const painted = tf.tidy(() => {
      const where = tf.cast(tf.tile(mask.toTensor(), [1, 1, 1, 3]), 'bool');
      return tf.where(where, tf.onesLike(images), images) as tf.Tensor4D;
    });
    const a = mae.reconstruct(images, plan);
    const b = mae.reconstruct(painted, plan);
    const p = other;
    const crop = (t: tf.Tensor4D) => {
      const patch = tf.slice(t, [0, Math.floor(p / 4) * 8, (p % 4) * 8, 0], [1, 8, 8, 3]);
      const values = patch.dataSync();
      patch.dispose();
      return values;
    };
    const [ca, cb] = [crop(a), crop(b)];
    expect(maxAbsDiff(ca, cb)).toBeLessThan(1e-6);
    // ... while the loss, scored on the hidden patches, does.
    const la = mae.loss(images, plan);
    const lb = mae.loss(painted, plan);
    expect(Math.abs(la.dataSync()[0] - lb.dataSync()[0])).toBeGreaterThan(1e-4);
    tf.dispose([painted, a, b, la, lb]);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    mae.dispose();
  });

  it('learns: the loss on a fixed tiny batch drops over 20 AdamW steps', async () => {
    const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, { decoderDim: 32, decoderHeads: 2 }, 11);
    const images = smoothImages(4, 32, 2);
    const optimizer = createAdamW({ learningRate: 3e-3, weightDecay: 0 });
    const plan = mae.mask(4, createRng(5));
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const { loss } = await optimizeStep(mae.params, optimizer, () => mae.loss(images, plan));
      losses.push(loss);
    }
    // Optimizer slots are the only new tensors: two per parameter.
    expect(tf.memory().numTensors).toBe(before + 2 * Object.keys(mae.params).length);
    const first = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const last = losses.slice(-3).reduce((a, b) => a + b) / 3;
    expect(last).toBeLessThan(first * 0.8);
    optimizer.dispose();
    images.dispose();
    mae.dispose();
  });

  it('frees every variable on dispose', () => {
    const before = tf.memory().numTensors;
    const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, { decoderDim: 32, decoderHeads: 2 }, 3);
    expect(tf.memory().numTensors).toBe(before + Object.keys(mae.params).length);
    const copy = MaskedAutoencoder.fromWeights(
      TINY_TEST_CONFIG,
      { decoderDim: 32, decoderHeads: 2 },
      mae.params,
    );
    mae.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('round-trips through a weight map', () => {
    const a = MaskedAutoencoder.create(TINY_TEST_CONFIG, { decoderDim: 32, decoderHeads: 2 }, 3);
    const b = MaskedAutoencoder.fromWeights(
      TINY_TEST_CONFIG,
      { decoderDim: 32, decoderHeads: 2 },
      a.params,
    );
    const images = smoothImages(1, 32, 3);
    const plan = a.mask(1, createRng(1));
    const la = a.loss(images, plan);
    const lb = b.loss(images, plan);
    expect(lb.dataSync()[0]).toBe(la.dataSync()[0]);
    tf.dispose([la, lb, images]);
    a.dispose();
    b.dispose();
    expect(() => a.loss(images, plan)).toThrow(/disposed/);
  });
});

describe('the MAE on bad input', () => {
  it('names the argument that is wrong', () => {
    expect(() => maeDecoderShapes(null as never, resolveMaeOptions())).toThrow(
      /config must be an object, got null/,
    );
    expect(() => maeLoss({} as never, null as never, createRng(1))).toThrow(
      /mae must be a MaskedAutoencoder, got an object/,
    );
    const Construct = MaskedAutoencoder as unknown as new (encoder: unknown) => unknown;
    expect(() => new Construct(null)).toThrow(/encoder must be a VisionTransformer/);
    const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, { decoderDim: 32, decoderHeads: 2 }, 1);
    expect(() => mae.loss(null as never, createRng(1))).toThrow(/images must be a tf.Tensor/);
    mae.dispose();
  });
});
