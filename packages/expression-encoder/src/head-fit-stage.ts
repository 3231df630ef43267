import * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertNonEmptyString,
  createRng,
  nodeIo,
  progressReporter,
  type ProgressCallback,
} from '@freeavatar/core';
import { augmentImages } from './augment.js';
import { resolveAugmentOptions, type AugmentOptions } from './augment-options.js';
import type { ExpressionTargetBatch } from './expression-regression.js';
import { applyHeadFit, fitEmbeddingHead, type HeadFit, type HeadFitOptions } from './head-fit.js';
import { saveExpressionModel } from './model-file.js';
import type { BatchSource } from './trainer.js';
import { checkRunOptions, initialModel } from './training-runs.js';

/**
 * Options of {@link runHeadFit}.
 *
 * @example
 * ```ts
 * declare const data: BatchSource<ExpressionTargetBatch>;
 * const options: HeadFitRunOptions = {
 *   init: 'runs/expr/model/model.json', data, samples: 4096, outDir: 'runs/fit',
 * };
 * ```
 */
export interface HeadFitRunOptions extends HeadFitOptions {
  /** The model whose backbone is kept and whose head is replaced. */
  init: string;
  /** Faces with target coordinates (`targets`: `[n, targetDim]`), e.g. expression-distance coordinates. */
  data: BatchSource<ExpressionTargetBatch>;
  /** Faces to fit on (default 4096); the last batch is cut to fit. */
  samples?: number;
  /** The model is written to `outDir/model/model.json`, the fit's figures to `outDir/log.jsonl`. */
  outDir: string;
  /** Seeds the augmentation, and a head for an `init` without one (default 0). */
  seed?: number;
  /**
   * Augment the faces before their features are read (default none): a head fitted on blurred,
   * noisy or occluded faces leans on the feature directions that survive them.
   */
  augment?: AugmentOptions | false;
  /** Stops after the current batch; nothing is written. */
  signal?: AbortSignal;
  /** Progress in faces, with the features' throughput. */
  onProgress?: ProgressCallback;
  /** Stored in the model's metadata. */
  metadata?: Record<string, unknown>;
}

/**
 * What {@link runHeadFit} did.
 *
 * @example
 * ```ts
 * declare const options: HeadFitRunOptions;
 * const { model, fit } = await runHeadFit(options);
 * if (model) console.log(`held-out R² ${fit?.heldOutR2.toFixed(2)}`);
 * ```
 */
export interface HeadFitRunResult {
  /** `completed`, `aborted` (signal) or `exhausted` (data ran out before `samples`). */
  readonly stopped: 'completed' | 'aborted' | 'exhausted';
  /** Faces read. */
  readonly samples: number;
  readonly seconds: number;
  /** The fit, when the run completed. */
  readonly fit?: HeadFit;
  /** The model written, when the run completed. */
  readonly model?: string;
  /** The JSONL log with the fit's figures. */
  readonly log: string;
}

/**
 * Replaces a model's embedding head by one fitted in closed form ({@link fitEmbeddingHead}) on
 * what the head reads of `samples` faces (the pooled feature, and the eye reader's where the
 * model has one) and their target coordinates, and writes the model. The backbone and the eye
 * reader are not changed. A few minutes for 4096 synthetic faces on a 2-core CPU, most of
 * it rendering.
 *
 * @throws FreeAvatarError for an `init` that cannot be loaded, batches whose sizes do not fit, or
 *   fit options out of range.
 * @example
 * ```ts
 * declare const data: BatchSource<ExpressionTargetBatch>;
 * const { model } = await runHeadFit({
 *   init: 'runs/expr/model/model.json', data, samples: 4096, outDir: 'runs/fit',
 * });
 * ```
 */
export async function runHeadFit(options: HeadFitRunOptions): Promise<HeadFitRunResult> {
  checkRunOptions(options);
  assertNonEmptyString(options.init, 'options.init');
  const samples = options.samples ?? 4096;
  assertArgument(
    Number.isInteger(samples) && samples >= 8,
    `samples must be an integer ≥ 8, got ${samples}`,
  );
  const { fs, path } = await nodeIo();
  const log = path.join(options.outDir, 'log.jsonl');
  const report = progressReporter(options.onProgress);
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const seed = options.seed ?? 0;
  const augment =
    options.augment === undefined || options.augment === false
      ? undefined
      : resolveAugmentOptions(options.augment);
  const rng = createRng(seed).fork('head-fit');
  const model = await initialModel({ init: options.init }, seed);
  try {
    // What the head reads: the pooled feature, and the eye reader's feature where there is one.
    const dim = model.config.dim + model.config.eyeReader;
    const features = new Float32Array(samples * dim);
    let targets: Float32Array | undefined;
    let width = 0;
    let count = 0;
    const source =
      typeof options.data === 'function'
        ? options.data(0)
        : (options.data as AsyncIterable<ExpressionTargetBatch>);
    for await (const batch of source) {
      const batchRng = rng.fork(count);
      try {
        const n = Math.min(batch.images.shape[0], samples - count);
        assertArgument(
          batch.targets.shape[0] === batch.images.shape[0],
          `a batch has ${batch.images.shape[0]} faces and ${batch.targets.shape[0]} target rows`,
        );
        if (targets === undefined) {
          width = batch.targets.shape[1];
          targets = new Float32Array(samples * width);
        }
        assertArgument(
          batch.targets.shape[1] === width,
          `batch targets have ${batch.targets.shape[1]} values per face, the first batch had ${width}`,
        );
        const f = tf.tidy(() => {
          const images = batch.images.slice(0, n);
          return model.headInput(augment ? augmentImages(images, batchRng, augment) : images);
        });
        try {
          features.set(await f.data(), count * dim);
        } finally {
          f.dispose();
        }
        targets.set((await batch.targets.data()).subarray(0, n * width), count * width);
        count += n;
      } finally {
        batch.images.dispose();
        batch.targets.dispose();
      }
      report({
        task: 'train:head-fit',
        done: count,
        total: samples,
        unit: 'faces',
      });
      if (count >= samples || options.signal?.aborted) break;
    }
    const stopped = options.signal?.aborted
      ? 'aborted'
      : count < samples
        ? 'exhausted'
        : 'completed';
    if (stopped !== 'completed' || targets === undefined) {
      return { stopped, samples: count, seconds: seconds(), log };
    }
    const fit = fitEmbeddingHead({ features, targets, count }, model.config.embeddingDim, options);
    applyHeadFit(model, fit);
    const figures = {
      stage: 'head-fit',
      samples: count,
      heldOutR2: fit.heldOutR2,
      keptVariance: fit.keptVariance,
      ridge: options.ridge ?? 0.01,
      anchorScale: options.anchorScale ?? 4,
      holdout: options.holdout ?? 0.2,
      augment: augment ?? false,
    };
    const modelPath = path.join(options.outDir, 'model', 'model.json');
    await saveExpressionModel(model, modelPath, {
      ...figures,
      init: options.init,
      ...options.metadata,
    });
    await fs.mkdir(options.outDir, { recursive: true });
    await fs.appendFile(
      log,
      `${JSON.stringify({ ...figures, seconds: seconds(), time: new Date().toISOString() })}\n`,
    );
    return { stopped, samples: count, seconds: seconds(), fit, model: modelPath, log };
  } finally {
    model.dispose();
  }
}
