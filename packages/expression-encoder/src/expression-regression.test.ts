import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExpressionModel } from './model-file.js';
import {
  type ExpressionTargetBatch,
  runExpressionRegression,
  targetStatistics,
} from './expression-regression.js';
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

/** The loss of the first step a run logged in `runDir/log.jsonl`. */
async function firstLoggedLoss(runDir: string): Promise<number> {
  const [first] = (await readFile(join(runDir, 'log.jsonl'), 'utf8')).split('\n');
  return (JSON.parse(first) as { loss: number }).loss;
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

  it('standardises targets with given statistics: the loss starts near 1 and falls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-expr-'));
    dirs.push(dir);
    // statistics of the targets of the first batches
    const rows: number[][] = [];
    let s = 0;
    for await (const batch of labelled(0)) {
      rows.push(...(batch.targets.arraySync() as number[][]));
      tf.dispose([batch.images, batch.targets]);
      if (++s === 8) break;
    }
    const targetStats = targetStatistics(rows);
    const before = tf.memory().numTensors;
    const run = await runExpressionRegression({
      data: labelled,
      targetSize: 2,
      targetStats,
      preset: TINY_TEST_CONFIG,
      maxSteps: 30,
      seed: 2,
      outDir: join(dir, 'expr'),
      optimizer: { learningRate: 3e-3 },
    });
    expect(tf.memory().numTensors).toBe(before);
    const losses = (await readFile(join(dir, 'expr', 'log.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { loss: number }).loss);
    // raw targets are ~0.25 and ~0.06 in size: standardised, the first losses are of order 1
    expect(losses[0]).toBeGreaterThan(0.3);
    const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.5);
    const { metadata } = await loadExpressionModel(run.model!);
    expect(metadata).toMatchObject({ stage: 'expression' });
  });

  it('weighs targets: a zero weight leaves that target out of the loss', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-expr-'));
    dirs.push(dir);
    const run = (targetWeights: number[], name: string) =>
      runExpressionRegression({
        data: labelled,
        targetSize: 2,
        targetWeights,
        preset: TINY_TEST_CONFIG,
        maxSteps: 2,
        seed: 2,
        outDir: join(dir, name),
      });
    const before = tf.memory().numTensors;
    await run([1, 1], 'even');
    await run([0, 1], 'second');
    expect(tf.memory().numTensors).toBe(before);
    const firstLoss = (name: string) => firstLoggedLoss(join(dir, name));
    // same weights and batch: [0, 1] (rescaled to [0, 2]) scores only the second target
    expect(await firstLoss('second')).not.toBeCloseTo(await firstLoss('even'), 4);
    const { metadata } = await loadExpressionModel(join(dir, 'second', 'model', 'model.json'));
    expect(metadata).toMatchObject({ targetWeights: [0, 2] });
  });

  it('augments the faces when asked, without leaks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-expr-'));
    dirs.push(dir);
    const run = (augment: false | object, name: string) =>
      runExpressionRegression({
        data: labelled,
        targetSize: 2,
        augment,
        preset: TINY_TEST_CONFIG,
        maxSteps: 2,
        seed: 3,
        outDir: join(dir, name),
      });
    const before = tf.memory().numTensors;
    await run(false, 'plain');
    await run({ blur: { probability: 1 }, noise: { probability: 1 } }, 'augmented');
    expect(tf.memory().numTensors).toBe(before);
    const firstLoss = (name: string) => firstLoggedLoss(join(dir, name));
    // same weights and batch: only the augmentation differs
    expect(await firstLoss('augmented')).not.toBeCloseTo(await firstLoss('plain'), 5);
  });

  it('computes target statistics, naming bad rows', () => {
    const stats = targetStatistics([
      [0, 1],
      [1, 1],
    ]);
    expect(Array.from(stats.mean)).toEqual([0.5, 1]);
    expect(stats.std[0]).toBeCloseTo(0.5, 6);
    expect(stats.std[1]).toBeCloseTo(1e-3, 9);
    expect(() => targetStatistics([])).toThrow(/at least one row/);
    expect(() => targetStatistics([[0, 1], [0]])).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => targetStatistics([[NaN]])).toThrow(/row 0 value 0 is not finite/);
  });

  it('refuses a bad target size and batches of another width', async () => {
    const base = { data: labelled, preset: TINY_TEST_CONFIG, maxSteps: 1, outDir: '/tmp/x' };
    await expect(runExpressionRegression({ ...base, targetSize: 0 })).rejects.toThrow(
      /targetSize must be an integer/,
    );
    const targetStats = { mean: new Float32Array(2), std: new Float32Array([1, 0]) };
    await expect(runExpressionRegression({ ...base, targetSize: 2, targetStats })).rejects.toThrow(
      /targetStats must hold 2 means and 2 positive standard deviations/,
    );
    await expect(
      runExpressionRegression({ ...base, targetSize: 2, targetWeights: [1] }),
    ).rejects.toThrow(/targetWeights must hold 2 values, got 1/);
    await expect(
      runExpressionRegression({ ...base, targetSize: 2, targetWeights: [1, -1] }),
    ).rejects.toThrow(/targetWeights\[1\] must be ≥ 0, got -1/);
    await expect(
      runExpressionRegression({ ...base, targetSize: 2, targetWeights: [0, 0] }),
    ).rejects.toThrow(/must not all be 0/);
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

describe('runExpressionRegression on bad input', () => {
  it('names the options', async () => {
    await expect(runExpressionRegression(null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
  });
});
