import * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertArray,
  assertObject,
  nodeIo,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import {
  createAdamW,
  optimizeStep,
  train,
  warmupCosine,
  type TrainResult,
} from '@freeavatar/expression-encoder';
import { createAvatarPairStream, type AvatarId, type AvatarPairStream } from '@freeavatar/synth';
import { neuralRendererLoss } from './loss.js';
import { createNeuralRenderer, type NeuralRenderer } from './neural-renderer.js';
import { saveNeuralRenderer } from './renderer-file.js';
import { createRendererPool, poolBatchIndices, type RendererPool } from './renderer-pool.js';

/**
 * A training batch of a neural renderer: rig vectors and the avatar's true renders.
 *
 * @example
 * ```ts
 * import { createAvatarPairStream } from '@freeavatar/synth';
 * const stream = createAvatarPairStream({ avatar: 'robot', size: 64 });
 * const batch: RendererBatch = rendererBatch(stream, 0, 8);
 * ```
 */
export interface RendererBatch {
  /** `[n, rigSize]`. */
  readonly rigs: tf.Tensor2D;
  /** `[n, s, s, 3]`, values in 0–1. */
  readonly images: tf.Tensor4D;
}

/**
 * Turns RGB images into one float batch `[n, h, w, 3]` in 0–1. The caller owns it.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `images` is not a non-empty array of images
 *   of one size.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const image: RgbImage; // 64×64
 * const batch = imagesToBatch([image]); // [1, 64, 64, 3]
 * ```
 */
export function imagesToBatch(images: readonly RgbImage[]): tf.Tensor4D {
  assertArray(images, 'images');
  assertArgument(images.length >= 1, 'imagesToBatch needs at least one image');
  images.forEach((image, i) => assertObject(image, `images[${i}]`));
  const { width, height } = images[0];
  const pixels = width * height * 3;
  const values = new Float32Array(images.length * pixels);
  images.forEach((image, i) => {
    assertArgument(
      image.width === width && image.height === height,
      `image ${i} is ${image.width}×${image.height}, expected ${width}×${height}`,
    );
    for (let j = 0; j < pixels; j++) values[i * pixels + j] = image.data[j] / 255;
  });
  return tf.tensor4d(values, [images.length, height, width, 3]);
}

/**
 * Samples `first … first + count − 1` of a pair stream as one batch (renders them).
 *
 * @example
 * ```ts
 * import { createAvatarPairStream } from '@freeavatar/synth';
 * const stream = createAvatarPairStream({ avatar: 'robot', size: 64, seed: 1 });
 * const { rigs, images } = rendererBatch(stream, 0, 16);
 * ```
 */
export function rendererBatch(
  stream: AvatarPairStream,
  first: number,
  count: number,
): RendererBatch {
  assertArgument(
    Number.isInteger(count) && count >= 1,
    `count must be a positive integer, got ${count}`,
  );
  const pairs = Array.from({ length: count }, (_, i) => stream.pairAt(first + i));
  const rigSize = pairs[0].rig.length;
  const rigs = new Float32Array(count * rigSize);
  pairs.forEach((pair, i) => rigs.set(pair.rig, i * rigSize));
  return {
    rigs: tf.tensor2d(rigs, [count, rigSize]),
    images: imagesToBatch(pairs.map((pair) => pair.image)),
  };
}

/**
 * Options of {@link trainNeuralRenderer}.
 *
 * @example
 * ```ts
 * const options: TrainNeuralRendererOptions = {
 *   avatar: 'robot', steps: 2000, outDir: 'runs/robot',
 * };
 * ```
 */
export interface TrainNeuralRendererOptions {
  avatar: AvatarId;
  /** Steps in the whole run (a resumed run stops at the same total). */
  steps: number;
  /** Renders per step (default 16). */
  batchSize?: number;
  /** Seeds the weights and the training expressions (default 0). */
  seed?: number;
  /** Side of the images (default 64). */
  imageSize?: number;
  /** Channels of the generator's 4×4 seed map (default 128). */
  width?: number;
  /** Peak AdamW learning rate, reached after a 5% warm-up, then cosine decay (default 2e-3). */
  learningRate?: number;
  /**
   * Train on a fixed pool instead of fresh renders: a number renders pairs `0 … pool − 1` of
   * the seed's stream once, up front; a {@link RendererPool} (of this avatar and image size) is
   * used as it is. Each step then draws its batch from a seeded shuffle of the pool, epoch
   * after epoch, and costs only the network. Default: no pool, every step renders its batch.
   */
  pool?: number | RendererPool;
  /** Pairs whose mean image starts the renderer's base image when there is no pool (default 256). */
  baseSamples?: number;
  /** Folder for the checkpoint, `log.jsonl` and the final `renderer/model.json` (Node). */
  outDir?: string;
  /** Continue from `outDir`'s checkpoint (default false). */
  resume?: boolean;
  /** Minutes between checkpoints (default 5). */
  checkpointEveryMinutes?: number;
  /** Stops cleanly after the current step, with a checkpoint. */
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

/**
 * What {@link trainNeuralRenderer} returns.
 *
 * @example
 * ```ts
 * declare const options: TrainNeuralRendererOptions;
 * const { renderer, result }: TrainNeuralRendererResult = await trainNeuralRenderer(options);
 * ```
 */
export interface TrainNeuralRendererResult {
  /** The trained renderer; the caller owns it. */
  readonly renderer: NeuralRenderer;
  /** How the run went (steps, stop reason, last loss). */
  readonly result: TrainResult;
  /** Where the final renderer was saved, when `outDir` was given. */
  readonly model?: string;
}

/**
 * Trains a neural renderer on renders of its avatar from `createAvatarPairStream` (sample
 * `step · batchSize + i` of the seed's stream, or with `pool` a seeded shuffle of a fixed pool
 * of pairs, so runs are deterministic and resume exactly), with {@link neuralRendererLoss},
 * AdamW (no weight decay) and the encoder package's generic training loop: progress,
 * `log.jsonl`, checkpoints, resume, abort. The renderer's base image starts as the mean
 * training image (of the pool, or of the stream's first `baseSamples` pairs), so training
 * starts at the mean-image baseline and spends itself on what the rig changes.
 *
 * @throws FreeAvatarError for bad options (unknown avatar, steps, batch size, image size, a
 *   pool of another avatar or size).
 * @example
 * ```ts
 * import { trainNeuralRenderer } from '@freeavatar/animator';
 * const { renderer } = await trainNeuralRenderer({
 *   avatar: 'robot', steps: 2000, batchSize: 16, seed: 1, outDir: 'runs/renderer-robot',
 *   resume: true, onProgress: (e) => console.log(e.done, e.metrics?.loss),
 * });
 * renderer.dispose();
 * ```
 */
export async function trainNeuralRenderer(
  options: TrainNeuralRendererOptions,
): Promise<TrainNeuralRendererResult> {
  assertArgument(
    options !== null && typeof options === 'object',
    'training options must be an object',
  );
  const { steps } = options;
  const batchSize = options.batchSize ?? 16;
  const seed = options.seed ?? 0;
  const peak = options.learningRate ?? 2e-3;
  assertArgument(
    Number.isInteger(steps) && steps >= 1,
    `steps must be a positive integer, got ${steps}`,
  );
  assertArgument(
    Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1024,
    `batchSize must be an integer in 1..1024, got ${batchSize}`,
  );
  const baseSamples = options.baseSamples ?? 256;
  assertArgument(
    Number.isInteger(baseSamples) && baseSamples >= 1,
    `baseSamples must be a positive integer, got ${baseSamples}`,
  );
  const imageSize = options.imageSize ?? 64;
  // Checks the avatar, image size and width before any rendering.
  createNeuralRenderer({
    avatar: options.avatar,
    imageSize,
    width: options.width,
    seed,
  }).dispose();
  const stream = createAvatarPairStream({ avatar: options.avatar, size: imageSize, seed });
  const pool =
    typeof options.pool === 'number'
      ? createRendererPool(stream, options.pool, { onProgress: options.onProgress })
      : options.pool;
  if (pool !== undefined) {
    assertArgument(
      pool.avatar === options.avatar && pool.size === imageSize,
      `the pool holds ${pool.size} px ${pool.avatar} renders, expected ${imageSize} px ${options.avatar}`,
    );
  }
  const base = (pool ?? createRendererPool(stream, baseSamples)).meanImage();
  const renderer = createNeuralRenderer({
    avatar: options.avatar,
    imageSize,
    width: options.width,
    seed,
    base,
  });
  const optimizer = createAdamW({ learningRate: peak, beta2: 0.999, weightDecay: 0 });
  try {
    async function* batches(start: number): AsyncGenerator<RendererBatch> {
      for (let step = start; ; step++) {
        yield pool === undefined
          ? rendererBatch(stream, step * batchSize, batchSize)
          : pool.batch(poolBatchIndices(pool.count, seed, step, batchSize));
      }
    }
    const result = await train<RendererBatch>({
      task: `train:renderer:${options.avatar}`,
      params: renderer.params,
      optimizer,
      data: batches,
      maxSteps: steps,
      seed,
      samples: () => batchSize,
      learningRate: warmupCosine({
        peak,
        warmupSteps: Math.floor(steps * 0.05),
        totalSteps: steps,
        min: peak * 0.05,
      }),
      step: async (batch) => {
        const { loss, gradNorm } = await optimizeStep(renderer.params, optimizer, () =>
          neuralRendererLoss(renderer.render(batch.rigs), batch.images, renderer.boxes),
        );
        return { loss, gradNorm };
      },
      outDir: options.outDir,
      resume: options.resume,
      checkpointEveryMinutes: options.checkpointEveryMinutes,
      signal: options.signal,
      onProgress: options.onProgress,
      metadata: {
        avatar: options.avatar,
        config: renderer.config,
        batchSize,
        pool: pool?.count ?? null,
      },
    });
    let model: string | undefined;
    if (options.outDir !== undefined) {
      const { path } = await nodeIo();
      model = path.join(options.outDir, 'renderer', 'model.json');
      await saveNeuralRenderer(renderer, model);
    }
    return { renderer, result, model };
  } catch (err) {
    renderer.dispose();
    throw err;
  } finally {
    optimizer.dispose();
  }
}
