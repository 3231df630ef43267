import type * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertNonEmptyString,
  assertObject,
  loadWeightMap,
  type ProgressCallback,
  nodeIo,
} from '@freeavatar/core';
import type { FaceAlignment } from '@freeavatar/face-crop';
import type { AugmentOptions } from './augment-options.js';
import { ExpressionModel } from './expression-model.js';
import { growEncoderWeights, type EncoderGrowth } from './grow.js';
import { MaskedAutoencoder, type MaeOptions } from './mae.js';
import { configOf, saveExpressionModel } from './model-file.js';
import { createAdamW, createSgd, type AdamWOptions, type SgdOptions } from './optimizer.js';
import type { VitConfig, VitPreset } from './presets.js';
import { warmupCosine } from './schedule.js';
import { train, type BatchSource, type TrainOptions, type TrainResult } from './trainer.js';
import {
  maeTrainingStep,
  tripletTrainingStep,
  type TripletBatch,
  type TripletStepOptions,
} from './training-steps.js';

/** What the training stages share. */
export interface RunOptions {
  /** Encoder preset or config (default `'tiny'`). */
  preset?: VitPreset | Partial<VitConfig>;
  /** Seeds weights, masks, augmentation (default 0). */
  seed?: number;
  /** Total optimizer steps. */
  maxSteps: number;
  /** Folder for `checkpoint/`, `log.jsonl` and the final model (Node). */
  outDir: string;
  /** Continue from `outDir/checkpoint` when present (default false). */
  resume?: boolean;
  /** Minutes between checkpoints (default 5). */
  checkpointEveryMinutes?: number;
  /** Steps between checkpoints (default: by time only). */
  checkpointEverySteps?: number;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Clip the global gradient norm (default 1 for MAE, none for triplets). */
  clipNorm?: number;
  /** Stored in the checkpoints and the final model (data description, command line, …). */
  metadata?: Record<string, unknown>;
}

/** The settings of a stage that `train` takes as they are. */
type LoopSettings = Pick<
  TrainOptions<unknown>,
  | 'maxSteps'
  | 'outDir'
  | 'resume'
  | 'checkpointEveryMinutes'
  | 'checkpointEverySteps'
  | 'signal'
  | 'onProgress'
>;

/**
 * The first check of every stage: `options` is an object with the run folder `outDir`, which
 * the stage writes its checkpoint and model to.
 */
export function checkRunOptions(options: unknown): void {
  assertObject(options, 'options');
  assertNonEmptyString(options.outDir, 'options.outDir');
}

/**
 * What every stage passes on to `train` from its {@link RunOptions}: steps, run folder, resume,
 * checkpoint spacing, stop signal and progress.
 */
export function loopSettings(options: RunOptions): LoopSettings {
  return {
    maxSteps: options.maxSteps,
    outDir: options.outDir,
    resume: options.resume,
    checkpointEveryMinutes: options.checkpointEveryMinutes,
    checkpointEverySteps: options.checkpointEverySteps,
    signal: options.signal,
    onProgress: options.onProgress,
  };
}

/** Options of {@link runMaePretraining}. */
export interface MaeRunOptions extends RunOptions {
  /** Image batches `[n, s, s, 3]` in 0–1, e.g. `imageFolderBatches(...)`. */
  data: BatchSource<tf.Tensor4D>;
  /** Decoder and masking (default decoder 64 wide, 1 block; mask ratio 0.75). */
  mae?: MaeOptions;
  /** AdamW settings; `learningRate` is the peak of a warm-up + cosine schedule (default 5e-4). */
  optimizer?: AdamWOptions;
  /** Warm-up steps (default 5% of `maxSteps`). */
  warmupSteps?: number;
  /** Light augmentation of the inputs (default: affine and colour jitter only). */
  augment?: AugmentOptions | false;
}

/** Where a finished run left its files. */
export interface RunResult {
  readonly result: TrainResult;
  /** The training checkpoint (weights, optimizer slots, run state). */
  readonly checkpoint: string;
  /** The final model (`saveExpressionModel` format), written when the run completed. */
  readonly model?: string;
}

const LIGHT_AUGMENT: AugmentOptions = {
  blur: false,
  noise: false,
  jpeg: false,
  erasing: false,
  occluder: false,
};

/**
 * Stage 1: masked-autoencoder pretraining of the encoder, checkpointed and resumable. When the
 * run completes, the encoder (with a fresh, seeded embedding head) is written to
 * `outDir/model/model.json`, ready for {@link runTripletFineTuning}'s `init`.
 *
 * @example
 * ```ts
 * const files = await listImageFiles('faces/');
 * const { model } = await runMaePretraining({
 *   data: imageFolderBatches(files, { imageSize: 64, batchSize: 32, seed: 1 }),
 *   maxSteps: 3000, seed: 1, outDir: 'runs/mae', resume: true,
 * });
 * ```
 */
export async function runMaePretraining(options: MaeRunOptions): Promise<RunResult> {
  checkRunOptions(options);
  const seed = options.seed ?? 0;
  const mae = MaskedAutoencoder.create(options.preset ?? 'tiny', options.mae ?? {}, seed);
  const optimizer = createAdamW({ learningRate: 5e-4, ...options.optimizer });
  try {
    const peak = optimizer.learningRate;
    const warmupSteps = options.warmupSteps ?? Math.floor(options.maxSteps * 0.05);
    const result = await train({
      task: 'train:mae',
      params: mae.params,
      optimizer,
      step: maeTrainingStep(mae, optimizer, {
        augment: options.augment === undefined ? LIGHT_AUGMENT : options.augment,
        clipNorm: options.clipNorm ?? 1,
      }),
      data: options.data,
      samples: (b) => b.shape[0],
      ...loopSettings(options),
      seed,
      learningRate:
        options.maxSteps > 0
          ? warmupCosine({ peak, warmupSteps, totalSteps: options.maxSteps })
          : undefined,
      metadata: { stage: 'mae', config: mae.encoder.config, mae: mae.options, ...options.metadata },
    });
    const { path } = await nodeIo();
    const checkpoint = path.join(options.outDir, 'checkpoint', 'model.json');
    if (result.stopped !== 'completed') return { result, checkpoint };
    const model = ExpressionModel.fromWeights(mae.encoder.config, mae.params, seed);
    try {
      const modelPath = path.join(options.outDir, 'model', 'model.json');
      await saveExpressionModel(model, modelPath, {
        stage: 'mae',
        seed,
        steps: result.step,
        note: 'MAE-pretrained encoder; the embedding head is untrained',
        ...options.metadata,
      });
      return { result, checkpoint, model: modelPath };
    } finally {
      model.dispose();
    }
  } finally {
    optimizer.dispose();
    mae.dispose();
  }
}

/** Options of {@link runTripletFineTuning}. */
export interface TripletRunOptions extends RunOptions {
  /** Triplet batches, e.g. `fecTripletBatches(...)` or the synth triplet stream. */
  data: BatchSource<TripletBatch>;
  /**
   * Where to start from on a fresh run: a stage-1 model or checkpoint path (its encoder and
   * config are used, `preset` is ignored; a missing head is initialised from the seed).
   * Default: random weights of `preset`.
   */
  init?: string;
  /** SGD settings (default lr 0.002, momentum 0.9, weight decay 5e-5), constant rate. */
  optimizer?: SgdOptions;
  /** Margins, distance, augmentation (default: the full recipe), trainable subset. */
  step?: TripletStepOptions;
  /**
   * Which weights the stage trains: `'all'` (default: backbone and head) or `'head'` (the
   * backbone stays as `init` left it, so its pooled features do not change).
   */
  trainable?: 'all' | 'head';
}

/**
 * Stage 2: triplet fine-tuning of the expression embedding (symmetric triplet loss, margins
 * 0.1 / 0.2, SGD with momentum, strong augmentation), checkpointed and resumable. When the run
 * completes, the model is written to `outDir/model/model.json`, loadable by
 * `createExpressionEncoder({ model })`.
 *
 * @example
 * ```ts
 * const { triplets } = await readFecTriplets('fec/train.csv', 'fec/images');
 * await runTripletFineTuning({
 *   data: fecTripletBatches(triplets, 'fec/images', { imageSize: 64, batchSize: 16, seed: 1 }),
 *   init: 'runs/mae/model/model.json', maxSteps: 5000, seed: 1, outDir: 'runs/triplet',
 * });
 * ```
 */
export async function runTripletFineTuning(options: TripletRunOptions): Promise<RunResult> {
  checkRunOptions(options);
  const seed = options.seed ?? 0;
  const trainable = options.trainable ?? 'all';
  assertArgument(
    trainable === 'all' || trainable === 'head',
    `trainable must be 'all' or 'head', got ${String(options.trainable)}`,
  );
  const model = await initialModel(options, seed);
  const optimizer = createSgd(options.optimizer);
  const stepOptions: TripletStepOptions = {
    clipNorm: options.clipNorm,
    ...(trainable === 'head'
      ? { trainable: Object.keys(model.params).filter((name) => name.startsWith('head/')) }
      : {}),
    ...options.step,
  };
  try {
    const result = await train({
      task: 'train:triplet',
      params: model.params,
      optimizer,
      step: tripletTrainingStep(model, optimizer, stepOptions),
      data: options.data,
      samples: (b) => b.anchor.shape[0],
      ...loopSettings(options),
      seed,
      metadata: {
        stage: 'triplet',
        config: model.config,
        init: options.init ?? null,
        trainable,
        ...options.metadata,
      },
    });
    return await finishStage(model, result, options, {
      stage: 'triplet',
      seed,
      init: options.init ?? null,
      trainable,
    });
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * Where a stage's run ended: the checkpoint, and, when the run completed, the model saved to
 * `outDir/model/model.json` with `metadata`, the step count and the run's own metadata.
 */
export async function finishStage(
  model: ExpressionModel,
  result: TrainResult,
  options: Pick<RunOptions, 'outDir' | 'metadata'>,
  metadata: Record<string, unknown>,
): Promise<RunResult> {
  const { path } = await nodeIo();
  const checkpoint = path.join(options.outDir, 'checkpoint', 'model.json');
  if (result.stopped !== 'completed') return { result, checkpoint };
  const modelPath = path.join(options.outDir, 'model', 'model.json');
  await saveExpressionModel(model, modelPath, {
    ...metadata,
    steps: result.step,
    ...options.metadata,
  });
  return { result, checkpoint, model: modelPath };
}

/**
 * The model a stage starts from: `options.init`'s weights (with its pooling or crop alignment
 * switched, an eye branch or an eye reader added or its encoder grown, where the options say),
 * else random weights of the preset.
 */
export async function initialModel(
  options: {
    init?: string;
    preset?: VitPreset | Partial<VitConfig>;
    positionalPool?: number;
    eyeBranch?: number;
    eyeReader?: number;
    alignment?: FaceAlignment;
    grow?: EncoderGrowth;
  },
  seed: number,
): Promise<ExpressionModel> {
  if (options.init === undefined) return ExpressionModel.create(options.preset ?? 'tiny', seed);
  const { weights, metadata } = await loadWeightMap(options.init);
  try {
    const config = configOf(metadata, options.init);
    const reader = options.eyeReader;
    assertArgument(
      reader === undefined || config.eyeReader === 0 || config.eyeReader === reader,
      `${options.init} has an eye reader ${config.eyeReader} wide; it cannot become ${reader} wide`,
    );
    const pooling = {
      ...(reader === undefined ? {} : { eyeReader: reader }),
      ...(options.positionalPool === undefined ? {} : { positionalPool: options.positionalPool }),
      ...(options.eyeBranch === undefined ? {} : { eyeBranch: options.eyeBranch }),
    };
    const alignment = options.alignment === undefined ? {} : { alignment: options.alignment };
    if (options.grow === undefined) {
      return ExpressionModel.fromWeights({ ...config, ...pooling, ...alignment }, weights, seed);
    }
    const grown = growEncoderWeights(weights, config, options.grow, seed, 'encoder/');
    try {
      return ExpressionModel.fromWeights(
        { ...grown.config, ...pooling, ...alignment },
        grown.weights,
        seed,
      );
    } finally {
      Object.values(grown.weights).forEach((t) => t.dispose());
    }
  } finally {
    Object.values(weights).forEach((t) => t.dispose());
  }
}
