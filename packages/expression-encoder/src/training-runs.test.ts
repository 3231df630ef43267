import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createExpressionEncoder } from './encoder.js';
import { loadExpressionModel } from './model-file.js';
import { TINY_TEST_CONFIG, maxAbsDiff, smoothImages } from './test-utils/fixtures.js';
import type { TripletBatch } from './training-steps.js';
import { runMaePretraining, runTripletFineTuning } from './training-runs.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function* images(start: number): AsyncGenerator<tf.Tensor4D> {
  for (let s = start; ; s++) yield smoothImages(2, 32, s);
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

describe('runMaePretraining → runTripletFineTuning', () => {
  it('pretrains, hands the encoder to stage 2, and ends with a loadable model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-runs-'));
    dirs.push(dir);
    const before = tf.memory().numTensors;
    const mae = await runMaePretraining({
      data: images,
      preset: TINY_TEST_CONFIG,
      mae: { decoderDim: 32, decoderHeads: 2 },
      maxSteps: 2,
      seed: 3,
      outDir: join(dir, 'mae'),
      metadata: { data: 'generated blobs' },
    });
    expect(mae.result).toMatchObject({ step: 2, stopped: 'completed' });
    expect(mae.model).toBe(join(dir, 'mae', 'model', 'model.json'));
    const log = (await readFile(join(dir, 'mae', 'log.jsonl'), 'utf8')).trim().split('\n');
    expect(log).toHaveLength(2);

    const stage2 = await runTripletFineTuning({
      data: triplets,
      init: mae.model,
      maxSteps: 2,
      seed: 3,
      outDir: join(dir, 'triplet'),
      step: { augment: { jpeg: false } },
    });
    expect(stage2.result).toMatchObject({ step: 2, stopped: 'completed' });
    expect(tf.memory().numTensors).toBe(before);

    // Stage 2 started from the MAE encoder: before training, features would be equal; after two
    // SGD steps they are close but not identical.
    const { model: pre } = await loadExpressionModel(mae.model as string);
    const encoder = await createExpressionEncoder({ model: stage2.model });
    const probe = smoothImages(1, 32, 99);
    const fPre = pre.features(probe);
    const [fPost] = await encoder.features(probe);
    const diff = maxAbsDiff(fPre.dataSync(), fPost);
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(0.5);
    tf.dispose([probe, fPre]);
    pre.dispose();
    encoder.dispose();
  });

  it('leaves no final model when aborted, and resumes to one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-runs-'));
    dirs.push(dir);
    const controller = new AbortController();
    const first = await runTripletFineTuning({
      data: triplets,
      preset: TINY_TEST_CONFIG,
      maxSteps: 2,
      seed: 1,
      outDir: dir,
      step: { augment: false },
      signal: controller.signal,
      onProgress: (e) => {
        if (e.done === 1 && e.metrics) controller.abort();
      },
    });
    expect(first.result.stopped).toBe('aborted');
    expect(first.model).toBeUndefined();
    const second = await runTripletFineTuning({
      data: triplets,
      preset: TINY_TEST_CONFIG,
      maxSteps: 2,
      seed: 1,
      outDir: dir,
      step: { augment: false },
      resume: true,
    });
    expect(second.result).toMatchObject({ startStep: 1, step: 2, stopped: 'completed' });
    expect(second.model).toBe(join(dir, 'model', 'model.json'));
  });
});

describe('the training stages on bad input', () => {
  it('name the options, and a missing run folder', async () => {
    await expect(runMaePretraining(null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
    await expect(runTripletFineTuning({} as never)).rejects.toThrow(
      /options.outDir must be a non-empty string, got undefined/,
    );
  });
});
