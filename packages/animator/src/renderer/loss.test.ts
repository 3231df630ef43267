import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { neuralRendererLoss } from './loss.js';

const BOXES = {
  eyes: { top: 2, left: 2, height: 2, width: 4 },
  mouth: { top: 5, left: 3, height: 2, width: 2 },
};

describe('neuralRendererLoss', () => {
  it('adds the image L1 and ten times the eye and mouth L1', () => {
    const target = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    // 0.5 inside the eye box only: whole-image L1 = 0.5·8/64, eye L1 = 0.5, mouth L1 = 0.
    const eyes = tf.tidy(() =>
      tf.pad(tf.fill([1, 2, 4, 3], 0.5), [
        [0, 0],
        [2, 4],
        [2, 2],
        [0, 0],
      ]),
    );
    const before = tf.memory().numTensors;
    const loss = neuralRendererLoss(eyes as tf.Tensor4D, target, BOXES);
    expect(loss.dataSync()[0]).toBeCloseTo((0.5 * 8) / 64 + 10 * 0.5, 5);
    loss.dispose();
    const weighted = neuralRendererLoss(eyes as tf.Tensor4D, target, BOXES, 2);
    expect(weighted.dataSync()[0]).toBeCloseTo((0.5 * 8) / 64 + 2 * 0.5, 5);
    weighted.dispose();
    const same = neuralRendererLoss(target, target, BOXES);
    expect(same.dataSync()[0]).toBe(0);
    same.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([target, eyes]);
  });

  it('rejects mismatched batches and boxes outside the image', () => {
    const a = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    const b = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    expect(() => neuralRendererLoss(a, b, BOXES)).toThrow(
      /target images must have the predicted shape \[1,8,8,3\], got \[1,16,16,3\]/,
    );
    const outside = { ...BOXES, mouth: { top: 7, left: 0, height: 4, width: 4 } };
    expect(() => neuralRendererLoss(a, a, outside)).toThrow(/mouth box must be whole pixels/);
    expect(() => neuralRendererLoss(a, a, BOXES, -1)).toThrow(/cropWeight/);
    tf.dispose([a, b]);
  });
});
