import * as tf from '@tensorflow/tfjs';
import type { FaceAlignment } from '@freeavatar/face-crop';
import { assertArgument, createRng } from '@freeavatar/core';
import { augmentImages } from './augment.js';
import { resolveAugmentOptions, type AugmentOptions } from './augment-options.js';
import { linear } from './layers.js';
import type { EncoderGrowth } from './grow.js';
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

/**
 * A batch of labelled faces: aligned crops and the blendshape weights they show.
 *
 * @example
 * ```ts
 * const batch: ExpressionTargetBatch = {
 *   images: tf.zeros([8, 64, 64, 3]),
 *   targets: tf.zeros([8, 52]),
 * };
 * ```
 */
export interface ExpressionTargetBatch {
  /** `[n, s, s, 3]` in 0–1. */
  readonly images: tf.Tensor4D;
  /** `[n, k]` expression targets (e.g. ARKit-52 weights in 0–1). */
  readonly targets: tf.Tensor2D;
}

/**
 * Options of {@link runExpressionRegression}.
 *
 * @example
 * ```ts
 * declare const data: BatchSource<ExpressionTargetBatch>;
 * const options: ExpressionRegressionOptions = {
 *   data, targetSize: 52, maxSteps: 600, outDir: 'runs/arkit', init: 'runs/mae/model/model.json',
 * };
 * ```
 */
export interface ExpressionRegressionOptions extends RunOptions {
  /** Labelled face batches. */
  data: BatchSource<ExpressionTargetBatch>;
  /** Values per target row (52 for ARKit weights). */
  targetSize: number;
  /** The model to start from (a stage-1 model); default random weights of `preset`. */
  init?: string;
  /**
   * With `init`: give the model positional pooling with this many values per token (see
   * `VitConfig.positionalPool`); its pooling weights start random. Default: the init model's.
   */
  positionalPool?: number;
  /**
   * With `init`: give the model an eye branch with this many channels (see
   * `VitConfig.eyeBranch`); it starts random with a zero output map, so the model computes what it
   * did. Default: the init model's.
   */
  eyeBranch?: number;
  /**
   * With `init`: train the model on crops aligned this way from now on (see
   * `VitConfig.alignment`); the data must be cut the same way. Default: the init model's.
   */
  alignment?: FaceAlignment;
  /**
   * With `init`: enlarge its encoder first (more blocks, wider MLPs) without changing what it
   * computes (see {@link growEncoderWeights}). Default: the init model's size.
   */
  grow?: EncoderGrowth;
  /** AdamW settings; `learningRate` is the peak of a warm-up + cosine schedule (default 3e-4). */
  optimizer?: AdamWOptions;
  /**
   * Per-target mean and standard deviation (e.g. from {@link targetStatistics}): the probe then
   * predicts standardised targets `(t − mean) / std`, so every target weighs alike in the loss and
   * predicting the mean scores 1. Without it the raw targets are used.
   */
  targetStats?: TargetStatistics;
  /**
   * Weight of each target in the loss (`targetSize` values ≥ 0, not all 0; rescaled to mean 1),
   * e.g. from `perceptualTargetWeights` in `@freeavatar/synth`, so that small but salient targets
   * (blinks, gaze) are not drowned by the many that matter little. Default: all alike.
   */
  targetWeights?: ArrayLike<number>;
  /**
   * Augmentation of the faces (each its own draw from the step's generator), so that what the
   * backbone learns to read survives blur, noise, occluders and the like; default none (`false`).
   * `{}` is the full recipe of {@link augmentImages}.
   */
  augment?: AugmentOptions | false;
}

/**
 * Mean and standard deviation of each expression target.
 *
 * @example
 * ```ts
 * declare const rows: number[][]; // one row of targets per face, e.g. ARKit-52 weights
 * const stats: TargetStatistics = targetStatistics(rows);
 * ```
 */
export interface TargetStatistics {
  readonly mean: Float32Array;
  readonly std: Float32Array;
}

/**
 * Per-column mean and standard deviation of target rows (the standard deviation floored at
 * `minStd`, default 1e-3, so that a near-constant target does not blow up).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for no rows, rows of different lengths or
 *   non-finite values.
 * @example
 * ```ts
 * const stats = targetStatistics([[0, 1], [1, 1]]); // mean [0.5, 1], std [0.5, 0.001]
 * ```
 */
export function targetStatistics(
  rows: readonly ArrayLike<number>[],
  minStd = 1e-3,
): TargetStatistics {
  assertArgument(Array.isArray(rows) && rows.length > 0, 'targetStatistics needs at least one row');
  const width = rows[0]?.length;
  assertArgument(Number.isInteger(width) && width > 0, 'target rows must not be empty');
  const sum = new Float64Array(width);
  const squares = new Float64Array(width);
  rows.forEach((row, i) => {
    assertArgument(row?.length === width, `row ${i} has ${row?.length} values, expected ${width}`);
    for (let c = 0; c < width; c++) {
      assertArgument(Number.isFinite(row[c]), `row ${i} value ${c} is not finite: ${row[c]}`);
      sum[c] += row[c];
      squares[c] += row[c] * row[c];
    }
  });
  const n = rows.length;
  const mean = Float32Array.from(sum, (s) => s / n);
  const std = Float32Array.from(squares, (q, c) =>
    Math.max(minStd, Math.sqrt(Math.max(0, q / n - (sum[c] / n) ** 2))),
  );
  return { mean, std };
}

/**
 * The supervised expression stage: the backbone's pooled feature, through a linear probe, must
 * predict each face's expression targets (mean squared error); the backbone and the probe are
 * trained together, so the pooled feature learns to carry expression, whatever the identity,
 * pose, light and occluders of the labelled faces. The embedding head is left as it was (train
 * it with the triplet stage, `trainable: 'head'`). Checkpointed and resumable; the model is
 * written to `outDir/model/model.json` when the run completes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a bad `targetSize` or a batch of another width.
 * @example
 * ```ts
 * declare const data: BatchSource<ExpressionTargetBatch>;
 * await runExpressionRegression({
 *   data, targetSize: 52, init: 'runs/mae/model/model.json', maxSteps: 600, seed: 1,
 *   outDir: 'runs/arkit',
 * });
 * ```
 */
export async function runExpressionRegression(
  options: ExpressionRegressionOptions,
): Promise<RunResult> {
  checkRunOptions(options);
  const { targetSize, targetStats } = options;
  assertArgument(
    Number.isInteger(targetSize) && targetSize >= 1 && targetSize <= 4096,
    `targetSize must be an integer in 1..4096, got ${targetSize}`,
  );
  assertArgument(
    targetStats === undefined ||
      (targetStats.mean?.length === targetSize &&
        targetStats.std?.length === targetSize &&
        Array.from(targetStats.std).every((v) => Number.isFinite(v) && v > 0)),
    `targetStats must hold ${targetSize} means and ${targetSize} positive standard deviations`,
  );
  const weights = normalisedTargetWeights(options.targetWeights, targetSize);
  const augment =
    options.augment === undefined || options.augment === false
      ? undefined
      : resolveAugmentOptions(options.augment);
  const seed = options.seed ?? 0;
  const model = await initialModel(options, seed);
  const dim = model.config.dim;
  const rng = createRng(seed).fork('expression-probe');
  const scale = Math.sqrt(1 / dim);
  const kernel = Float32Array.from({ length: dim * targetSize }, () => rng.normal() * scale);
  const probe: Params = tf.tidy(() => ({
    'probe/kernel': tf.variable(tf.tensor2d(kernel, [dim, targetSize]), true, 'probe/kernel'),
    'probe/bias': tf.variable(tf.zeros([targetSize]), true, 'probe/bias'),
  }));
  const encoderParams = Object.fromEntries(
    Object.entries(model.params).filter(([name]) => name.startsWith('encoder/')),
  );
  const params: Params = { ...encoderParams, ...probe };
  const optimizer = createAdamW({ learningRate: 3e-4, ...options.optimizer });
  const columnWeights = weights === undefined ? undefined : tf.tensor1d(weights);
  const standard =
    targetStats === undefined
      ? undefined
      : { mean: tf.tensor1d(targetStats.mean), std: tf.tensor1d(targetStats.std) };
  try {
    const peak = optimizer.learningRate;
    const result = await train<ExpressionTargetBatch>({
      task: 'train:expression',
      params,
      optimizer,
      step: async (batch, { rng: stepRng }) => {
        assertArgument(
          batch.targets.shape[1] === targetSize,
          `batch targets have ${batch.targets.shape[1]} values per face, expected ${targetSize}`,
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
                const predicted = linear(
                  model.encoder.features(images),
                  probe['probe/kernel'],
                  probe['probe/bias'],
                );
                const targets =
                  standard === undefined
                    ? batch.targets
                    : tf.div(tf.sub(batch.targets, standard.mean), standard.std);
                const squares = tf.square(tf.sub(predicted, targets));
                return tf.mean(
                  columnWeights === undefined ? squares : tf.mul(squares, columnWeights),
                );
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
        stage: 'expression',
        config: model.config,
        init: options.init ?? null,
        grow: options.grow ?? null,
        targetSize,
        standardized: targetStats !== undefined,
        targetWeights: weights === undefined ? null : Array.from(weights),
        augment: options.augment ?? false,
        ...options.metadata,
      },
    });
    return await finishStage(model, result, options, {
      stage: 'expression',
      seed,
      init: options.init ?? null,
      targetWeights: weights === undefined ? null : Array.from(weights),
      note: 'backbone trained to predict expression targets; the embedding head is untrained',
    });
  } finally {
    optimizer.dispose();
    model.dispose();
    Object.values(probe).forEach((v) => v.dispose());
    if (standard !== undefined) tf.dispose([standard.mean, standard.std]);
    columnWeights?.dispose();
  }
}

/** Validates target weights and rescales them to mean 1. */
function normalisedTargetWeights(
  weights: ArrayLike<number> | undefined,
  targetSize: number,
): Float32Array | undefined {
  if (weights === undefined) return undefined;
  assertArgument(
    weights.length === targetSize,
    `targetWeights must hold ${targetSize} values, got ${weights.length}`,
  );
  const values = Float32Array.from(weights);
  values.forEach((v, i) =>
    assertArgument(Number.isFinite(v) && v >= 0, `targetWeights[${i}] must be ≥ 0, got ${v}`),
  );
  const mean = values.reduce((a, b) => a + b, 0) / targetSize;
  assertArgument(mean > 0, 'targetWeights must not all be 0');
  return values.map((v) => v / mean);
}
