import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError, initBackend, type RgbImage } from '@freeavatar/core';
import {
  ExpressionModel,
  loadExpressionModel,
  runMaePretraining,
  saveExpressionModel,
  VIT_PRESETS,
} from '@freeavatar/expression-encoder';
import { DEFAULT_METHOD_IDS, MAE_NOT_GIVEN, createDefaultMethods } from './default-methods.js';
import { isUnavailable, type EvalMethod } from './evaluate.js';
import { ENCODER_METHOD_NAME, MAE_METHOD_NAME } from './method-names.js';

const TINY = VIT_PRESETS.micro;
let dir = '';
let maeModel = '';
let maeCheckpoint = '';
let tripletModel = '';
let fittedModel = '';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  dir = await mkdtemp(join(tmpdir(), 'eval-methods-'));
  // A real stage-1 run, one step on random pictures: the file `train encoder --stage mae` writes.
  const mae = await runMaePretraining({
    data: async function* (start: number) {
      for (let s = start; ; s++)
        yield tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', s) as tf.Tensor4D;
    },
    preset: TINY,
    mae: { decoderDim: 32, decoderHeads: 2 },
    maxSteps: 1,
    seed: 3,
    outDir: join(dir, 'mae'),
  });
  maeModel = mae.model!;
  maeCheckpoint = mae.checkpoint;
  const model = ExpressionModel.create(TINY, 5);
  tripletModel = join(dir, 'triplet', 'model.json');
  await saveExpressionModel(model, tripletModel, { stage: 'triplet', steps: 7, seed: 5 });
  fittedModel = join(dir, 'fit', 'model.json');
  await saveExpressionModel(model, fittedModel, { stage: 'head-fit', seed: 5 });
  model.dispose();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const dispose = (methods: EvalMethod[]): void =>
  methods.forEach((m) => !isUnavailable(m) && m.dispose());

/** A 32×32 picture of a smooth ramp. */
const ramp: RgbImage = {
  width: 32,
  height: 32,
  data: new Uint8Array(32 * 32 * 3).map((_, i) => (i * 5) % 256),
};

describe('createDefaultMethods', () => {
  it('reports the encoder as not available when the package ships no weights', async () => {
    const methods = await createDefaultMethods({ include: ['geometry', 'encoder'] });
    try {
      expect(methods.map((m) => m.name)).toEqual(['face mesh geometry', ENCODER_METHOD_NAME]);
      expect(isUnavailable(methods[0])).toBe(false);
      // The shipped weights, named by a path relative to the working directory.
      const encoder = methods[1];
      if (isUnavailable(encoder)) throw new Error(`encoder unavailable: ${encoder.unavailable}`);
      expect(encoder.distance).toBe('euclidean');
      expect(encoder.source).toMatch(/^the package's weights, `.*weights\/model\.json`/);
      expect(encoder.source).not.toContain(process.cwd());
    } finally {
      dispose(methods);
    }
  });

  it('runs the MAE baseline on the pooled backbone features of a stage-1 model', async () => {
    const before = tf.memory().numTensors;
    const methods = await createDefaultMethods({
      include: ['mae', 'encoder'],
      maeModel,
      model: tripletModel,
    });
    try {
      const [mae, encoder] = methods;
      if (isUnavailable(mae) || isUnavailable(encoder)) throw new Error('both should run');
      expect(mae.name).toBe(MAE_METHOD_NAME);
      expect(mae.source).toBe(
        `\`${maeModel}\` (stage mae, 1 steps, seed 3), reads crops aligned eyes-mouth`,
      );
      expect(encoder.source).toBe(
        `\`${tripletModel}\` (stage triplet, 7 steps, seed 5), reads crops aligned eyes-mouth`,
      );
      const [features] = await mae.features([ramp]);
      const [embedding] = await encoder.features([ramp]);
      expect(features).toHaveLength(32); // the backbone width, not the 16-d embedding
      expect(embedding).toHaveLength(16);
      // The same numbers as the stage-1 model's own pooled features.
      const { model } = await loadExpressionModel(maeModel);
      const input = tf.tensor4d(
        Float32Array.from(ramp.data, (v) => v / 255),
        [1, 32, 32, 3],
      );
      const direct = model.features(input);
      const expected = await direct.data();
      tf.dispose([input, direct]);
      model.dispose();
      for (let i = 0; i < 32; i++) expect(features[i]).toBeCloseTo(expected[i], 4);
    } finally {
      dispose(methods);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports the MAE baseline as not available without a stage-1 model', async () => {
    const [mae] = await createDefaultMethods({ include: ['mae'] });
    expect(mae).toEqual({ name: MAE_METHOD_NAME, unavailable: MAE_NOT_GIVEN });
  });

  it('takes a model whose head was fitted in closed form as the encoder', async () => {
    const [encoder] = await createDefaultMethods({ include: ['encoder'], model: fittedModel });
    try {
      if (isUnavailable(encoder)) throw new Error(encoder.unavailable);
      expect(encoder.source).toBe(
        `\`${fittedModel}\` (stage head-fit, seed 5), reads crops aligned eyes-mouth`,
      );
    } finally {
      dispose([encoder]);
    }
  });

  it('refuses a model of the wrong stage and a training checkpoint, saying what to pass', async () => {
    await expect(
      createDefaultMethods({ include: ['mae'], maeModel: tripletModel }),
    ).rejects.toThrow(
      `--mae-model ${tripletModel} was written by stage 'triplet'; expected a stage-1 (MAE) model (stage 'mae')`,
    );
    await expect(createDefaultMethods({ include: ['encoder'], model: maeModel })).rejects.toThrow(
      `--model ${maeModel} was written by stage 'mae'; expected a model with a trained embedding head (stage 'triplet' or 'head-fit')`,
    );
    await expect(
      createDefaultMethods({ include: ['mae'], maeModel: maeCheckpoint }),
    ).rejects.toThrow(
      /has no embedding head: it looks like a training checkpoint; pass the model\.json/,
    );
  });

  it('fails loudly when an explicit model cannot be loaded', async () => {
    for (const options of [
      { include: ['encoder' as const], model: '/nowhere/model.json' },
      { include: ['mae' as const], maeModel: '/nowhere/model.json' },
    ]) {
      await expect(createDefaultMethods(options)).rejects.toSatisfy(
        (e: unknown) => e instanceof FreeAvatarError && e.code === 'MODEL_LOAD_FAILED',
      );
    }
  });

  it('rejects unknown method ids, naming the known ones', async () => {
    await expect(createDefaultMethods({ include: ['landmarks' as never] })).rejects.toThrow(
      `unknown method 'landmarks'; expected one of ${DEFAULT_METHOD_IDS.join(', ')}`,
    );
  });
});
