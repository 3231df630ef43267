import type * as tf from '@tensorflow/tfjs';
import { assertArgument, nodeIo, type ProgressCallback } from '@freeavatar/core';
import {
  createAdamW,
  train,
  type ExpressionModel,
  type Params,
  type TrainResult,
} from '@freeavatar/expression-encoder';
import { AVATARS } from '@freeavatar/synth';
import { createAnimatorNetwork, type AnimatorNetwork } from '../network/animator-network.js';
import type { AnimatorAvatarSpec, AnimatorNetworkConfig } from '../network/network-config.js';
import { saveAnimatorNetwork } from '../network/network-file.js';
import type { NeuralRenderer } from '../renderer/neural-renderer.js';
import type { AnimatorBatch } from './animator-batch.js';
import { ANIMATOR_LOSS_WEIGHTS, type AnimatorLossWeights } from './animator-loss.js';
import { animatorTrainingStep } from './animator-step.js';
import { cosineRestarts } from './cosine-restarts.js';
import { meanFeature } from './neutral-feature.js';

/**
 * The peak learning rate of {@link trainAnimator} by default. The design's 1e-5 suits long GPU
 * runs from a pretrained encoder; short CPU runs of a freshly initialised network need more. In
 * an 80-step comparison (Adam β₁ 0, β₂ 0.99, synth batches of 8 actors per avatar, rig and
 * symmetry terms) 1e-3 brought the rig MSE down fastest, 1e-4 was about three times slower
 * over the first ten steps, and 3e-3 ended noisier.
 *
 * @example
 * ```ts
 * import { ANIMATOR_LEARNING_RATE } from '@freeavatar/animator';
 * console.log(ANIMATOR_LEARNING_RATE); // 0.001
 * ```
 */
export const ANIMATOR_LEARNING_RATE = 1e-3;

/**
 * Options of {@link trainAnimator}.
 *
 * @example
 * ```ts
 * import type { ExpressionModel } from '@freeavatar/expression-encoder';
 * declare const encoder: ExpressionModel;
 * declare const renderers: Record<string, NeuralRenderer>;
 * declare const data: (startStep: number) => AsyncIterable<AnimatorBatch>;
 * const options: TrainAnimatorOptions = {
 *   encoder, renderers, data, steps: 2000, outDir: 'runs/animator',
 * };
 * ```
 */
export interface TrainAnimatorOptions {
  /** The frozen encoder (its pooled feature is the network's input); the caller owns it. */
  encoder: ExpressionModel;
  /** Frozen neural renderers by avatar id; the caller owns them. */
  renderers: Readonly<Record<string, NeuralRenderer>>;
  /**
   * A network to train further (e.g. one with a newly added avatar); it is trained in place and
   * returned. Default: a new one for `avatars`.
   */
  network?: AnimatorNetwork;
  /**
   * The avatars of a new network (default: one per renderer, with its synth avatar's controls).
   */
  avatars?: readonly AnimatorAvatarSpec[];
  /** Sizes of a new network (defaults: the design's; `featureSize` is the encoder's). */
  networkConfig?: Partial<
    Pick<AnimatorNetworkConfig, 'identitySize' | 'width' | 'blocks' | 'dropout'>
  >;
  /** `'all'` (default) or one avatar: then only its identity row and head train. */
  trainOnly?: 'all' | { readonly avatar: string };
  /** Batches from a start step on (resumed runs start there). */
  data: (startStep: number) => AsyncIterable<AnimatorBatch>;
  /** Resting-face crops at the encoder's size; their mean feature becomes `neutralFeature`. */
  neutralCrops?: () => tf.Tensor4D | Promise<tf.Tensor4D>;
  /** Steps in the whole run (a resumed run stops at the same total). */
  steps: number;
  /** Seeds a new network's weights and the dropout masks (default 0). */
  seed?: number;
  /** Peak learning rate of every cosine cycle (default {@link ANIMATOR_LEARNING_RATE}). */
  learningRate?: number;
  /** Cosine cycles (default 2: one warm restart). */
  cycles?: number;
  /** Loss weights (default {@link ANIMATOR_LOSS_WEIGHTS}). */
  lossWeights?: Partial<AnimatorLossWeights>;
  /**
   * Per avatar, a weight per control of the rig absolute-error term (default 1 each), for
   * instance {@link rigL1ControlWeights} of the data's control shares.
   */
  rigL1Controls?: Readonly<Record<string, ArrayLike<number>>>;
  /** Rescale gradients whose global norm exceeds this (default 5). */
  clipNorm?: number;
  /** Folder for the checkpoint, `log.jsonl` and the final `animator/model.json` (Node). */
  outDir?: string;
  /** Continue from `outDir`'s checkpoint (default false). */
  resume?: boolean;
  /** Minutes between checkpoints (default 5). */
  checkpointEveryMinutes?: number;
  /** Stops cleanly after the current step, with a checkpoint. */
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Samples in a batch, for throughput (default: crops over all parts). */
  samples?: (batch: AnimatorBatch) => number;
}

/**
 * What {@link trainAnimator} returns.
 *
 * @example
 * ```ts
 * declare const options: TrainAnimatorOptions;
 * const { network, result, model }: TrainAnimatorResult = await trainAnimator(options);
 * ```
 */
export interface TrainAnimatorResult {
  /** The trained network (the one passed in, or a new one the caller now owns). */
  readonly network: AnimatorNetwork;
  readonly result: TrainResult;
  /** Where the final network was saved, when `outDir` was given. */
  readonly model?: string;
}

function defaultAvatars(renderers: Readonly<Record<string, NeuralRenderer>>): AnimatorAvatarSpec[] {
  const ids = Object.keys(renderers);
  assertArgument(ids.length > 0, 'renderers must hold at least one neural renderer');
  return ids.map((id) => ({
    id,
    controls: AVATARS[renderers[id].avatar].rig.map((c) => c.name),
  }));
}

function trainedParams(
  network: AnimatorNetwork,
  trainOnly: TrainAnimatorOptions['trainOnly'],
): Params {
  if (trainOnly === undefined || trainOnly === 'all') return network.params;
  assertArgument(
    trainOnly !== null && typeof trainOnly === 'object' && typeof trainOnly.avatar === 'string',
    `trainOnly must be 'all' or { avatar: id }, got ${JSON.stringify(trainOnly)}`,
  );
  const names = network.avatarParamNames(trainOnly.avatar);
  return Object.fromEntries(names.map((n) => [n, network.params[n]]));
}

/**
 * Trains the multi-avatar animator network on frozen encoder features with
 * {@link animatorLoss} (rig ×10, image ×1 through each avatar's frozen neural renderer, expression
 * perceptual ×0.2, symmetry ×0.2), Adam with β₁ 0, β₂ 0.99 and no weight decay, cosine warm
 * restarts, gradient clipping, and the encoder package's generic loop: progress, `log.jsonl`,
 * checkpoints, resume, abort, seed. With `trainOnly: { avatar }` only that avatar's identity row
 * and head change (how a new avatar joins a trained network). At the end the mean encoder feature
 * of `neutralCrops` becomes the network's `neutralFeature`, and with `outDir` the network is
 * saved to `outDir/animator/model.json`.
 *
 * @throws FreeAvatarError for bad options (steps, rates, unknown avatar in `trainOnly`, a
 *   renderer whose rig does not match) or a bad batch.
 * @example
 * ```ts
 * import {
 *   createSynthAnimatorData, loadNeuralRenderer, trainAnimator,
 * } from '@freeavatar/animator';
 * import { loadExpressionModel } from '@freeavatar/expression-encoder';
 * const { model: encoder } = await loadExpressionModel('models/encoder/model.json');
 * const renderers = { robot: await loadNeuralRenderer('runs/renderer-robot/renderer/model.json') };
 * const data = createSynthAnimatorData({ avatars: ['robot'], batchSize: 16, seed: 1 });
 * const { network } = await trainAnimator({
 *   encoder, renderers, steps: 2000, seed: 1, outDir: 'runs/animator', resume: true,
 *   data: (start) => data.batches(start), neutralCrops: () => data.neutralCrops(64),
 * });
 * network.dispose();
 * ```
 */
export async function trainAnimator(options: TrainAnimatorOptions): Promise<TrainAnimatorResult> {
  assertArgument(
    options !== null && typeof options === 'object',
    'training options must be an object',
  );
  const { steps, encoder, renderers } = options;
  const seed = options.seed ?? 0;
  const peak = options.learningRate ?? ANIMATOR_LEARNING_RATE;
  assertArgument(
    Number.isInteger(steps) && steps >= 1,
    `steps must be a positive integer, got ${steps}`,
  );
  assertArgument(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
    `seed must be an integer in 0..4294967295, got ${seed}`,
  );
  assertArgument(
    typeof options.data === 'function',
    'data must be a function (startStep) => batches',
  );
  assertArgument(
    renderers !== null && typeof renderers === 'object',
    'renderers must be an object of neural renderers by avatar id',
  );
  const weights = { ...ANIMATOR_LOSS_WEIGHTS, ...(options.lossWeights ?? {}) };
  const schedule = cosineRestarts({
    peak,
    totalSteps: steps,
    cycles: Math.min(options.cycles ?? 2, steps),
    warmupSteps: Math.floor(steps * 0.02),
  });
  const owned = options.network === undefined;
  const network =
    options.network ??
    createAnimatorNetwork(
      {
        ...(options.networkConfig ?? {}),
        featureSize: encoder.config.dim,
        avatars: options.avatars ?? defaultAvatars(renderers),
      },
      { seed },
    );
  const optimizer = createAdamW({ learningRate: peak, beta1: 0, beta2: 0.99, weightDecay: 0 });
  try {
    assertArgument(
      network.config.featureSize === encoder.config.dim,
      `the network takes ${network.config.featureSize}-d features, the encoder gives ${encoder.config.dim}`,
    );
    const params = trainedParams(network, options.trainOnly);
    const only =
      options.trainOnly === undefined || options.trainOnly === 'all'
        ? undefined
        : options.trainOnly.avatar;
    if (weights.image > 0 || weights.perceptual > 0) {
      for (const spec of network.avatars()) {
        if (only !== undefined && spec.id !== only) continue;
        const renderer = renderers[spec.id];
        assertArgument(
          renderer !== undefined,
          `no neural renderer for avatar ${spec.id}: the image and perceptual terms need one (or set their weights to 0)`,
        );
        assertArgument(
          renderer.config.rigSize === spec.controls.length,
          `the ${spec.id} renderer takes ${renderer.config.rigSize} controls, the network predicts ${spec.controls.length}`,
        );
      }
    }
    const result = await train<AnimatorBatch>({
      task: only === undefined ? 'train:animator' : `train:animator:${only}`,
      params: network.params,
      optimizer,
      data: options.data,
      maxSteps: steps,
      seed,
      samples: options.samples ?? ((b) => b.avatars.reduce((s, p) => s + p.crops.shape[0], 0)),
      learningRate: schedule,
      step: animatorTrainingStep({
        network,
        encoder,
        renderers,
        optimizer,
        params,
        weights,
        only,
        clipNorm: options.clipNorm ?? 5,
        rigL1Controls: options.rigL1Controls,
      }),
      outDir: options.outDir,
      resume: options.resume,
      checkpointEveryMinutes: options.checkpointEveryMinutes,
      signal: options.signal,
      onProgress: options.onProgress,
      metadata: { network: network.config, trainOnly: only ?? 'all', weights, peak },
    });
    if (options.neutralCrops !== undefined) {
      const crops = await options.neutralCrops();
      try {
        network.neutralFeature = await meanFeature(encoder, crops);
      } finally {
        crops.dispose();
      }
    }
    let model: string | undefined;
    if (options.outDir !== undefined) {
      const { path } = await nodeIo();
      model = path.join(options.outDir, 'animator', 'model.json');
      await saveAnimatorNetwork(network, model);
    }
    return { network, result, model };
  } catch (err) {
    if (owned) network.dispose();
    throw err;
  } finally {
    optimizer.dispose();
  }
}
