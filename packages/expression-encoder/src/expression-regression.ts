import * as tf from '@tensorflow/tfjs';
import { assertArgument, createRng } from '@freeavatar/core';
import { linear } from './layers.js';
import { createAdamW, type AdamWOptions } from './optimizer.js';
import type { Params } from './params.js';
import { warmupCosine } from './schedule.js';
import { optimizeStep } from './train-step.js';
import { train, type BatchSource } from './trainer.js';
import { finishStage, initialModel, type RunOptions, type RunResult } from './training-runs.js';

/**
 * A batch of labelled faces: aligned crops and the blendshape weights they show.
 *
 * @example
 * ```ts
 * const batch: ExpressionTargetBatch = { images: tf.zeros([8, 64, 64, 3]), targets: tf.zeros([8, 52]) };
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
 * const options: ExpressionRegressionOptions = { data, targetSize: 52, maxSteps: 600, outDir: 'runs/arkit', init: 'runs/mae/model/model.json' };
 * ```
 */
export interface ExpressionRegressionOptions extends RunOptions {
  /** Labelled face batches. */
  data: BatchSource<ExpressionTargetBatch>;
  /** Values per target row (52 for ARKit weights). */
  targetSize: number;
  /** The model to start from (a stage-1 model); default random weights of `preset`. */
  init?: string;
  /** AdamW settings; `learningRate` is the peak of a warm-up + cosine schedule (default 3e-4). */
  optimizer?: AdamWOptions;
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
 * await runExpressionRegression({
 *   data, targetSize: 52, init: 'runs/mae/model/model.json', maxSteps: 600, seed: 1, outDir: 'runs/arkit',
 * });
 * ```
 */
export async function runExpressionRegression(
  options: ExpressionRegressionOptions,
): Promise<RunResult> {
  const { targetSize } = options;
  assertArgument(
    Number.isInteger(targetSize) && targetSize >= 1 && targetSize <= 4096,
    `targetSize must be an integer in 1..4096, got ${targetSize}`,
  );
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
  try {
    const peak = optimizer.learningRate;
    const result = await train<ExpressionTargetBatch>({
      task: 'train:expression',
      params,
      optimizer,
      step: async (batch) => {
        assertArgument(
          batch.targets.shape[1] === targetSize,
          `batch targets have ${batch.targets.shape[1]} values per face, expected ${targetSize}`,
        );
        const { loss, gradNorm } = await optimizeStep(
          params,
          optimizer,
          () =>
            tf.tidy(() => {
              const predicted = linear(
                model.encoder.features(batch.images),
                probe['probe/kernel'],
                probe['probe/bias'],
              );
              return tf.mean(tf.square(tf.sub(predicted, batch.targets)));
            }),
          { clipNorm: options.clipNorm ?? 1 },
        );
        return { loss, gradNorm };
      },
      data: options.data,
      samples: (b) => b.images.shape[0],
      maxSteps: options.maxSteps,
      seed,
      learningRate: warmupCosine({
        peak,
        warmupSteps: Math.floor(options.maxSteps * 0.05),
        totalSteps: options.maxSteps,
      }),
      outDir: options.outDir,
      resume: options.resume,
      checkpointEveryMinutes: options.checkpointEveryMinutes,
      checkpointEverySteps: options.checkpointEverySteps,
      signal: options.signal,
      onProgress: options.onProgress,
      metadata: {
        stage: 'expression',
        config: model.config,
        init: options.init ?? null,
        targetSize,
        ...options.metadata,
      },
    });
    return await finishStage(model, result, options, {
      stage: 'expression',
      seed,
      init: options.init ?? null,
      note: 'backbone trained to predict expression targets; the embedding head is untrained',
    });
  } finally {
    optimizer.dispose();
    model.dispose();
    Object.values(probe).forEach((v) => v.dispose());
  }
}
