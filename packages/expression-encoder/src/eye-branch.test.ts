import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eyeBand, eyeBranchParamShapes } from './eye-branch.js';
import { ExpressionModel } from './expression-model.js';
import { loadExpressionModel, saveExpressionModel } from './model-file.js';
import { resolveVitConfig } from './presets.js';
import { TINY_TEST_CONFIG, maxAbsDiff, randomImages } from './test-utils/fixtures.js';

describe('the eye branch', () => {
  const plain = resolveVitConfig({ ...TINY_TEST_CONFIG, positionalPool: 4 });
  const withEyes = { ...plain, eyeBranch: 8 };

  it('reads the band of the crop that holds the eyes and brows', () => {
    expect(eyeBand(64)).toEqual({ top: 10, left: 8, height: 24, width: 48 });
    expect(eyeBand(32)).toEqual({ top: 5, left: 4, height: 12, width: 24 });
    expect(eyeBranchParamShapes(plain)).toEqual({});
    const shapes = eyeBranchParamShapes(resolveVitConfig(withEyes));
    expect(shapes['eyes/conv0/kernel']).toEqual([3, 3, 3, 4]);
    expect(shapes['eyes/proj/kernel']).toEqual([3 * 6 * 8, plain.dim]);
    expect(() => resolveVitConfig({ eyeBranch: -1 })).toThrow(/eyeBranch must be an integer ≥ 0/);
  });

  it('added to a trained model, starts adding nothing, then gets a gradient', () => {
    const model = ExpressionModel.create(plain, 2);
    const images = randomImages(3, plain.imageSize, 4);
    const before = model.run(images);
    const eyed = ExpressionModel.fromWeights(withEyes, model.params, 5);
    expect(Object.keys(eyed.params).filter((n) => n.includes('/eyes/'))).toHaveLength(8);
    const after = eyed.run(images);
    expect(maxAbsDiff(after.features.dataSync(), before.features.dataSync())).toBe(0);
    const proj = eyed.params['encoder/eyes/proj/kernel'] as tf.Variable;
    const gradient = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.square(eyed.features(images))) as tf.Scalar,
        [proj],
      );
      return tf.max(tf.abs(grads[proj.name])).dataSync()[0];
    });
    expect(gradient).toBeGreaterThan(0);
    tf.dispose([before.features, before.embeddings, after.features, after.embeddings, images]);
    model.dispose();
    eyed.dispose();
  });

  it('gives features of the token width, leaks nothing, and needs the images to pool', () => {
    const model = ExpressionModel.create(withEyes, 2);
    const images = randomImages(2, plain.imageSize, 4);
    const tensors = tf.memory().numTensors;
    const features = model.features(images);
    expect(features.shape).toEqual([2, plain.dim]);
    features.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    const tokens = tf.zeros([2, 16, plain.dim]) as tf.Tensor3D;
    expect(() => model.encoder.pool(tokens)).toThrow(
      /an encoder with an eye branch needs the images as well as the tokens/,
    );
    tf.dispose([tokens, images]);
    model.dispose();
  });

  it('is saved and loaded with the model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eyes-'));
    try {
      const model = ExpressionModel.create(withEyes, 2);
      await saveExpressionModel(model, join(dir, 'model.json'));
      const { model: loaded } = await loadExpressionModel(join(dir, 'model.json'));
      expect(loaded.config.eyeBranch).toBe(8);
      const images = randomImages(2, plain.imageSize, 4);
      const [a, b] = [model, loaded].map((m) => m.features(images));
      expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
      tf.dispose([a, b, images]);
      model.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('eyeBranchParamShapes', () => {
  it('names a config that is not an object', () => {
    expect(() => eyeBranchParamShapes(null as never)).toThrow(/config must be an object, got null/);
  });
});
