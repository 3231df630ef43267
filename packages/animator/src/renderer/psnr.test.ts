import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '@freeavatar/core';
import { psnr } from './psnr.js';

function flat(value: number, width = 4, height = 3): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(value) };
}

describe('psnr', () => {
  it('measures hand-made RGB images in dB against a peak of 255', () => {
    // A uniform error of 10 gives MSE 100: 10·log10(255² / 100) ≈ 28.13 dB.
    expect(psnr(flat(0), flat(10))).toBeCloseTo(28.1308, 3);
    // One pixel of 36 off by 255 in one channel: MSE 255² / 108.
    const b = flat(0, 6, 6);
    b.data[5] = 255;
    expect(psnr(flat(0, 6, 6), b)).toBeCloseTo(10 * Math.log10(108), 4);
    expect(psnr(flat(7), flat(7))).toBe(Infinity);
  });

  it('measures float tensors in 0–1 against a peak of 1, without leaking', () => {
    const a = tf.zeros([2, 4, 4, 3]);
    const b = tf.fill([2, 4, 4, 3], 0.1);
    const before = tf.memory().numTensors;
    expect(psnr(a, b)).toBeCloseTo(20, 4);
    expect(psnr(b, b)).toBe(Infinity);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });

  it('rejects images of different sizes or kinds', () => {
    expect(() => psnr(flat(0, 4, 3), flat(0, 3, 4))).toThrow(/one size, got 4×3 and 3×4/);
    const t = tf.zeros([4, 4, 3]);
    const u = tf.zeros([4, 5, 3]);
    expect(() => psnr(t, flat(0))).toThrow(/one of each/);
    expect(() => psnr(t, u)).toThrow(/one shape, got \[4,4,3\] and \[4,5,3\]/);
    tf.dispose([t, u]);
  });
});
