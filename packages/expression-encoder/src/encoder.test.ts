import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImageFile, saveWeightMap } from '@freeavatar/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEncoder, type ExpressionEncoder } from './encoder.js';
import { ExpressionModel } from './expression-model.js';
import { defaultModelUrl, loadExpressionModel, saveExpressionModel } from './model-file.js';
import { TINY_TEST_CONFIG, maxAbsDiff, randomImages } from './test-utils/fixtures.js';

const FACE = fileURLToPath(new URL('../fixtures/astronaut-face.png', import.meta.url));
let dir = '';
let modelPath = '';
let encoder: ExpressionEncoder;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-encoder-'));
  modelPath = join(dir, 'model', 'model.json');
  const model = ExpressionModel.create(TINY_TEST_CONFIG, 17);
  await saveExpressionModel(model, modelPath, { note: 'random test weights' });
  model.dispose();
  encoder = await createExpressionEncoder({ model: modelPath, batchSize: 2, backend: 'wasm' });
  expect(encoder.backend).toBe('wasm');
});
afterAll(async () => {
  encoder.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('createExpressionEncoder', () => {
  it('embeds a batch tensor to unit Float32Array(16) rows and features to Float32Array(dim)', async () => {
    const images = randomImages(5, 32, 1);
    const before = tf.memory().numTensors;
    const embeddings = await encoder.embed(images);
    const features = await encoder.features(images);
    expect(tf.memory().numTensors).toBe(before);
    expect(embeddings).toHaveLength(5);
    for (const e of embeddings) {
      expect(e).toBeInstanceOf(Float32Array);
      expect(e.length).toBe(16);
      expect(Math.hypot(...e)).toBeCloseTo(1, 5);
    }
    expect(features[0].length).toBe(32);
    // Chunks of 2 give the same as one pass of the model.
    const direct = encoder.model.embed(images);
    expect(
      maxAbsDiff(
        embeddings.flatMap((e) => Array.from(e)),
        direct.dataSync(),
      ),
    ).toBeLessThan(1e-5);
    tf.dispose([direct, images]);
  });

  it('takes image lists of any size and range, resizing to the input', async () => {
    const face = await readImageFile(FACE);
    const asTensor = tf.tidy(() =>
      tf.image
        .resizeBilinear(tf.tensor3d(Int32Array.from(face.data), [160, 160, 3]).toFloat(), [32, 32])
        .div(255),
    ) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const [fromFile, fromImage, fromTensor] = await encoder.embed([FACE, face, asTensor]);
    const { embeddings, features } = await encoder.run([face]);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(fromFile, fromImage)).toBe(0);
    // A different resampling path: close, not identical.
    expect(encoder.distance(fromImage, fromTensor)).toBeLessThan(0.2);
    asTensor.dispose();
    expect(maxAbsDiff(embeddings[0], fromImage)).toBe(0);
    expect(features[0].length).toBe(32);
  });

  it('measures Euclidean distance between embeddings', () => {
    const a = Float32Array.from([1, 0]);
    const b = Float32Array.from([0, 1]);
    expect(encoder.distance(a, b)).toBeCloseTo(Math.SQRT2, 6);
    expect(encoder.distance(a, a)).toBe(0);
    expect(() => encoder.distance(a, [1, 0, 0])).toThrow(/same non-zero length, got 2 and 3/);
    expect(() => encoder.distance(42 as never, a)).toThrow(
      /^a must be an array of numbers, got the number 42$/,
    );
    expect(() => encoder.distance(a, undefined as never)).toThrow(/^b must be .* got undefined$/);
  });

  it('finds faces in whole images and embeds each aligned crop', async () => {
    // The first call loads the face-crop models, which stay with the encoder.
    await encoder.embedImages([FACE]);
    const before = tf.memory().numTensors;
    const found = await encoder.embedImages([FACE, FACE]);
    expect(found.map((f) => f.image)).toEqual([0, 1]);
    expect(found[0].embedding.length).toBe(16);
    expect(found[0].face.crop.width).toBe(64);
    expect(maxAbsDiff(found[0].embedding, found[1].embedding)).toBe(0);
    const direct = await encoder.embed([found[0].face.crop]);
    expect(maxAbsDiff(direct[0], found[0].embedding)).toBe(0);
    const none = await encoder.embedImages({
      width: 64,
      height: 64,
      data: new Uint8Array(64 * 64 * 3),
    });
    expect(none).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('names bad input and missing weights', async () => {
    expect(await encoder.embed([])).toEqual([]);
    await expect(encoder.embed([{ width: 2, height: 2, data: new Uint8Array(3) }])).rejects.toThrow(
      /image.data must be a Uint8Array of width\*height\*3 = 12 bytes, got 3/,
    );
    const wrong = tf.zeros([2, 8, 8]);
    await expect(encoder.embed(wrong as never)).rejects.toThrow(/\[n, h, w, 3\]/);
    wrong.dispose();
    await expect(
      createExpressionEncoder({ model: join(dir, 'nope', 'model.json') }),
    ).rejects.toThrow(/Cannot read model file .*nope/);
    await expect(createExpressionEncoder({ model: modelPath, batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer, got 0/,
    );
    const shipped = await stat(fileURLToPath(defaultModelUrl())).then(
      () => true,
      () => false,
    );
    if (shipped) {
      const byDefault = await createExpressionEncoder();
      expect(byDefault.config.embeddingDim).toBe(16);
      byDefault.dispose();
    } else {
      await expect(createExpressionEncoder()).rejects.toThrow(
        /default expression-encoder weights are not present/,
      );
    }
  });

  it('loads saved models with their metadata, and refuses after dispose', async () => {
    const before = tf.memory().numTensors;
    const { model, metadata } = await loadExpressionModel(modelPath);
    expect(metadata.note).toBe('random test weights');
    expect(model.config).toMatchObject({ imageSize: 32, dim: 32 });
    model.dispose();
    const other = await createExpressionEncoder({ model: modelPath });
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(other.embed([FACE])).rejects.toThrow(/disposed/);
    expect(() => other.config).toThrow(/disposed/);
  });

  it('keeps the crop alignment in the file; files without one read eyes-mouth crops', async () => {
    const before = tf.memory().numTensors;
    const nosePath = join(dir, 'eyes-nose', 'model.json');
    const model = ExpressionModel.create({ ...TINY_TEST_CONFIG, alignment: 'eyes-nose' }, 3);
    await saveExpressionModel(model, nosePath);
    const olderPath = join(dir, 'older', 'model.json');
    await saveWeightMap({ ...model.params }, olderPath, {
      format: 'freeavatar-expression-encoder',
      version: 1,
      config: { ...TINY_TEST_CONFIG, alignment: undefined },
    });
    model.dispose();
    const nose = await loadExpressionModel(nosePath);
    const older = await loadExpressionModel(olderPath);
    expect(nose.model.config.alignment).toBe('eyes-nose');
    expect(older.model.config.alignment).toBe('eyes-mouth');
    nose.model.dispose();
    older.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
