import * as tf from '@tensorflow/tfjs';
import { assertArgument } from '@freeavatar/core';
import { augmentImages } from './augment.js';
import { resolveAugmentOptions, type AugmentOptions } from './augment-options.js';
import { assertExpressionModel, type ExpressionModel } from './expression-model.js';
import { assertMaskedAutoencoder, type MaskedAutoencoder } from './mae.js';
import type { ParamOptimizer } from './optimizer.js';
import type { StepFunction } from './trainer.js';
import { optimizeStep } from './train-step.js';
import {
  TRIPLET_MARGINS,
  tripletLoss,
  tripletMargins,
  type TripletDistance,
  type TripletType,
} from './triplet-loss.js';

/** Options of {@link maeTrainingStep}. */
export interface MaeStepOptions {
  /** Augment the images first (default: off; MAE needs little, e.g. `{ affine: {}, ... }`). */
  augment?: AugmentOptions | false;
  /** Clip the global gradient norm (default: none). */
  clipNorm?: number;
}

/**
 * A {@link StepFunction} for MAE pretraining on batches of images `[n, s, s, 3]` in 0–1: draws
 * the masks (and augmentation) from the step's generator, then takes one optimizer step.
 *
 * @example
 * ```ts
 * declare const mae: MaskedAutoencoder;
 * declare const data: BatchSource<tf.Tensor4D>;
 * const optimizer = createAdamW();
 * const step = maeTrainingStep(mae, optimizer);
 * await train({
 *   task: 'train:mae', step, params: mae.params, optimizer, data, maxSteps: 5000, seed: 1,
 * });
 * ```
 */
export function maeTrainingStep(
  mae: MaskedAutoencoder,
  optimizer: ParamOptimizer,
  options: MaeStepOptions = {},
): StepFunction<tf.Tensor4D> {
  assertMaskedAutoencoder(mae, 'mae');
  const augment = options.augment ? resolveAugmentOptions(options.augment) : undefined;
  return async (images, { rng }) => {
    const maskRng = rng.fork('mask');
    const input = augment ? augmentImages(images, rng.fork('augment'), augment) : images;
    try {
      const { loss, gradNorm } = await optimizeStep(
        mae.params,
        optimizer,
        () => mae.loss(input, maskRng),
        { clipNorm: options.clipNorm },
      );
      return { loss, gradNorm };
    } finally {
      if (input !== images) input.dispose();
    }
  };
}

/** A batch of triplets: three image batches `[n, s, s, 3]` in 0–1 and each triplet's type. */
export interface TripletBatch {
  /** Anchor images. */
  readonly anchor: tf.Tensor4D;
  /** The image annotated as most similar to the anchor. */
  readonly positive: tf.Tensor4D;
  /** The odd one out. */
  readonly negative: tf.Tensor4D;
  /** Each triplet's type; it picks the margin. */
  readonly types: readonly TripletType[];
}

/** Options of {@link tripletTrainingStep}. */
export interface TripletStepOptions {
  /** Augmentation (default: the full in-the-wild recipe; `false` to turn it off). */
  augment?: AugmentOptions | false;
  /** Margins by triplet type (default {@link TRIPLET_MARGINS}: 0.1 / 0.2 / 0.2). */
  margins?: Readonly<Record<TripletType, number>>;
  /** Distance in the loss (default `'euclidean'`). */
  distance?: TripletDistance;
  /** Clip the global gradient norm (default: none). */
  clipNorm?: number;
  /**
   * Names of the parameters to train (default: all of `model.params`); e.g. only the head
   * for a linear-probe warm-up.
   */
  trainable?: readonly string[];
}

/**
 * A {@link StepFunction} for stage 2: augments the 3n images (each its own draw), embeds them in
 * one forward pass, and minimises the symmetric triplet loss with per-type margins.
 *
 * @example
 * ```ts
 * declare const model: ExpressionModel;
 * const optimizer = createSgd(); // lr 0.002, momentum 0.9, weight decay 5e-5
 * const step = tripletTrainingStep(model, optimizer);
 * ```
 */
export function tripletTrainingStep(
  model: ExpressionModel,
  optimizer: ParamOptimizer,
  options: TripletStepOptions = {},
): StepFunction<TripletBatch> {
  assertExpressionModel(model, 'model');
  const augment =
    options.augment === false ? undefined : resolveAugmentOptions(options.augment ?? {});
  const margins = options.margins ?? TRIPLET_MARGINS;
  const trainable = options.trainable ?? Object.keys(model.params);
  for (const name of trainable) {
    assertArgument(name in model.params, `trainable names an unknown parameter "${name}"`);
  }
  const params = Object.fromEntries(trainable.map((name) => [name, model.params[name]]));
  return async (batch, { rng }) => {
    const n = batch.anchor.shape[0];
    assertArgument(
      batch.positive.shape[0] === n && batch.negative.shape[0] === n && batch.types.length === n,
      `a triplet batch needs n anchors, positives, negatives and types, got ${n}, ${batch.positive.shape[0]}, ${batch.negative.shape[0]}, ${batch.types.length}`,
    );
    const m = tripletMargins(batch.types, margins);
    const all = tf.concat([batch.anchor, batch.positive, batch.negative], 0);
    const input = augment ? augmentImages(all, rng.fork('augment'), augment) : all;
    try {
      const { loss, gradNorm } = await optimizeStep(
        params,
        optimizer,
        () =>
          tf.tidy(() => {
            const e = model.embed(input);
            const [a, p, ng] = tf.split(e, 3, 0) as tf.Tensor2D[];
            return tripletLoss(a, p, ng, m, options.distance);
          }),
        { clipNorm: options.clipNorm },
      );
      return { loss, gradNorm };
    } finally {
      if (input !== all) input.dispose();
      all.dispose();
    }
  };
}
