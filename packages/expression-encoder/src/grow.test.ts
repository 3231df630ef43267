import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ExpressionModel } from './expression-model.js';
import { growEncoderWeights, grownConfig, type EncoderGrowth } from './grow.js';
import { resolveVitConfig } from './presets.js';
import { TINY_TEST_CONFIG, maxAbsDiff, randomImages } from './test-utils/fixtures.js';

describe('growEncoderWeights', () => {
  const config = resolveVitConfig({ ...TINY_TEST_CONFIG, positionalPool: 4 });
  const grow = (model: ExpressionModel, growth: EncoderGrowth) =>
    growEncoderWeights(model.params, config, growth, 1, 'encoder/');

  it('adds blocks and MLP units without changing the features or the embedding', () => {
    const model = ExpressionModel.create(config, 3);
    const images = randomImages(4, config.imageSize, 5);
    const before = model.run(images);
    const tensorsBefore = tf.memory().numTensors;
    const grown = grow(model, { depth: 3, mlpRatio: 4 });
    expect(grown.config).toMatchObject({ depth: 3, mlpRatio: 4, dim: config.dim });
    const bigger = ExpressionModel.fromWeights(grown.config, grown.weights);
    Object.values(grown.weights).forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(tensorsBefore + Object.keys(bigger.params).length);
    const hidden = 4 * config.dim;
    expect(bigger.params['encoder/block0/mlp/fc1/kernel'].shape).toEqual([config.dim, hidden]);
    expect(bigger.params['encoder/block2/mlp/fc2/kernel'].shape).toEqual([hidden, config.dim]);
    const after = bigger.run(images);
    expect(maxAbsDiff(after.features.dataSync(), before.features.dataSync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(after.embeddings.dataSync(), before.embeddings.dataSync())).toBeLessThan(
      1e-6,
    );
    tf.dispose([before.features, before.embeddings, after.features, after.embeddings, images]);
    model.dispose();
    bigger.dispose();
  });

  it('starts new blocks as the identity but trainable: their output projection gets a gradient', () => {
    const model = ExpressionModel.create(config, 3);
    const grown = grow(model, { depth: 2 });
    model.dispose();
    const bigger = ExpressionModel.fromWeights(grown.config, grown.weights);
    Object.values(grown.weights).forEach((t) => t.dispose());
    const proj = bigger.params['encoder/block1/attn/proj/kernel'];
    expect(tf.tidy(() => tf.max(tf.abs(proj)).dataSync()[0])).toBe(0);
    expect(
      tf.tidy(() => tf.max(tf.abs(bigger.params['encoder/block1/attn/qkv/kernel'])).dataSync()[0]),
    ).toBeGreaterThan(0);
    const images = randomImages(2, config.imageSize, 6);
    const gradient = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.square(bigger.features(images))) as tf.Scalar,
        [proj as tf.Variable],
      );
      return tf.max(tf.abs(grads[proj.name])).dataSync()[0];
    });
    expect(gradient).toBeGreaterThan(0);
    images.dispose();
    bigger.dispose();
  });

  it('leaves the given weights alone and leaks nothing', () => {
    const model = ExpressionModel.create(config, 3);
    const snapshot = model.params['encoder/block0/mlp/fc1/kernel'].dataSync().slice();
    const before = tf.memory().numTensors;
    const grown = grow(model, { depth: 2, mlpRatio: 3 });
    Object.values(grown.weights).forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(model.params['encoder/block0/mlp/fc1/kernel'].dataSync(), snapshot)).toBe(0);
    model.dispose();
  });

  it('refuses to shrink an encoder, naming what was asked', () => {
    expect(() => grownConfig(config, { depth: 0 })).toThrow(/depth must be a positive integer/);
    const deeper = resolveVitConfig({ ...config, depth: 3 });
    expect(() => grownConfig(deeper, { depth: 2 })).toThrow(
      /depth can only grow: the encoder has 3 blocks, got 2/,
    );
    expect(() => grownConfig(config, { mlpRatio: 1 })).toThrow(
      /mlpRatio can only grow: the encoder has 2, got 1/,
    );
    const model = ExpressionModel.create(config, 3);
    const before = tf.memory().numTensors;
    expect(() => growEncoderWeights(model.params, deeper, { mlpRatio: 3 }, 1, 'encoder/')).toThrow(
      /weights lack "encoder\/block1\/mlp\/fc1\/kernel"/,
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('grownConfig and growEncoderWeights on bad input', () => {
  it('name the argument that is wrong', () => {
    expect(() => grownConfig(null as never, {})).toThrow(/config must be an object, got null/);
    const config = resolveVitConfig(TINY_TEST_CONFIG);
    expect(() => grownConfig(config, null as never)).toThrow(/growth must be an object, got null/);
    expect(() => growEncoderWeights('x' as never, config, {}, 1)).toThrow(
      /weights must be an object, got the string "x"/,
    );
  });
});
