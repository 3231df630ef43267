import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { ExpressionModel } from '@freeavatar/expression-encoder';
import {
  ANIMATOR_LOSS_WEIGHTS,
  animatorLoss,
  embedImages,
  imageLoss,
  perceptualLoss,
  rigAbsoluteLoss,
  rigLoss,
  symmetryLoss,
} from './animator-loss.js';

const value = (t: tf.Tensor): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

describe('loss terms on hand-made cases', () => {
  it('rigLoss: mean squared error, optionally weighted per sample', () => {
    const p = tf.tensor2d([
      [0, 0],
      [1, 1],
    ]);
    const t = tf.tensor2d([
      [0, 1],
      [1, 1],
    ]);
    const w = tf.tensor1d([3, 1]);
    const before = tf.memory().numTensors;
    expect(value(rigLoss(p, t))).toBeCloseTo(0.25, 6); // (0 + 1) / 2 / 2
    expect(value(rigLoss(p, t, w))).toBeCloseTo(0.375, 6); // (3·0.5 + 1·0) / 4
    expect(tf.memory().numTensors).toBe(before);
    expect(() => rigLoss(p, tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(
      /target must have the prediction's shape \[2,2\], got \[2,3\]/,
    );
    expect(() => rigLoss(p, t, tf.ones([3]) as tf.Tensor1D)).toThrow(
      /sampleWeights must have shape \[2\]/,
    );
    tf.dispose([p, t, w]);
  });

  it('rigAbsoluteLoss: mean absolute error, optionally weighted per sample and per control; least at the median', () => {
    const p = tf.tensor2d([
      [0, 0],
      [1, 1],
    ]);
    const t = tf.tensor2d([
      [0, 0.5],
      [0.8, 1],
    ]);
    const w = tf.tensor1d([3, 1]);
    const before = tf.memory().numTensors;
    expect(value(rigAbsoluteLoss(p, t))).toBeCloseTo(0.175, 6); // (0.25 + 0.1) / 2
    expect(value(rigAbsoluteLoss(p, t, w))).toBeCloseTo(0.2125, 6); // (3·0.25 + 1·0.1) / 4
    // Per-control weights scale each control before the mean over controls. Control 0 errs by 0
    // and 0.2, control 1 by 0.5 and 0; with control 1 left out: ((0 + 0) / 2 + (0.2 + 0) / 2) / 2
    const firstOnly = tf.tensor1d([1, 0]);
    expect(value(rigAbsoluteLoss(p, t, undefined, firstOnly))).toBeCloseTo(0.05, 6);
    expect(value(rigAbsoluteLoss(p, t, w, firstOnly))).toBeCloseTo(0.025, 6); // (3·0 + 1·0.1) / 4
    firstOnly.dispose();
    // A control that rests at 0 on three faces of four and reaches 1 on the fourth: predicting
    // its median (0) beats predicting its mean (0.25) on this loss, and loses on the squared one.
    const truth = tf.tensor2d([[0], [0], [0], [1]]);
    const median = tf.zeros([4, 1]) as tf.Tensor2D;
    const mean = tf.fill([4, 1], 0.25) as tf.Tensor2D;
    expect(value(rigAbsoluteLoss(median, truth))).toBeLessThan(value(rigAbsoluteLoss(mean, truth)));
    expect(value(rigLoss(median, truth))).toBeGreaterThan(value(rigLoss(mean, truth)));
    tf.dispose([truth, median, mean]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => rigAbsoluteLoss(p, tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(
      /rigAbsoluteLoss: the target must have the prediction's shape \[2,2\], got \[2,3\]/,
    );
    expect(() => rigAbsoluteLoss(p, t, tf.ones([3]) as tf.Tensor1D)).toThrow(
      /rigAbsoluteLoss: sampleWeights must have shape \[2\]/,
    );
    expect(() => rigAbsoluteLoss(p, t, undefined, tf.ones([3]) as tf.Tensor1D)).toThrow(
      /rigAbsoluteLoss: controlWeights must have shape \[2\], got \[3\]/,
    );
    tf.dispose([p, t, w]);
  });

  it('imageLoss: mean absolute error', () => {
    const a = tf.fill([1, 2, 2, 3], 0.25) as tf.Tensor4D;
    const b = tf.fill([1, 2, 2, 3], 0.75) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(value(imageLoss(a, b))).toBeCloseTo(0.5, 6);
    expect(value(imageLoss(a, a))).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => imageLoss(a, tf.zeros([1, 4, 4, 3]) as tf.Tensor4D)).toThrow(FreeAvatarError);
    tf.dispose([a, b]);
  });

  it('perceptualLoss: mean squared error of embeddings', () => {
    const a = tf.tensor2d([[1, 0]]);
    const b = tf.tensor2d([[0, 1]]);
    expect(value(perceptualLoss(a, b))).toBeCloseTo(1, 6);
    tf.dispose([a, b]);
  });

  it('symmetryLoss: zero exactly when the mirrored prediction is the swapped rig', () => {
    const rig = tf.tensor2d([[0.5, 0.9, 0.1]]); // [blink, winkL, winkR]
    const good = tf.tensor2d([[0.5, 0.1, 0.9]]);
    const bad = tf.tensor2d([[0.5, 0.9, 0.1]]);
    const perm = Int32Array.from([0, 2, 1]);
    const before = tf.memory().numTensors;
    expect(value(symmetryLoss(good, rig, perm))).toBe(0);
    expect(value(symmetryLoss(bad, rig, perm))).toBeCloseTo((2 * 0.8 ** 2) / 3, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => symmetryLoss(good, rig, Int32Array.from([0, 1]))).toThrow(/permutation must be/);
    tf.dispose([rig, good, bad]);
  });
});

describe('embedImages', () => {
  it('resizes to the model input and gives unit embeddings without leaking', () => {
    const model = ExpressionModel.create(
      { imageSize: 16, patchSize: 8, dim: 16, depth: 1, heads: 2 },
      1,
    );
    const images = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const e = embedImages(model, images);
    expect(e.shape).toEqual([2, 16]);
    const norm = value(tf.tidy(() => tf.norm(tf.slice(e, [0, 0], [1, 16]))));
    expect(norm).toBeCloseTo(1, 4);
    const small = tf.image.resizeBilinear(images, [16, 16], false, true) as tf.Tensor4D;
    const direct = model.embed(small);
    expect(Array.from(e.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([e, small, direct]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => embedImages(model, tf.zeros([2, 3]) as unknown as tf.Tensor4D)).toThrow(
      /\[n, h, w, 3\]/,
    );
    images.dispose();
    model.dispose();
  });
});

describe('animatorLoss', () => {
  it('weights and sums the terms it has inputs for, and returns them', () => {
    const predicted = tf.tensor2d([[0.5, 0.9, 0.1]]);
    const target = tf.tensor2d([[0.5, 0.1, 0.9]]);
    const rendered = tf.fill([1, 2, 2, 3], 0.2) as tf.Tensor4D;
    const targetImages = tf.fill([1, 2, 2, 3], 0.6) as tf.Tensor4D;
    const actorEmbeddings = tf.tensor2d([[1, 0]]);
    const renderedEmbeddings = tf.tensor2d([[0, 1]]);
    const predictedMirrored = tf.tensor2d([[0.5, 0.9, 0.1]]);
    const permutation = Int32Array.from([0, 2, 1]);
    const before = tf.memory().numTensors;
    const { total, parts } = animatorLoss({
      predicted,
      target,
      rendered,
      targetImages,
      actorEmbeddings,
      renderedEmbeddings,
      predictedMirrored,
      permutation,
    });
    const rig = (2 * 0.8 ** 2) / 3;
    expect(parts.rig!.dataSync()[0]).toBeCloseTo(rig, 6);
    expect(parts.image!.dataSync()[0]).toBeCloseTo(0.4, 6);
    expect(parts.perceptual!.dataSync()[0]).toBeCloseTo(1, 6);
    expect(parts.symmetry!.dataSync()[0]).toBeCloseTo(0, 6);
    expect(total.dataSync()[0]).toBeCloseTo(10 * rig + 0.4 + 0.2 * 1 + 0, 5);
    tf.dispose([total, ...Object.values(parts)]);
    expect(tf.memory().numTensors).toBe(before);

    const only = animatorLoss({ predicted, target, rendered, targetImages }, { rig: 0 });
    expect(Object.keys(only.parts)).toEqual(['image']);
    expect(only.total.dataSync()[0]).toBeCloseTo(0.4 * ANIMATOR_LOSS_WEIGHTS.image, 6);
    tf.dispose([only.total, ...Object.values(only.parts)]);
    expect(tf.memory().numTensors).toBe(before);

    const withL1 = animatorLoss({ predicted, target }, { rigL1: 2 });
    expect(Object.keys(withL1.parts)).toEqual(['rig', 'rigL1']);
    expect(withL1.parts.rigL1!.dataSync()[0]).toBeCloseTo(1.6 / 3, 6);
    expect(withL1.total.dataSync()[0]).toBeCloseTo(10 * rig + 2 * (1.6 / 3), 5);
    tf.dispose([withL1.total, ...Object.values(withL1.parts)]);
    expect(tf.memory().numTensors).toBe(before);

    expect(() => animatorLoss({ predicted }, {})).toThrow(/no term has both its inputs/);
    expect(() => animatorLoss({ predicted, target }, { rigL1: Number.NaN })).toThrow(
      /rigL1 loss weight must be a finite number ≥ 0, got NaN/,
    );
    expect(() => animatorLoss({ predicted, target }, { rig: -1 })).toThrow(
      /rig loss weight must be a finite number ≥ 0, got -1/,
    );
    expect(() =>
      animatorLoss({
        predicted,
        target,
        rendered,
        targetImages: tf.zeros([1]) as unknown as tf.Tensor4D,
      }),
    ).toThrow(FreeAvatarError);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([
      predicted,
      target,
      rendered,
      targetImages,
      actorEmbeddings,
      renderedEmbeddings,
      predictedMirrored,
    ]);
  });
});
