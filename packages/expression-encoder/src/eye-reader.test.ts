import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExpressionModel, headParamShapes } from './expression-model.js';
import { eyeReaderFeature, eyeReaderParamShapes } from './eye-reader.js';
import { loadExpressionModel, saveExpressionModel } from './model-file.js';
import { resolveVitConfig } from './presets.js';
import { TINY_TEST_CONFIG, maxAbsDiff, randomImages } from './test-utils/fixtures.js';

describe('the eye reader', () => {
  const plain = resolveVitConfig(TINY_TEST_CONFIG);
  const withReader = resolveVitConfig({ ...plain, eyeReader: 12 });

  it('has four convolutions over the eye band and a dense layer to its width', () => {
    expect(eyeReaderParamShapes(plain)).toEqual({});
    const shapes = eyeReaderParamShapes(withReader);
    expect(shapes['conv0/kernel']).toEqual([3, 3, 3, 16]);
    expect(shapes['conv3/kernel']).toEqual([3, 3, 64, 64]);
    // The 12 × 24 band of a 32 px crop, halved three times (rounding up): 2 × 3 cells.
    expect(shapes['dense/kernel']).toEqual([2 * 3 * 64, 12]);
    expect(headParamShapes(withReader).kernel).toEqual([plain.dim + 12, plain.embeddingDim]);
    expect(() => resolveVitConfig({ eyeReader: -1 })).toThrow(/eyeReader must be an integer ≥ 0/);
  });

  it('reads only the eye band, and leaks nothing', () => {
    const model = ExpressionModel.create(withReader, 2);
    const images = randomImages(2, plain.imageSize, 4);
    // The same faces with the rows below the band (nose, mouth) changed.
    const changed = tf.tidy(() =>
      tf.concat([images.slice([0, 0, 0, 0], [-1, 17, -1, -1]), tf.zeros([2, 15, 32, 3])], 1),
    ) as tf.Tensor4D;
    const tensors = tf.memory().numTensors;
    const [a, b] = [images, changed].map((x) =>
      tf.tidy(() => eyeReaderFeature(model.eyeReader, x, model.config)),
    );
    expect(a.shape).toEqual([2, 12]);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    const input = model.headInput(images);
    expect(input.shape).toEqual([2, plain.dim + 12]);
    tf.dispose([a, b, input]);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([images, changed]);
    model.dispose();
  });

  it('added to a trained model, leaves its features and embeddings as they were', () => {
    const model = ExpressionModel.create(plain, 2);
    const images = randomImages(3, plain.imageSize, 4);
    const before = model.run(images);
    expect(() => ExpressionModel.fromWeights(withReader, model.params)).toThrow(
      /eye reader.*pass a seed/,
    );
    const read = ExpressionModel.fromWeights(withReader, model.params, 5);
    expect(Object.keys(read.params).filter((n) => n.startsWith('eyeReader/'))).toHaveLength(10);
    const after = read.run(images);
    expect(maxAbsDiff(after.features.dataSync(), before.features.dataSync())).toBe(0);
    expect(maxAbsDiff(after.embeddings.dataSync(), before.embeddings.dataSync())).toBe(0);
    tf.dispose([before.features, before.embeddings, after.features, after.embeddings, images]);
    model.dispose();
    read.dispose();
  });

  it('is saved and loaded with the model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eye-reader-'));
    try {
      const model = ExpressionModel.create(withReader, 2);
      await saveExpressionModel(model, join(dir, 'model.json'));
      const { model: loaded } = await loadExpressionModel(join(dir, 'model.json'));
      expect(loaded.config.eyeReader).toBe(12);
      const images = randomImages(2, plain.imageSize, 4);
      const [a, b] = [model, loaded].map((m) => m.embed(images));
      expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-6);
      tf.dispose([a, b, images]);
      model.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the eye reader on bad input', () => {
  it('names the argument that is wrong', () => {
    expect(() => eyeReaderParamShapes(null as never)).toThrow(/config must be an object, got null/);
    const config = resolveVitConfig({ ...TINY_TEST_CONFIG, eyeReader: 16 });
    expect(() => eyeReaderFeature(42 as never, null as never, config)).toThrow(
      /params must be an object, got the number 42/,
    );
    expect(() => eyeReaderFeature({}, null as never, config)).toThrow(
      /images must be a tf.Tensor, got null/,
    );
  });
});
