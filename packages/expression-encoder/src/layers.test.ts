import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gelu, l2Normalize, layerNorm, linear } from './layers.js';
import { maxAbsDiff } from './test-utils/fixtures.js';

describe('layers', () => {
  it('linear: value and all three gradients match plain autodiff', () => {
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([4], 0, 1, 'float32', 3);
    const weights = tf.randomNormal([5, 4], 0, 1, 'float32', 4);
    const before = tf.memory().numTensors;
    const ours = tf.grads((a, k, c) => tf.sum(tf.mul(linear(a as tf.Tensor2D, k, c), weights)))([
      x,
      w,
      b,
    ]);
    const plain = tf.grads((a, k, c) =>
      tf.sum(tf.mul(tf.add(tf.matMul(a as tf.Tensor2D, k as tf.Tensor2D), c), weights)),
    )([x, w, b]);
    ours.forEach((g, i) =>
      expect(maxAbsDiff(g.dataSync(), plain[i].dataSync())).toBeLessThan(1e-5),
    );
    const y = linear(x, w, b);
    const ref = tf.tidy(() => tf.add(tf.matMul(x, w), b));
    expect(maxAbsDiff(y.dataSync(), ref.dataSync())).toBeLessThan(1e-6);
    tf.dispose([...ours, ...plain, y, ref]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b, weights]);
  });

  it('layerNorm, gelu and l2Normalize compute what they say', () => {
    const x = tf.tensor2d([
      [1, 2, 3, 4],
      [-2, 0, 2, 4],
    ]);
    const [gamma, beta] = [tf.ones([4]), tf.zeros([4])];
    const n = layerNorm(x, gamma, beta);
    const row = Array.from(n.dataSync().slice(0, 4));
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(row.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 3);
    const g = tf.tidy(() => gelu(tf.tensor1d([-3, 0, 1, 3])).dataSync());
    // Exact GELU: x·Φ(x) = −0.00405, 0, 0.84134, 2.99595; the sigmoid form is within 0.02.
    [-0.00405, 0, 0.84134, 2.99595].forEach((v, i) =>
      expect(Math.abs(g[i] - v)).toBeLessThan(0.02),
    );
    expect(g[2]).toBeCloseTo(1 / (1 + Math.exp(-1.702)), 5);
    const u = tf.tidy(() => l2Normalize(x).dataSync());
    expect(Math.hypot(...u.slice(0, 4))).toBeCloseTo(1, 6);
    tf.dispose([x, n, gamma, beta]);
  });
});
