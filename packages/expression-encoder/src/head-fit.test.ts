import * as tf from '@tensorflow/tfjs';
import { createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { ExpressionModel } from './expression-model.js';
import { applyHeadFit, fitEmbeddingHead, type HeadFitSamples } from './head-fit.js';
import { TINY_TEST_CONFIG, smoothImages } from './test-utils/fixtures.js';

/** Features with targets that are a noisy linear function of them. */
function linearSamples(count: number, dim: number, width: number, seed: number): HeadFitSamples {
  const rng = createRng(seed);
  const map = Float32Array.from({ length: dim * width }, () => rng.normal());
  const features = Float32Array.from({ length: count * dim }, () => 3 + 2 * rng.normal());
  const targets = new Float32Array(count * width);
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < width; c++) {
      let s = 0.02 * rng.normal();
      for (let i = 0; i < dim; i++) s += (features[r * dim + i] - 3) * map[i * width + c];
      targets[r * width + c] = 0.1 * s;
    }
  }
  return { features, targets, count };
}

function embed(
  samples: HeadFitSamples,
  kernel: Float32Array,
  bias: Float32Array,
  row: number,
): number[] {
  const dim = samples.features.length / samples.count;
  const width = bias.length;
  const e = Array.from(bias);
  for (let i = 0; i < dim; i++) {
    for (let c = 0; c < width; c++) e[c] += samples.features[row * dim + i] * kernel[i * width + c];
  }
  const norm = Math.hypot(...e);
  return e.map((v) => v / norm);
}

const dist = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Math.hypot(...Array.from(a, (v, i) => v - b[i]));

describe('fitEmbeddingHead', () => {
  it('fits unit embeddings whose distances order triplets as the targets do', () => {
    const samples = linearSamples(600, 12, 5, 1);
    const fit = fitEmbeddingHead(samples, 6);
    expect(fit.heldOutR2).toBeGreaterThan(0.95);
    expect(fit.keptVariance).toBeCloseTo(1, 6);
    expect(fit.count).toBe(600);
    expect(fit.bias[5]).toBeGreaterThan(0);
    for (let i = 0; i < 12; i++) expect(fit.kernel[i * 6 + 5]).toBe(0);
    const rng = createRng(7);
    let agree = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const [a, b, c] = [0, 1, 2].map(() => Math.floor(rng.next() * samples.count));
      const target = (r: number): Float32Array => samples.targets.subarray(r * 5, r * 5 + 5);
      const e = [a, b, c].map((r) => embed(samples, fit.kernel, fit.bias, r));
      const closest = (d: number[]): number => d.indexOf(Math.min(...d));
      const byTarget = closest([
        dist(target(b), target(c)),
        dist(target(a), target(c)),
        dist(target(a), target(b)),
      ]);
      const byEmbedding = closest([dist(e[1], e[2]), dist(e[0], e[2]), dist(e[0], e[1])]);
      if (byTarget === byEmbedding) agree++;
    }
    expect(agree / trials).toBeGreaterThan(0.9);
  });

  it('keeps the principal axes: with fewer axes than targets, less variance is kept', () => {
    const fit = fitEmbeddingHead(linearSamples(300, 8, 6, 2), 3);
    expect(fit.keptVariance).toBeGreaterThan(0.3);
    expect(fit.keptVariance).toBeLessThan(1);
    expect(fit.kernel.length).toBe(8 * 3);
  });

  it('names what is wrong with its input', () => {
    const samples = linearSamples(20, 4, 3, 3);
    expect(() => fitEmbeddingHead({ ...samples, count: 4 }, 3)).toThrow(
      /count must be an integer ≥ 8/,
    );
    expect(() => fitEmbeddingHead({ ...samples, count: 21 }, 3)).toThrow(
      /features must hold count/,
    );
    expect(() => fitEmbeddingHead(samples, 5)).toThrow(/embeddingDim must be an integer in 2..4/);
    expect(() => fitEmbeddingHead(samples, 3, { ridge: 0 })).toThrow(/ridge must be a number > 0/);
    expect(() => fitEmbeddingHead(samples, 3, { holdout: 1 })).toThrow(/holdout must be in/);
    const bad = Float32Array.from(samples.targets);
    bad[7] = Number.NaN;
    expect(() => fitEmbeddingHead({ ...samples, targets: bad }, 3)).toThrow(
      /targets hold a value that is not finite at 7/,
    );
    expect(() => fitEmbeddingHead(null as never, 3)).toThrow(/samples must be an object, got null/);
    expect(() => fitEmbeddingHead({ ...samples, features: [1] as never }, 3)).toThrow(
      /samples.features must be a Float32Array, got an array of 1 item/,
    );
  });
});

describe('applyHeadFit', () => {
  it('writes the fit into the model head, without leaking tensors', () => {
    const model = ExpressionModel.create(TINY_TEST_CONFIG, 1);
    const images = smoothImages(12, 32, 1);
    try {
      const features = tf.tidy(() => model.features(images)).dataSync() as Float32Array;
      const targets = Float32Array.from({ length: 12 * 20 }, (_, i) => Math.sin(i));
      const fit = fitEmbeddingHead(
        { features: Float32Array.from(features), targets, count: 12 },
        16,
        {
          holdout: 0,
        },
      );
      expect(Number.isNaN(fit.heldOutR2)).toBe(true);
      const before = tf.memory().numTensors;
      applyHeadFit(model, fit);
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(model.head.bias.dataSync())).toEqual(Array.from(fit.bias));
      const wrong = {
        ...fit,
        bias: fit.bias.subarray(0, 8),
        kernel: fit.kernel.subarray(0, 32 * 8),
      };
      expect(() => applyHeadFit(model, wrong)).toThrow(
        /fitted head is 32 × 8, the model's head is 32 × 16/,
      );
      expect(() => applyHeadFit(null as never, fit)).toThrow(
        /model must be an ExpressionModel, got null/,
      );
      expect(() => applyHeadFit(model, {} as never)).toThrow(
        /fit.kernel and fit.bias must be Float32Arrays, got undefined and undefined/,
      );
    } finally {
      images.dispose();
      model.dispose();
    }
  });
});
