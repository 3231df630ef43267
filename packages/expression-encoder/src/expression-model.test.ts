import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ExpressionModel, headParamShapes } from './expression-model.js';
import { MaskedAutoencoder } from './mae.js';
import { saveExpressionModel } from './model-file.js';
import { resolveVitConfig } from './presets.js';
import { TINY_TEST_CONFIG, maxAbsDiff, randomImages } from './test-utils/fixtures.js';

describe('ExpressionModel', () => {
  it('embeds to unit 16-d vectors and exposes the pooled feature', () => {
    expect(headParamShapes(resolveVitConfig('base')).kernel).toEqual([768, 16]);
    const model = ExpressionModel.create(TINY_TEST_CONFIG, 1);
    const images = randomImages(3, 32, 1);
    const before = tf.memory().numTensors;
    const { features, embeddings } = model.run(images);
    expect(features.shape).toEqual([3, 32]);
    expect(embeddings.shape).toEqual([3, 16]);
    const norms = tf.tidy(() => tf.norm(embeddings, 2, 1).dataSync());
    for (const n of norms) expect(n).toBeCloseTo(1, 5);
    const e = model.embed(images);
    const f = model.features(images);
    expect(maxAbsDiff(e.dataSync(), embeddings.dataSync())).toBe(0);
    expect(maxAbsDiff(f.dataSync(), features.dataSync())).toBe(0);
    tf.dispose([features, embeddings, e, f]);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    model.dispose();
    expect(() => model.embed(images)).toThrow(/disposed/);
  });

  it('frees every variable on dispose', () => {
    const before = tf.memory().numTensors;
    const model = ExpressionModel.create(TINY_TEST_CONFIG, 1);
    const copy = ExpressionModel.fromWeights(TINY_TEST_CONFIG, model.params);
    expect(tf.memory().numTensors).toBe(before + 2 * Object.keys(model.params).length);
    model.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts from an MAE checkpoint: same backbone, a new seeded head', () => {
    const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, { decoderDim: 32, decoderHeads: 2 }, 4);
    expect(() => ExpressionModel.fromWeights(TINY_TEST_CONFIG, mae.params)).toThrow(/pass a seed/);
    const model = ExpressionModel.fromWeights(TINY_TEST_CONFIG, mae.params, 7);
    const images = randomImages(2, 32, 2);
    const f1 = mae.encoder.features(images);
    const f2 = model.features(images);
    expect(maxAbsDiff(f1.dataSync(), f2.dataSync())).toBe(0);
    const again = ExpressionModel.fromWeights(TINY_TEST_CONFIG, model.params);
    const e1 = model.embed(images);
    const e2 = again.embed(images);
    expect(maxAbsDiff(e1.dataSync(), e2.dataSync())).toBe(0);
    tf.dispose([f1, f2, e1, e2, images]);
    [mae, model, again].forEach((m) => m.dispose());
  });
});

describe('the expression model on bad input', () => {
  it('names the argument that is wrong', async () => {
    expect(() => headParamShapes(null as never)).toThrow(/config must be an object, got null/);
    const Construct = ExpressionModel as unknown as new (encoder: unknown) => unknown;
    expect(() => new Construct({})).toThrow(/encoder must be a VisionTransformer/);
    await expect(saveExpressionModel(null as never, 'model.json')).rejects.toThrow(
      /model must be an ExpressionModel, got null/,
    );
  });
});
