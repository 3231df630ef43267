import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageFile } from '@freeavatar/core';
import {
  ExpressionModel,
  loadExpressionModel,
  saveExpressionModel,
} from '@freeavatar/expression-encoder';
import { createExpressionDistance } from '@freeavatar/synth';
import { encoderTrainingData } from './train-encoder-data.js';
import { assertDataFlags } from './train-encoder-flags.js';
import { runTrainEncoder } from './train-encoder.js';
import { exists } from './test-utils/cli-helpers.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-train-data-'));
  for (let i = 0; i < 3; i++) {
    const data = new Uint8Array(20 * 16 * 3).fill(40 * i);
    await writeImageFile(join(dir, 'faces', `f${i}.png`), { width: 20, height: 16, data });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encoderTrainingData', () => {
  it('serves square image batches of a folder for stage mae', async () => {
    const before = tf.memory().numTensors;
    const data = await encoderTrainingData(
      { stage: 'mae', data: join(dir, 'faces') },
      { imageSize: 16, batchSize: 2, seed: 1 },
    );
    expect(data.stage).toBe('mae');
    expect(data.description).toBe(`image folder ${join(dir, 'faces')} (3 images)`);
    if (data.stage !== 'mae' || typeof data.batches !== 'function') throw new Error('not mae');
    const iterator = data.batches(0)[Symbol.asyncIterator]();
    const batch = (await iterator.next()).value as tf.Tensor4D;
    expect(batch.shape).toEqual([2, 16, 16, 3]);
    batch.dispose();
    await iterator.return?.();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a shape that is not an object', async () => {
    await expect(encoderTrainingData({ stage: 'mae', synth: true }, null as never)).rejects.toThrow(
      /shape must be an object, got null/,
    );
  });
});

/** Sum of the first image's pixels, weighted by position: equal images, equal sums. */
async function firstImageChecksum(batch: tf.Tensor4D): Promise<number> {
  const [, h, w, c] = batch.shape;
  const first = batch.slice([0, 0, 0, 0], [1, h, w, c]);
  const values = await first.data();
  first.dispose();
  let sum = 0;
  values.forEach((v, i) => (sum += v * ((i % 97) + 1)));
  return sum;
}

async function firstBatches<B>(source: AsyncIterable<B>, count: number): Promise<B[]> {
  const out: B[] = [];
  const iterator = source[Symbol.asyncIterator]();
  for (let i = 0; i < count; i++) out.push((await iterator.next()).value as B);
  await iterator.return?.();
  return out;
}

describe('encoderTrainingData with synth', () => {
  it('renders MAE batches that a resumed run sees again at the same step', async () => {
    const before = tf.memory().numTensors;
    const data = await encoderTrainingData(
      { stage: 'mae', synth: true },
      { imageSize: 24, batchSize: 2, seed: 3 },
    );
    expect(data.description).toMatch(/synth faces \(synth train split, seed 3, 24 px/);
    if (data.stage !== 'mae' || typeof data.batches !== 'function') throw new Error('not mae');
    const fresh = await firstBatches(data.batches(0), 2);
    const resumed = await firstBatches(data.batches(1), 1);
    expect(fresh[0].shape).toEqual([2, 24, 24, 3]);
    const max = fresh[0].max();
    expect(max.dataSync()[0]).toBeLessThanOrEqual(1);
    max.dispose();
    expect(await firstImageChecksum(resumed[0])).toBe(await firstImageChecksum(fresh[1]));
    expect(await firstImageChecksum(fresh[0])).not.toBe(await firstImageChecksum(fresh[1]));
    [...fresh, ...resumed].forEach((b) => b.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('renders triplet batches with their types, seeded by synthSeed', async () => {
    const before = tf.memory().numTensors;
    const open = (synthSeed: number) =>
      encoderTrainingData(
        { stage: 'triplet', synth: true, synthSeed },
        { imageSize: 16, batchSize: 2, seed: 0 },
      );
    const [a, b] = [await open(5), await open(6)];
    if (a.stage !== 'triplet' || typeof a.batches !== 'function') throw new Error('not triplet');
    if (b.stage !== 'triplet' || typeof b.batches !== 'function') throw new Error('not triplet');
    const [batchA] = await firstBatches(a.batches(0), 1);
    const [batchB] = await firstBatches(b.batches(0), 1);
    for (const images of [batchA.anchor, batchA.positive, batchA.negative]) {
      expect(images.shape).toEqual([2, 16, 16, 3]);
    }
    expect(batchA.types).toHaveLength(2);
    for (const type of batchA.types)
      expect(['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS']).toContain(type);
    expect(await firstImageChecksum(batchA.anchor)).not.toBe(
      await firstImageChecksum(batchB.anchor),
    );
    for (const batch of [batchA, batchB]) {
      [batch.anchor, batch.positive, batch.negative].forEach((t) => t.dispose());
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('expression stage data', () => {
  it('renders faces with their 52 ARKit weights, and needs --synth', async () => {
    const before = tf.memory().numTensors;
    const data = await encoderTrainingData(
      { stage: 'expression', synth: true, synthSeed: 3 },
      { imageSize: 16, batchSize: 3, seed: 0 },
    );
    if (data.stage !== 'expression' || typeof data.batches !== 'function')
      throw new Error('not the expression stage');
    const [batch] = await firstBatches(data.batches(0), 1);
    expect(batch.images.shape).toEqual([3, 16, 16, 3]);
    expect(batch.targets.shape).toEqual([3, 52]);
    const targets = await batch.targets.data();
    expect(Math.min(...targets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...targets)).toBeLessThanOrEqual(1);
    expect(Math.max(...targets)).toBeGreaterThan(0);
    // the targets are standardised with the stream's statistics: jawOpen opens now and then
    const jaw = 24;
    expect(data.targetStats.mean[jaw]).toBeGreaterThan(0.01);
    expect(data.targetStats.mean[jaw]).toBeLessThan(0.3);
    expect(data.targetStats.std[jaw]).toBeGreaterThan(0.01);
    // perceptual loss weights: jawOpen and the blinks above the mean of 1, cheekPuff below
    expect(data.perceptualWeights).toHaveLength(52);
    expect(data.perceptualWeights[jaw]).toBeGreaterThan(1);
    expect(data.perceptualWeights[8]).toBeGreaterThan(1);
    expect(data.perceptualWeights[5]).toBeLessThan(1);
    tf.dispose([batch.images, batch.targets]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => assertDataFlags({ stage: 'expression' })).toThrow(/needs --synth/);
  });
});

describe('train encoder on synth data', () => {
  const TINY = { imageSize: 16, patchSize: 8, dim: 16, depth: 1, heads: 2, mlpRatio: 2 };
  const TWO_STEPS = {
    synth: true,
    preset: TINY,
    steps: 2,
    batch: 2,
    seed: 4,
    backend: 'wasm',
  } as const;

  it('runs 2 MAE steps, writes a log and a checkpoint, and resumes to step 3', async () => {
    const out = join(dir, 'synth-mae');
    const options = {
      stage: 'mae',
      synth: true,
      out,
      preset: TINY,
      mae: { decoderDim: 16, decoderHeads: 2 },
      steps: 2,
      batch: 2,
      seed: 4,
      backend: 'wasm',
    } as const;
    const first = await runTrainEncoder(options);
    expect(first.stopped).toBe('completed');
    expect(await exists(join(out, 'log.jsonl'))).toBe(true);
    expect(await exists(first.checkpoint)).toBe(true);
    expect(first.resumeCommand).toContain('--synth');
    const resumed = await runTrainEncoder({ ...options, steps: 3, resume: true });
    expect([resumed.startStep, resumed.step]).toEqual([2, 3]);
    const log = await readFile(join(out, 'log.jsonl'), 'utf8');
    const steps = log
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { step: number }).step);
    expect(steps).toEqual([1, 2, 3]);
  }, 20_000);

  it('runs 2 triplet steps and writes a log and a checkpoint', async () => {
    const out = join(dir, 'synth-triplet');
    const summary = await runTrainEncoder({ ...TWO_STEPS, stage: 'triplet', synthSeed: 9, out });
    expect([summary.stopped, summary.step]).toEqual(['completed', 2]);
    expect(await exists(join(out, 'log.jsonl'))).toBe(true);
    expect(await exists(summary.checkpoint)).toBe(true);
    expect(summary.resumeCommand).toContain('--synth --synth-seed 9');
  }, 20_000);

  it('trains the same on batches rendered by the worker thread as on the training thread', async () => {
    const losses = async (name: string, renderWorker: boolean): Promise<number[]> => {
      const out = join(dir, name);
      await runTrainEncoder({ ...TWO_STEPS, stage: 'expression', out, renderWorker });
      const log = await readFile(join(out, 'log.jsonl'), 'utf8');
      return log
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { loss: number }).loss);
    };
    const remote = await losses('worker-rendered', true);
    expect(remote).toHaveLength(2);
    expect(await losses('thread-rendered', false)).toEqual(remote);
  }, 30_000);

  it('runs 2 expression steps with a scene file and an augmentation recipe', async () => {
    const out = join(dir, 'synth-expression');
    const scene = join(dir, 'scene.json');
    const augment = join(dir, 'augment.json');
    await writeFile(scene, JSON.stringify({ light: { ambient: [0.03, 0.1] } }));
    await writeFile(augment, JSON.stringify({ blur: { probability: 1 }, erasing: false }));
    const lines: string[] = [];
    const summary = await runTrainEncoder({
      ...TWO_STEPS,
      stage: 'expression',
      scene,
      augment,
      out,
      log: (line) => lines.push(line),
    });
    expect([summary.stopped, summary.step]).toEqual(['completed', 2]);
    expect(summary.resumeCommand).toContain(`--augment ${augment} --scene ${scene}`);
    expect(lines.join('\n')).toContain(`scenes of ${scene}`);
    await expect(
      runTrainEncoder({ stage: 'triplet', synth: true, augment, out: join(dir, 'x') }),
    ).rejects.toThrow(/--augment is used by --stage expression, head-fit and eye-reader only/);
  }, 20_000);
  it('standardises the targets with a floored spread when --target-min-std is given', async () => {
    const firstLoss = async (name: string, targetMinStd?: number): Promise<number> => {
      const out = join(dir, name);
      const summary = await runTrainEncoder({
        ...TWO_STEPS,
        steps: 1,
        stage: 'expression',
        out,
        ...(targetMinStd === undefined ? {} : { targetMinStd }),
      });
      if (targetMinStd !== undefined) {
        expect(summary.resumeCommand).toContain(`--target-min-std ${targetMinStd}`);
      }
      const [line] = (await readFile(summary.log, 'utf8')).trim().split('\n');
      return (JSON.parse(line) as { loss: number }).loss;
    };
    const plain = await firstLoss('min-std-plain');
    const floored = await firstLoss('min-std-floored', 0.9);
    // a spread of at least 0.9 keeps every standardised target within about ±1.1
    expect(floored).toBeLessThan(plain);
    expect(floored).toBeLessThan(2);
  }, 20_000);
});

describe('head-fit stage', () => {
  it('renders faces with their expression-distance coordinates, and needs --synth', async () => {
    const data = await encoderTrainingData(
      { stage: 'head-fit', synth: true, synthSeed: 2 },
      { imageSize: 16, batchSize: 2, seed: 0 },
    );
    if (data.stage !== 'head-fit' || typeof data.batches !== 'function')
      throw new Error('not the head-fit stage');
    const [batch] = await firstBatches(data.batches(0), 1);
    expect(batch.images.shape).toEqual([2, 16, 16, 3]);
    expect(batch.targets.shape).toEqual([2, createExpressionDistance().dimension]);
    tf.dispose([batch.images, batch.targets]);
    expect(() => assertDataFlags({ stage: 'head-fit' })).toThrow(/--stage head-fit needs --synth/);
  });

  it('fits the head of an init model and reports the fit; without --init it says so', async () => {
    const init = join(dir, 'fit-init', 'model.json');
    const model = ExpressionModel.create(
      { imageSize: 16, patchSize: 8, dim: 16, depth: 1, heads: 2, mlpRatio: 2 },
      1,
    );
    await saveExpressionModel(model, init, { note: 'random test weights' });
    model.dispose();
    const out = join(dir, 'fit');
    const flags = { stage: 'head-fit', synth: true, steps: 3, batch: 8, seed: 1 } as const;
    const summary = await runTrainEncoder({ ...flags, init, out, backend: 'wasm' });
    expect([summary.stopped, summary.step, summary.fit?.count]).toEqual(['completed', 3, 24]);
    expect(summary.model).toBe(join(out, 'model', 'model.json'));
    expect(await exists(summary.log)).toBe(true);
    expect(summary.resumeCommand).not.toContain('--resume');
    await expect(runTrainEncoder({ ...flags, out })).rejects.toThrow(
      /--stage head-fit needs --init/,
    );
  }, 20_000);
});

/** A random one-block 16 px encoder saved under `dir/name/model.json`; returns the path. */
async function savedInitModel(name: string): Promise<string> {
  const path = join(dir, name, 'model.json');
  const model = ExpressionModel.create(
    { imageSize: 16, patchSize: 8, dim: 16, depth: 1, heads: 2, mlpRatio: 2 },
    1,
  );
  await saveExpressionModel(model, path);
  model.dispose();
  return path;
}

describe('--alignment', () => {
  it('switches an init model to another crop alignment in stage expression, and only there', async () => {
    const init = await savedInitModel('align-init');
    const out = join(dir, 'align');
    const flags = { synth: true, steps: 2, batch: 4, seed: 1, init, backend: 'wasm' } as const;
    const summary = await runTrainEncoder({
      ...flags,
      stage: 'expression',
      alignment: 'eyes-nose',
      out,
    });
    expect(summary.resumeCommand).toContain('--alignment eyes-nose');
    const { model: trained, metadata } = await loadExpressionModel(summary.model!);
    expect(trained.config.alignment).toBe('eyes-nose');
    expect(String(metadata.data)).toContain('crops aligned eyes-nose');
    trained.dispose();
    await expect(
      runTrainEncoder({ ...flags, stage: 'head-fit', alignment: 'eyes-nose', out: `${out}-fit` }),
    ).rejects.toThrow(/only --stage expression can switch a model's alignment/);
  }, 30_000);
});

describe('growing an encoder in stage expression', () => {
  it('grows the init model with --depth and --mlp-ratio, and refuses them elsewhere', async () => {
    const init = await savedInitModel('grow-init');
    const out = join(dir, 'grow');
    const flags = { synth: true, steps: 2, batch: 4, seed: 1, backend: 'wasm' } as const;
    const summary = await runTrainEncoder({
      ...flags,
      init,
      stage: 'expression',
      depth: 2,
      mlpRatio: 3,
      out,
    });
    expect(summary.resumeCommand).toContain('--depth 2 --mlp-ratio 3');
    const { model: trained } = await loadExpressionModel(summary.model!);
    expect(trained.config).toMatchObject({ depth: 2, mlpRatio: 3 });
    trained.dispose();
    await expect(
      runTrainEncoder({ ...flags, init, stage: 'head-fit', depth: 2, out: `${out}-fit` }),
    ).rejects.toThrow(
      /--depth and --mlp-ratio grow a trained encoder: they need --stage expression/,
    );
    await expect(
      runTrainEncoder({ ...flags, stage: 'expression', mlpRatio: 3, out: `${out}-new` }),
    ).rejects.toThrow(/without --init/);
    await expect(
      runTrainEncoder({ ...flags, init, stage: 'expression', mlpRatio: 1, out: `${out}-less` }),
    ).rejects.toThrow(/mlpRatio can only grow: the encoder has 2, got 1/);
  }, 30_000);
});

describe('--eye-branch', () => {
  it('adds an eye branch to the init model in stage expression, and only there', async () => {
    const init = await savedInitModel('eyes-init');
    const out = join(dir, 'eyes');
    const flags = { synth: true, steps: 2, batch: 4, seed: 1, init, backend: 'wasm' } as const;
    const summary = await runTrainEncoder({ ...flags, stage: 'expression', eyeBranch: 4, out });
    expect(summary.resumeCommand).toContain('--eye-branch 4');
    const { model: trained } = await loadExpressionModel(summary.model!);
    expect(trained.config.eyeBranch).toBe(4);
    expect(trained.params['encoder/eyes/proj/kernel'].shape).toEqual([2 * 3 * 4, 16]);
    trained.dispose();
    await expect(
      runTrainEncoder({ ...flags, stage: 'head-fit', eyeBranch: 4, out: `${out}-fit` }),
    ).rejects.toThrow(/--eye-branch is used by --stage expression only, got --stage head-fit/);
  }, 30_000);
});

describe('--stage eye-reader', () => {
  it('adds an eye reader to the init model, which the head fit then reads', async () => {
    const init = await savedInitModel('reader-init');
    const out = join(dir, 'reader');
    const flags = { synth: true, steps: 2, batch: 4, seed: 1, backend: 'wasm' } as const;
    const summary = await runTrainEncoder({
      ...flags,
      init,
      stage: 'eye-reader',
      eyeReader: 8,
      out,
    });
    expect(summary.resumeCommand).toContain('--stage eye-reader');
    expect(summary.resumeCommand).toContain('--eye-reader 8');
    const { model: trained, metadata } = await loadExpressionModel(summary.model!);
    expect(trained.config.eyeReader).toBe(8);
    expect(metadata.stage).toBe('eye-reader');
    trained.dispose();
    const fit = await runTrainEncoder({
      ...flags,
      init: summary.model,
      stage: 'head-fit',
      steps: 3,
      batch: 8,
      out: `${out}-fit`,
    });
    const { model: fitted } = await loadExpressionModel(fit.model!);
    expect(fitted.head.kernel.shape).toEqual([16 + 8, 16]);
    fitted.dispose();
    await expect(
      runTrainEncoder({ ...flags, stage: 'eye-reader', out: `${out}-new` }),
    ).rejects.toThrow(/--stage eye-reader needs --init/);
    await expect(
      runTrainEncoder({ ...flags, init, stage: 'head-fit', eyeReader: 8, out: `${out}-bad` }),
    ).rejects.toThrow(/--eye-reader is used by --stage eye-reader only, got --stage head-fit/);
    await expect(
      runTrainEncoder({
        ...flags,
        init: summary.model,
        stage: 'eye-reader',
        eyeReader: 4,
        out: `${out}-4`,
      }),
    ).rejects.toThrow(/has an eye reader 8 wide; it cannot become 4 wide/);
  }, 30_000);
});

describe('labelled faces for the expression stage and the head fit', () => {
  it('reads images with their ARKit weights, or their expression-distance coordinates', async () => {
    const folder = join(dir, 'labelled');
    const weights = [0, 1, 2].map((i) =>
      Array.from({ length: 52 }, (_, k) => (k === 24 ? i / 2 : 0)),
    );
    for (let i = 0; i < 3; i++) {
      const data = new Uint8Array(32 * 32 * 3).fill(60 * i);
      await writeImageFile(join(folder, 'images', `f${i}.png`), { width: 32, height: 32, data });
    }
    await writeFile(
      join(folder, 'labels.jsonl'),
      weights.map((w, i) => JSON.stringify({ file: `images/f${i}.png`, weights: w })).join('\n'),
    );
    const before = tf.memory().numTensors;
    const shape = { imageSize: 16, batchSize: 3, seed: 0 };
    const expression = await encoderTrainingData({ stage: 'expression', data: folder }, shape);
    if (expression.stage !== 'expression' || typeof expression.batches !== 'function')
      throw new Error('not the expression stage');
    expect(expression.description).toBe(
      `labelled faces ${folder} (3 images) with their ARKit-52 weights`,
    );
    expect(expression.targetStats.mean[24]).toBeCloseTo(0.5, 5);
    const [batch] = await firstBatches(expression.batches(0), 1);
    expect(batch.images.shape).toEqual([3, 16, 16, 3]);
    const level = tf.tidy(() => tf.mean(batch.images, [1, 2, 3]).dataSync());
    const jaw = tf.tidy(() => tf.slice(batch.targets, [0, 24], [3, 1]).dataSync());
    level.forEach((l, i) => expect(jaw[i]).toBeCloseTo((l * 255) / 60 / 2, 3));
    tf.dispose([batch.images, batch.targets]);

    const fit = await encoderTrainingData({ stage: 'head-fit', data: folder }, shape);
    if (fit.stage !== 'head-fit' || typeof fit.batches !== 'function')
      throw new Error('not the head-fit stage');
    const [fitBatch] = await firstBatches(fit.batches(0), 1);
    const distance = createExpressionDistance();
    expect(fitBatch.targets.shape).toEqual([3, distance.dimension]);
    const fitLevel = tf.tidy(() => tf.mean(fitBatch.images, [1, 2, 3]).dataSync());
    const coordinates = await fitBatch.targets.data();
    fitLevel.forEach((l, i) => {
      const expected = distance.embed(weights[Math.round((l * 255) / 60)]);
      expected.forEach((v, k) => expect(coordinates[i * distance.dimension + k]).toBeCloseTo(v, 4));
    });
    tf.dispose([fitBatch.images, fitBatch.targets]);
    expect(tf.memory().numTensors).toBe(before);

    const short = join(dir, 'short');
    await writeImageFile(join(short, 'a.png'), { width: 8, height: 8, data: new Uint8Array(192) });
    await writeFile(join(short, 'labels.jsonl'), '{"file":"a.png","weights":[0.1,0.2]}\n');
    await expect(encoderTrainingData({ stage: 'expression', data: short }, shape)).rejects.toThrow(
      /its labels hold 2 weights per face, not the 52 ARKit blendshapes/,
    );
    expect(() => assertDataFlags({ stage: 'expression', data: folder, fec: 'a.csv' })).toThrow(
      /--fec is not used by --stage expression/,
    );
  });
});
