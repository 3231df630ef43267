import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { conv3x3, pixelShuffle } from './sub-pixel-conv.js';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('conv3x3', () => {
  it("matches tf.conv2d 'same' in value and in both gradients", () => {
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 5, 6, 4], 0, 1, 'float32', 3);
    const loss = (f: typeof conv3x3) => (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), dy));
    const reference = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, 1, 'same');
    const mine = tf.grads(loss(conv3x3))([x, w]);
    const theirs = tf.grads(loss(reference))([x, w]);
    const y = conv3x3(x, w);
    const expected = reference(x, w);
    expect(maxAbsDiff(y, expected)).toBeLessThan(1e-4);
    expect(maxAbsDiff(mine[0], theirs[0])).toBeLessThan(1e-4);
    expect(maxAbsDiff(mine[1], theirs[1])).toBeLessThan(1e-4);
    tf.dispose([x, w, dy, y, expected, ...mine, ...theirs]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the shapes when the filter does not fit', () => {
    const x = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    const w = tf.zeros([5, 5, 2, 1]) as tf.Tensor4D;
    expect(() => conv3x3(x, w)).toThrow(FreeAvatarError);
    expect(() => conv3x3(x, w)).toThrow(/needs a \[3, 3, 2, outC\] filter.*got \[5,5,2,1\]/);
    tf.dispose([x, w]);
  });
});

describe('pixelShuffle', () => {
  it('turns each pixel’s four channel groups into a 2×2 block', () => {
    const before = tf.memory().numTensors;
    // One pixel, channels [a0 a1 | b0 b1 | c0 c1 | d0 d1] with c = 2.
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 1, 8]);
    const y = pixelShuffle(x);
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const big = tf.zeros([2, 4, 3, 12]) as tf.Tensor4D;
    const up = pixelShuffle(big);
    expect(up.shape).toEqual([2, 8, 6, 3]);
    tf.dispose([x, y, big, up]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects channels that are not a multiple of 4', () => {
    const x = tf.zeros([1, 2, 2, 6]) as tf.Tensor4D;
    expect(() => pixelShuffle(x)).toThrow(/channels divisible by 4, got shape \[1,2,2,6\]/);
    x.dispose();
  });
});
