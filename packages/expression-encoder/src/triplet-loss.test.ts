import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TRIPLET_MARGINS, tripletLoss, tripletMargins } from './triplet-loss.js';

const unit = (deg: number): number[] => [
  Math.cos((deg * Math.PI) / 180),
  Math.sin((deg * Math.PI) / 180),
];

describe('tripletLoss', () => {
  it('is zero when the odd one out is beyond the margin from both', () => {
    // a, p 10° apart; n at 90°: d(a,p) ≈ 0.174, d(a,n) ≈ 1.414, d(p,n) ≈ 1.286.
    const a = tf.tensor2d([unit(0)]);
    const p = tf.tensor2d([unit(10)]);
    const n = tf.tensor2d([unit(90)]);
    const loss = tripletLoss(a, p, n, 0.2);
    expect(loss.dataSync()[0]).toBe(0);
    tf.dispose([a, p, n, loss]);
  });

  it('adds the hinge of both directions, with the margin of each triplet', () => {
    // On a line: a=0, p=0.5, n=0.6 → d(a,p)=0.5, d(a,n)=0.6, d(p,n)=0.1.
    const a = tf.tensor2d([[0, 0]]);
    const p = tf.tensor2d([[0.5, 0]]);
    const n = tf.tensor2d([[0.6, 0]]);
    const m1 = tripletLoss(a, p, n, [0.1]).dataSync()[0];
    // forward max(0, 0.5-0.6+0.1)=0, swapped max(0, 0.5-0.1+0.1)=0.5
    expect(m1).toBeCloseTo(0.5, 5);
    const m2 = tripletLoss(a, p, n, [0.2]).dataSync()[0];
    expect(m2).toBeCloseTo(0.1 + 0.6, 5);
    // Symmetric in anchor and positive.
    const swapped = tripletLoss(p, a, n, [0.2]).dataSync()[0];
    expect(swapped).toBeCloseTo(m2, 6);
    // Squared distances: 0.25-0.36+0.2=0.09, 0.25-0.01+0.2=0.44.
    expect(tripletLoss(a, p, n, 0.2, 'squared').dataSync()[0]).toBeCloseTo(0.53, 5);
    tf.dispose([a, p, n]);
  });

  it('averages over the batch and takes a margin per type', () => {
    expect(Array.from(tripletMargins(['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS']))).toEqual([
      Math.fround(0.1),
      Math.fround(0.2),
      Math.fround(0.2),
    ]);
    expect(TRIPLET_MARGINS.ONE_CLASS).toBe(0.1);
    const a = tf.tensor2d([
      [0, 0],
      [0, 0],
    ]);
    const p = tf.tensor2d([
      [0.5, 0],
      [0.5, 0],
    ]);
    const n = tf.tensor2d([
      [0.6, 0],
      [0.6, 0],
    ]);
    const before = tf.memory().numTensors;
    const loss = tripletLoss(a, p, n, tripletMargins(['ONE_CLASS', 'TWO_CLASS']));
    expect(loss.dataSync()[0]).toBeCloseTo((0.5 + 0.7) / 2, 5);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, p, n]);
  });

  it('has finite gradients even for identical embeddings', () => {
    const a = tf.variable(tf.tensor2d([[1, 0]]));
    const g = tf.grad((x: tf.Tensor) => tripletLoss(x as tf.Tensor2D, x as tf.Tensor2D, a, 0.2))(
      tf.tensor2d([[0, 1]]),
    );
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([a, g]);
  });

  it('names bad input', () => {
    const a = tf.zeros([2, 4]) as tf.Tensor2D;
    const b = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => tripletLoss(a, b, a, 0.1)).toThrow(/share one \[n, e\] shape/);
    expect(() => tripletLoss(a, a, a, [0.1])).toThrow(/one value per triplet \(2\), got 1/);
    expect(() => tripletMargins(['FOUR' as never])).toThrow(/types\[0\] must be one of/);
    expect(() => tripletMargins('x' as never)).toThrow(/types must be an array, got the string/);
    expect(() => tripletLoss(null as never, a, a, 0.1)).toThrow(
      /anchor must be a tf.Tensor, got null/,
    );
    tf.dispose([a, b]);
  });
});
