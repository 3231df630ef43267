import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExpressionModel } from './model-file.js';
import { type ExpressionTargetBatch, runExpressionRegression } from './expression-regression.js';
import { TINY_TEST_CONFIG, maxAbsDiff, smoothImages } from './test-utils/fixtures.js';
import type { TripletBatch } from './training-steps.js';
import { runTripletFineTuning } from './training-runs.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Targets that depend on the images: the mean brightness of each image, and its square. */
async function* labelled(start: number): AsyncGenerator<ExpressionTargetBatch> {
  for (let s = start; ; s++) {
    const images = smoothImages(4, 32, s);
    const targets = tf.tidy(() => {
      const brightness = tf.mean(images, [1, 2, 3]);
      return tf.stack([brightness, tf.square(brightness)], 1) as tf.Tensor2D;
    });
    yield { images, targets };
  }
}

async function* triplets(start: number): AsyncGenerator<TripletBatch> {
  for (let s = start; ; s++) {
    yield {
      anchor: smoothImages(2, 32, 3 * s),
      positive: smoothImages(2, 32, 3 * s + 1),
      negative: smoothImages(2, 32, 3 * s + 2),
      types: ['ONE_CLASS', 'TWO_CLASS'],
    };
  }
}

describe('runExpressionRegression', () => {
  it('lowers the target error, saves a loadable model, and leaks nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-expr-'));
    dirs.push(dir);
    const before = tf.memory().numTensors;
    const run = await runExpressionRegression({
      data: labelled,
      targetSize: 2,
      preset: TINY_TEST_CONFIG,
      maxSteps: 30,
      seed: 2,
      outDir: join(dir, 'expr'),
      optimizer: { learningRate: 3e-3 },
    });
    expect(run.result).toMatchObject({ step: 30, stopped: 'completed' });
    const losses = (await readFile(join(dir, 'expr', 'log.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { loss: number }).loss);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.5);
    expect(tf.memory().numTensors).toBe(before);
    const { model, metadata } = await loadExpressionModel(run.model!);
    expect(metadata).toMatchObject({ stage: 'expression', steps: 30 });
    model.dispose();
  });

  it('refuses a bad target size and batches of another width', async () => {
    const base = { data: labelled, preset: TINY_TEST_CONFIG, maxSteps: 1, outDir: '/tmp/x' };
    await expect(runExpressionRegression({ ...base, targetSize: 0 })).rejects.toThrow(
      /targetSize must be an integer/,
    );
    const dir = await mkdtemp(join(tmpdir(), 'fa-expr-'));
    dirs.push(dir);
    await expect(runExpressionRegression({ ...base, targetSize: 3, outDir: dir })).rejects.toThrow(
      /2 values per face, expected 3/,
    );
  });
});

describe("runTripletFineTuning with trainable: 'head'", () => {
  it('changes the embedding head only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-head-'));
    dirs.push(dir);
    const start = await runExpressionRegression({
      data: labelled,
      targetSize: 2,
      preset: TINY_TEST_CONFIG,
      maxSteps: 1,
      seed: 4,
      outDir: join(dir, 'expr'),
    });
    const run = await runTripletFineTuning({
      data: triplets,
      init: start.model,
      trainable: 'head',
      maxSteps: 3,
      seed: 4,
      outDir: join(dir, 'head'),
      optimizer: { learningRate: 0.05 },
      step: { augment: false },
    });
    const a = await loadExpressionModel(start.model!);
    const b = await loadExpressionModel(run.model!);
    try {
      for (const name of Object.keys(a.model.params)) {
        const diff = maxAbsDiff(a.model.params[name].dataSync(), b.model.params[name].dataSync());
        if (name.startsWith('head/')) expect(diff, name).toBeGreaterThan(0);
        else expect(diff, name).toBe(0);
      }
      expect(b.metadata).toMatchObject({ stage: 'triplet', trainable: 'head' });
    } finally {
      a.model.dispose();
      b.model.dispose();
    }
  });
});
