import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '@freeavatar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { ExpressionModel } from './expression-model.js';
import { MaskedAutoencoder } from './mae.js';
import { createAdamW, createSgd } from './optimizer.js';
import { warmupCosine } from './schedule.js';
import { TINY_TEST_CONFIG, maxAbsDiff, smoothImages } from './test-utils/fixtures.js';
import { train } from './trainer.js';
import { maeTrainingStep, tripletTrainingStep, type TripletBatch } from './training-steps.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fa-trainer-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const MAE_OPTIONS = { decoderDim: 32, decoderHeads: 2 };

async function* imageBatches(start: number): AsyncGenerator<tf.Tensor4D> {
  for (let s = start; ; s++) yield smoothImages(2, 32, 1000 + s);
}

async function runMae(
  outDir: string | undefined,
  maxSteps: number,
  extra: { resume?: boolean; abortAfter?: number; plainIterable?: boolean } = {},
) {
  const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, MAE_OPTIONS, 21);
  const optimizer = createAdamW({ learningRate: 1e-3 });
  const controller = new AbortController();
  const events: ProgressEvent[] = [];
  const result = await train({
    task: 'train:mae',
    params: mae.params,
    optimizer,
    step: maeTrainingStep(mae, optimizer, { augment: { jpeg: false }, clipNorm: 5 }),
    data: extra.plainIterable ? imageBatches(0) : imageBatches,
    samples: (b) => b.shape[0],
    maxSteps,
    seed: 5,
    learningRate: warmupCosine({ peak: 1e-3, warmupSteps: 1, totalSteps: maxSteps }),
    outDir,
    resume: extra.resume,
    checkpointEverySteps: 100,
    signal: controller.signal,
    onProgress: (e) => {
      events.push(e);
      if (extra.abortAfter !== undefined && e.done === extra.abortAfter && e.metrics)
        controller.abort();
    },
    metadata: { config: mae.encoder.config },
  });
  const weights = Object.fromEntries(
    Object.entries(mae.params).map(([k, v]) => [k, v.dataSync().slice()]),
  );
  optimizer.dispose();
  mae.dispose();
  return { result, weights, events };
}

describe('train', () => {
  it('resumes after an abort to exactly the weights of an uninterrupted run', async () => {
    const before = tf.memory().numTensors;
    const straight = await runMae(undefined, 4);
    expect(straight.result).toMatchObject({ step: 4, startStep: 0, stopped: 'completed' });
    expect(straight.events.filter((e) => e.metrics).map((e) => e.done)).toEqual([1, 2, 3, 4]);
    const m = straight.events[3].metrics ?? {};
    expect(m.loss).toBeGreaterThan(0);
    expect(m.samplesPerSecond).toBeGreaterThan(0);

    const dir = await tempDir();
    const first = await runMae(dir, 4, { abortAfter: 2 });
    expect(first.result).toMatchObject({ step: 2, stopped: 'aborted' });
    const saved = await loadCheckpoint(join(dir, 'checkpoint', 'model.json'));
    expect(saved.state.step).toBe(2);
    expect(saved.state.samples).toBe(4);
    expect(saved.state.optimizer).toMatchObject({ name: 'adamw', iterations: 2 });
    expect(saved.state.extra.task).toBe('train:mae');
    expect(Object.keys(saved.optimizerState).length).toBe(2 * Object.keys(straight.weights).length);
    tf.dispose([...Object.values(saved.weights), ...Object.values(saved.optimizerState)]);

    const second = await runMae(dir, 4, { resume: true });
    expect(second.result).toMatchObject({ step: 4, startStep: 2, stopped: 'completed' });
    for (const [name, values] of Object.entries(straight.weights)) {
      expect(maxAbsDiff(values, second.weights[name]), name).toBe(0);
    }
    const log = (await readFile(join(dir, 'log.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    expect(log[3].loss).toBeCloseTo(m.loss as number, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fast-forwards a plain iterable on resume', async () => {
    const straight = await runMae(undefined, 3, { plainIterable: true });
    const dir = await tempDir();
    await runMae(dir, 3, { abortAfter: 1, plainIterable: true });
    const resumed = await runMae(dir, 3, { resume: true, plainIterable: true });
    expect(resumed.result.startStep).toBe(1);
    for (const [name, values] of Object.entries(straight.weights)) {
      expect(maxAbsDiff(values, resumed.weights[name]), name).toBe(0);
    }
  });

  it('stops when the data runs out, and checks its options', async () => {
    const mae = MaskedAutoencoder.create(TINY_TEST_CONFIG, MAE_OPTIONS, 1);
    const optimizer = createAdamW();
    async function* two() {
      yield smoothImages(1, 32, 1);
      yield smoothImages(1, 32, 2);
    }
    const common = {
      task: 't',
      params: mae.params,
      optimizer,
      seed: 1,
      step: maeTrainingStep(mae, optimizer),
    };
    const r = await train({ ...common, data: two(), maxSteps: 10 });
    expect(r).toMatchObject({ step: 2, stopped: 'exhausted' });
    await expect(train({ ...common, data: two(), maxSteps: -1 })).rejects.toThrow(
      /maxSteps must be an integer ≥ 0, got -1/,
    );
    await expect(
      train({ ...common, data: two(), maxSteps: 1, checkpointEverySteps: 0 }),
    ).rejects.toThrow(/checkpointEverySteps must be a positive integer, got 0/);
    await expect(train(null as never)).rejects.toThrow(/options must be an object, got null/);
    optimizer.dispose();
    mae.dispose();
  });
});

describe('tripletTrainingStep', () => {
  it('lowers the triplet loss on a fixed batch with the default SGD recipe, without leaks', async () => {
    const model = ExpressionModel.create(TINY_TEST_CONFIG, 3);
    const optimizer = createSgd({ learningRate: 0.05 });
    const step = tripletTrainingStep(model, optimizer, { augment: false });
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    const { createRng } = await import('@freeavatar/core');
    for (let s = 0; s < 12; s++) {
      const batch: TripletBatch = {
        anchor: smoothImages(4, 32, 1),
        positive: smoothImages(4, 32, 1),
        negative: smoothImages(4, 32, 2),
        types: ['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS', 'TWO_CLASS'],
      };
      losses.push((await step(batch, { step: s, rng: createRng(1).fork(s) })).loss);
      tf.dispose([batch.anchor, batch.positive, batch.negative]);
    }
    expect(tf.memory().numTensors).toBe(before + Object.keys(model.params).length);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    const augmented = tripletTrainingStep(model, optimizer, {
      trainable: ['head/kernel', 'head/bias'],
    });
    const batch: TripletBatch = {
      anchor: smoothImages(2, 32, 3),
      positive: smoothImages(2, 32, 4),
      negative: smoothImages(2, 32, 5),
      types: ['ONE_CLASS', 'ONE_CLASS'],
    };
    const r = await augmented(batch, { step: 0, rng: createRng(2) });
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(() => tripletTrainingStep(model, optimizer, { trainable: ['nope'] })).toThrow(
      /unknown parameter "nope"/,
    );
    await expect(
      augmented({ ...batch, types: ['ONE_CLASS'] }, { step: 0, rng: createRng(2) }),
    ).rejects.toThrow(/needs n anchors, positives, negatives and types, got 2, 2, 2, 1/);
    tf.dispose([batch.anchor, batch.positive, batch.negative]);
    optimizer.dispose();
    model.dispose();
  });
});

describe('training helpers on bad input', () => {
  it('name the argument that is wrong', async () => {
    expect(() => warmupCosine(null as never)).toThrow(/options must be an object, got null/);
    const optimizer = createSgd();
    expect(() => tripletTrainingStep({} as never, optimizer)).toThrow(
      /model must be an ExpressionModel, got an object/,
    );
    await expect(saveCheckpoint(null as never, {}, optimizer, {} as never)).rejects.toThrow(
      /path must be a non-empty string, got null/,
    );
    await expect(saveCheckpoint('model.json', {}, 42 as never, {} as never)).rejects.toThrow(
      /optimizer must be a ParamOptimizer, got the number 42/,
    );
    expect(() => restoreCheckpoint({} as never, {}, optimizer)).toThrow(
      /checkpoint.weights must be an object, got undefined/,
    );
    optimizer.dispose();
  });
});
