import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpressionModel } from './expression-model.js';
import { targetStatistics, type ExpressionTargetBatch } from './expression-regression.js';
import { eyeBand } from './eye-branch.js';
import { runEyeReaderTraining } from './eye-reader-training.js';
import { loadExpressionModel, saveExpressionModel } from './model-file.js';
import { TINY_TEST_CONFIG, maxAbsDiff, smoothImages } from './test-utils/fixtures.js';

let dir = '';
let init = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-eye-reader-'));
  init = join(dir, 'init', 'model.json');
  const model = ExpressionModel.create(TINY_TEST_CONFIG, 3);
  await saveExpressionModel(model, init, { note: 'random test weights' });
  model.dispose();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Targets the eye band shows: the mean colour of its left and right halves (6 values). */
async function* eyeColours(start: number): AsyncGenerator<ExpressionTargetBatch> {
  const band = eyeBand(32);
  for (let s = start; ; s++) {
    const images = smoothImages(8, 32, s);
    const targets = tf.tidy(() => {
      const pixels = images.slice([0, band.top, band.left, 0], [-1, band.height, band.width, 3]);
      const halves = tf.split(pixels, 2, 2).map((h) => tf.mean(h, [1, 2]));
      return tf.concat(halves, 1) as tf.Tensor2D;
    });
    yield { images, targets };
  }
}

async function statistics() {
  const rows: number[][] = [];
  let s = 0;
  for await (const batch of eyeColours(0)) {
    rows.push(...(batch.targets.arraySync() as number[][]));
    tf.dispose([batch.images, batch.targets]);
    if (++s === 8) break;
  }
  return targetStatistics(rows);
}

async function losses(runDir: string): Promise<number[]> {
  return (await readFile(join(runDir, 'log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { loss: number }).loss);
}

describe('runEyeReaderTraining', () => {
  it('learns what the eye band shows, keeps the backbone and the embedding, leaks nothing', async () => {
    const targetStats = await statistics();
    const before = tf.memory().numTensors;
    const out = join(dir, 'eyes');
    const run = await runEyeReaderTraining({
      init,
      data: eyeColours,
      targetStats,
      width: 16,
      optimizer: { learningRate: 1e-2 },
      maxSteps: 24,
      seed: 2,
      outDir: out,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.result).toMatchObject({ step: 24, stopped: 'completed' });
    const loss = await losses(out);
    const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
    // Standardised targets start near 1; a quarter off in 24 steps shows the reader learning.
    expect(mean(loss.slice(0, 5))).toBeGreaterThan(0.8);
    expect(mean(loss.slice(-5))).toBeLessThan(mean(loss.slice(0, 5)) * 0.75);
    const trained = await loadExpressionModel(run.model!);
    const original = await loadExpressionModel(init);
    const images = smoothImages(4, 32, 99);
    try {
      expect(trained.metadata).toMatchObject({ stage: 'eye-reader', steps: 24 });
      expect(trained.model.config.eyeReader).toBe(16);
      const [a, b] = [trained.model, original.model].map((m) => m.run(images));
      expect(maxAbsDiff(a.features.dataSync(), b.features.dataSync())).toBe(0);
      // The head has zero rows for the new reader until it is fitted again.
      expect(maxAbsDiff(a.embeddings.dataSync(), b.embeddings.dataSync())).toBeLessThan(1e-6);
      tf.dispose([a.features, a.embeddings, b.features, b.embeddings]);
    } finally {
      images.dispose();
      trained.model.dispose();
      original.model.dispose();
    }
  }, 180_000);

  it('resumes an aborted run, and trains on a model that has a reader', async () => {
    const targetStats = await statistics();
    const out = join(dir, 'resumed');
    const controller = new AbortController();
    const first = await runEyeReaderTraining({
      init,
      data: eyeColours,
      targetStats,
      width: 8,
      maxSteps: 3,
      seed: 1,
      outDir: out,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.done === 1 && e.metrics) controller.abort();
      },
    });
    expect(first.result.stopped).toBe('aborted');
    expect(first.model).toBeUndefined();
    const second = await runEyeReaderTraining({
      init,
      data: eyeColours,
      targetStats,
      width: 8,
      maxSteps: 3,
      seed: 1,
      outDir: out,
      resume: true,
    });
    expect(second.result).toMatchObject({ startStep: 1, step: 3, stopped: 'completed' });
    const again = await runEyeReaderTraining({
      init: second.model!,
      data: eyeColours,
      targetStats,
      maxSteps: 2,
      seed: 1,
      outDir: join(dir, 'again'),
    });
    const { model } = await loadExpressionModel(again.model!);
    expect(model.config.eyeReader).toBe(8);
    model.dispose();
  });

  it('names what is wrong with its options', async () => {
    const targetStats = await statistics();
    const common = { init, data: eyeColours, maxSteps: 1, outDir: join(dir, 'bad') };
    await expect(
      runEyeReaderTraining({
        ...common,
        targetStats: { mean: new Float32Array(2), std: new Float32Array(2) },
      }),
    ).rejects.toThrow(/targetStats must hold as many finite means as positive standard deviations/);
    await expect(runEyeReaderTraining({ ...common, targetStats, width: 0 })).rejects.toThrow(
      /width must be a positive integer, got 0/,
    );
    await expect(
      runEyeReaderTraining({ ...common, init: undefined as unknown as string, targetStats }),
    ).rejects.toThrow(/init must name the trained model the reader is added to, got undefined/);
    await expect(runEyeReaderTraining(null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
    const other = { mean: new Float32Array(4), std: new Float32Array(4).fill(1) };
    await expect(runEyeReaderTraining({ ...common, targetStats: other })).rejects.toThrow(
      /batch targets have 6 values per face, the statistics 4/,
    );
  });
});
