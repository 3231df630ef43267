import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEncoder, type ExpressionEncoder } from './encoder.js';

const FACE = fileURLToPath(new URL('../fixtures/astronaut-face.png', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../fixtures/astronaut-face.golden.json', import.meta.url));

interface Golden {
  embedding: number[];
  featuresHead: number[];
}

describe('the shipped tiny weights', () => {
  let encoder: ExpressionEncoder;
  let golden: Golden;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    encoder = await createExpressionEncoder({ model: 'default' });
    golden = JSON.parse(await readFile(GOLDEN, 'utf8')) as Golden;
  });
  afterAll(() => encoder?.dispose());

  it('is the tiny preset with a 16-d embedding', () => {
    expect(encoder.config.imageSize).toBe(64);
    expect(encoder.config.dim).toBe(128);
    expect(golden.embedding).toHaveLength(16);
  });

  it('reproduces the golden embedding of the fixture face within 1e-4', async () => {
    const before = tf.memory().numTensors;
    const [embedding] = await encoder.embed([FACE]);
    const [features] = await encoder.features([FACE]);
    expect(tf.memory().numTensors).toBe(before);
    let norm = 0;
    embedding.forEach((v, i) => {
      expect(Math.abs(v - golden.embedding[i])).toBeLessThan(1e-4);
      norm += v * v;
    });
    expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
    golden.featuresHead.forEach((v, i) => expect(Math.abs(features[i] - v)).toBeLessThan(1e-4));
  });
});
