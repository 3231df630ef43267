import * as tf from '@tensorflow/tfjs';
import { assertArgument, createRng } from '@freeavatar/core';
import { augmentImages } from './augment.js';
import { resolveAugmentOptions, type AugmentOptions } from './augment-options.js';
import type { ExpressionTargetBatch, TargetStatistics } from './expression-regression.js';
import { eyeReaderFeature } from './eye-reader.js';
import { linear } from './layers.js';
import { createAdamW, type AdamWOptions } from './optimizer.js';
import type { Params } from './params.js';
import { warmupCosine } from './schedule.js';
import { optimizeStep } from './train-step.js';
import { train, type BatchSource } from './trainer.js';
import {
  checkRunOptions,
  finishStage,
  initialModel,
  loopSettings,
  type RunOptions,
  type RunResult,
} from './training-runs.js';

/** The eye reader's width when a run adds one and does not say (`EyeReaderRunOptions.width`). */
export const DEFAULT_EYE_READER_WIDTH = 128;

/**
 * Options of {@link runEyeReaderTraining}.
 *
 * @example
 * ```ts
 * declare const data: BatchSource<ExpressionTargetBatch>;
 * declare const targetStats: TargetStatistics;
 * const options: EyeReaderRunOptions = {
 *   init: 'packages/expression-encoder/weights/model.json', data, targetStats,
 *   maxSteps: 2048, outDir: 'runs/eyes',
 * };
 * ```
 */
export interface EyeReaderRunOptions extends RunOptions {
  /** The trained model the reader is added to; its backbone and pooled feature stay as they are. */
  init: string;
  /**
   * Faces with the target coordinates the reader learns to predict (`targets`: `[n, k]`), e.g.
   * the expression distance's coordinates, as for the head fit.
   */
  data: BatchSource<ExpressionTargetBatch>;
  /**
   * Per-target mean and spread: the reader predicts standardised targets, so every coordinate
   * weighs alike and predicting the mean scores 1.
   */
  targetStats: TargetStatistics;
  /**
   * The reader's width. Default: the init model's when it has a reader (which then trains on),
   * else {@link DEFAULT_EYE_READER_WIDTH} (a new reader, random, with zero head rows).
   */
  width?: number;
  /** AdamW settings; `learningRate` is the peak of a warm-up + cosine schedule (default 1e-3). */
  optimizer?: AdamWOptions;
  /** Augmentation of the faces (default none). */
  augment?: AugmentOptions | false;
}

/**
 * Trains an eye reader (`VitConfig.eyeReader`): a small convolutional network on the eye band of
 * the crop, added to a trained model, learns to predict each face's target coordinates through a
 * linear probe (mean squared error of the standardised targets), the backbone frozen. The eyes
 * decide most expression triplets, and a convolution reads lids and irises a few pixels across
 * that the backbone's 8 px patches blur. The embedding head is left as it was (a new reader gets
 * zero rows, so the model embeds what it did): fit it afterwards with `runHeadFit`, which then
 * reads the pooled feature and the reader's together. Checkpointed and resumable; the model is
 * written to `outDir/model/model.json` when the run completes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a bad width or statistics, or a batch whose
 *   targets do not match them; `MODEL_LOAD_FAILED` for an `init` that cannot be loaded.
 * @example
 * ```ts
 * declare const data: BatchSource<ExpressionTargetBatch>;
 * declare const targetStats: TargetStatistics;
 * await runEyeReaderTraining({
 *   init: 'packages/expression-encoder/weights/model.json', data, targetStats,
 *   maxSteps: 2048, seed: 1, outDir: 'runs/eyes',
 * });
 * ```
 */
export async function runEyeReaderTraining(options: EyeReaderRunOptions): Promise<RunResult> {
  checkRunOptions(options);
  assertArgument(
    typeof options.init === 'string' && options.init !== '',
    `init must name the trained model the reader is added to, got ${String(options.init)}`,
  );
  const { targetStats } = options;
  const targetSize = targetStats?.mean?.length;
  assertArgument(
    Number.isInteger(targetSize) &&
      targetSize > 0 &&
      targetStats.std?.length === targetSize &&
      Array.from(targetStats.std).every((v) => Number.isFinite(v) && v > 0) &&
      Array.from(targetStats.mean).every(Number.isFinite),
    'targetStats must hold as many finite means as positive standard deviations',
  );
  assertArgument(
    options.width === undefined || (Number.isInteger(options.width) && options.width >= 1),
    `width must be a positive integer, got ${options.width}`,
  );
  const augment =
    options.augment === undefined || options.augment === false
      ? undefined
      : resolveAugmentOptions(options.augment);
  const seed = options.seed ?? 0;
  let model = await initialModel({ init: options.init, eyeReader: options.width }, seed);
  if (model.config.eyeReader === 0) {
    model.dispose();
    model = await initialModel({ init: options.init, eyeReader: DEFAULT_EYE_READER_WIDTH }, seed);
  }
  const width = model.config.eyeReader;
  const rng = createRng(seed).fork('eye-reader-probe');
  const scale = Math.sqrt(1 / width);
  const kernel = Float32Array.from({ length: width * targetSize }, () => rng.normal() * scale);
  const probe: Params = tf.tidy(() => ({
    'probe/kernel': tf.variable(tf.tensor2d(kernel, [width, targetSize]), true, 'probe/kernel'),
    'probe/bias': tf.variable(tf.zeros([targetSize]), true, 'probe/bias'),
  }));
  const readerParams = Object.fromEntries(
    Object.entries(model.params).filter(([name]) => name.startsWith('eyeReader/')),
  );
  const params: Params = { ...readerParams, ...probe };
  const optimizer = createAdamW({ learningRate: 1e-3, ...options.optimizer });
  const mean = tf.tensor1d(targetStats.mean);
  const std = tf.tensor1d(targetStats.std);
  try {
    const peak = optimizer.learningRate;
    const result = await train<ExpressionTargetBatch>({
      task: 'train:eye-reader',
      params,
      optimizer,
      step: async (batch, { rng: stepRng }) => {
        assertArgument(
          batch.targets.shape[1] === targetSize,
          `batch targets have ${batch.targets.shape[1]} values per face, the statistics ${targetSize}`,
        );
        const images = augment
          ? augmentImages(batch.images, stepRng.fork('augment'), augment)
          : batch.images;
        try {
          const { loss, gradNorm } = await optimizeStep(
            params,
            optimizer,
            () =>
              tf.tidy(() => {
                const feature = eyeReaderFeature(model.eyeReader, images, model.config);
                const predicted = linear(feature, probe['probe/kernel'], probe['probe/bias']);
                const targets = tf.div(tf.sub(batch.targets, mean), std);
                return tf.mean(tf.square(tf.sub(predicted, targets)));
              }),
            { clipNorm: options.clipNorm ?? 1 },
          );
          return { loss, gradNorm };
        } finally {
          if (images !== batch.images) images.dispose();
        }
      },
      data: options.data,
      samples: (b) => b.images.shape[0],
      ...loopSettings(options),
      seed,
      learningRate: warmupCosine({
        peak,
        warmupSteps: Math.floor(options.maxSteps * 0.05),
        totalSteps: options.maxSteps,
      }),
      metadata: {
        stage: 'eye-reader',
        config: model.config,
        init: options.init,
        targetSize,
        augment: options.augment ?? false,
        ...options.metadata,
      },
    });
    return await finishStage(model, result, options, {
      stage: 'eye-reader',
      seed,
      init: options.init,
      note: 'eye reader trained on frozen backbone; fit the embedding head next (head-fit)',
    });
  } finally {
    optimizer.dispose();
    model.dispose();
    Object.values(probe).forEach((v) => v.dispose());
    tf.dispose([mean, std]);
  }
}
