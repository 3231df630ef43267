import * as tf from '@tensorflow/tfjs';
import { assertArgument } from '@freeavatar/core';
import type { ExpressionModel } from '@freeavatar/expression-encoder';

/**
 * Weights of the animator's loss terms.
 *
 * @example
 * ```ts
 * const weights: AnimatorLossWeights = { ...ANIMATOR_LOSS_WEIGHTS, perceptual: 0 };
 * ```
 */
export interface AnimatorLossWeights {
  /** Rig MSE against the retargeted ground truth. */
  readonly rig: number;
  /**
   * Rig mean absolute error against the retargeted ground truth. Most controls rest at zero on
   * most faces, and the squared error alone pulls them to their mean, a small positive value; the
   * absolute error pulls them to their median (zero), which is what a rig's MAE rewards. Weigh it
   * lightly: beside the MSE ×10, a weight of 1 pulls controls that only a few percent of faces
   * show (a pucker, the jaw or mouth to one side) to zero for good, so they never move.
   */
  readonly rigL1: number;
  /** Image L1 between the neural render of the predicted rig and the true render. */
  readonly image: number;
  /** MSE between the expression embeddings of the actor and of the rendered avatar. */
  readonly perceptual: number;
  /** MSE between the prediction on the mirrored actor and the mirrored rig. */
  readonly symmetry: number;
}

/**
 * The design's loss weights: rig ×10, image ×1, perceptual ×0.2, symmetry ×0.2 (and no rig
 * absolute-error term).
 *
 * @example
 * ```ts
 * import { ANIMATOR_LOSS_WEIGHTS } from '@freeavatar/animator';
 * ANIMATOR_LOSS_WEIGHTS.rig; // 10
 * ```
 */
export const ANIMATOR_LOSS_WEIGHTS: Readonly<AnimatorLossWeights> = Object.freeze({
  rig: 10,
  rigL1: 0,
  image: 1,
  perceptual: 0.2,
  symmetry: 0.2,
});

const LOSS_TERMS = ['rig', 'rigL1', 'image', 'perceptual', 'symmetry'] as const;

function isTensor(value: unknown, rank: number): value is tf.Tensor {
  return value instanceof tf.Tensor && value.rank === rank;
}

function shapeOf(value: unknown): string {
  return value instanceof tf.Tensor ? `[${value.shape}]` : typeof value;
}

function sameShape(a: unknown, b: unknown, rank: number, what: string): void {
  assertArgument(
    isTensor(a, rank),
    `${what}: the prediction must be rank ${rank}, got ${shapeOf(a)}`,
  );
  assertArgument(
    isTensor(b, rank) && tf.util.arraysEqual(a.shape, b.shape),
    `${what}: the target must have the prediction's shape [${a.shape}], got ${shapeOf(b)}`,
  );
}

/**
 * Rig loss: squared error between predicted and target rigs `[n, controls]`, averaged over
 * controls, then over samples weighted by `sampleWeights` `[n]` (default equal), so rare
 * expressions can count more. The caller owns the scalar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for mismatched shapes.
 * @example
 * ```ts
 * declare const net: AnimatorNetwork;
 * declare const features: tf.Tensor2D; // [n, featureSize]
 * declare const truth: tf.Tensor2D; // [n, 12] robot rigs
 * const loss = tf.tidy(() => rigLoss(net.predict(features, 'robot'), truth));
 * ```
 */
export function rigLoss(
  predicted: tf.Tensor2D,
  target: tf.Tensor2D,
  sampleWeights?: tf.Tensor1D,
): tf.Scalar {
  return weightedRigError('rigLoss', predicted, target, sampleWeights, tf.squaredDifference);
}

/**
 * Rig absolute-error loss: like {@link rigLoss} with the absolute difference in place of the
 * squared one, so its minimum is each control's conditional median rather than its mean. With
 * `controlWeights` `[controls]` each control's error is scaled by its weight before the mean over
 * controls (a weight of 0 leaves that control to the squared error alone). The caller owns the
 * scalar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for mismatched shapes.
 * @example
 * ```ts
 * declare const net: AnimatorNetwork;
 * declare const features: tf.Tensor2D; // [n, featureSize]
 * declare const truth: tf.Tensor2D; // [n, 12] robot rigs
 * const loss = tf.tidy(() => rigAbsoluteLoss(net.predict(features, 'robot'), truth));
 * // with three controls, the first left out
 * declare const predicted: tf.Tensor2D; // [n, 3]
 * declare const target: tf.Tensor2D; // [n, 3]
 * const weights = tf.tensor1d([0, 1, 1]);
 * const some = tf.tidy(() => rigAbsoluteLoss(predicted, target, undefined, weights));
 * ```
 */
export function rigAbsoluteLoss(
  predicted: tf.Tensor2D,
  target: tf.Tensor2D,
  sampleWeights?: tf.Tensor1D,
  controlWeights?: tf.Tensor1D,
): tf.Scalar {
  const controls = predicted instanceof tf.Tensor ? predicted.shape[1] : undefined;
  assertArgument(
    controlWeights === undefined ||
      (isTensor(controlWeights, 1) && controlWeights.shape[0] === controls),
    `rigAbsoluteLoss: controlWeights must have shape [${controls}], got ${shapeOf(controlWeights)}`,
  );
  return weightedRigError('rigAbsoluteLoss', predicted, target, sampleWeights, (a, b) =>
    controlWeights === undefined
      ? tf.abs(tf.sub(a, b))
      : tf.mul(tf.abs(tf.sub(a, b)), tf.cast(controlWeights, 'float32')),
  );
}

function weightedRigError(
  what: string,
  predicted: tf.Tensor2D,
  target: tf.Tensor2D,
  sampleWeights: tf.Tensor1D | undefined,
  error: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor,
): tf.Scalar {
  sameShape(predicted, target, 2, what);
  assertArgument(
    sampleWeights === undefined ||
      (isTensor(sampleWeights, 1) && sampleWeights.shape[0] === predicted.shape[0]),
    `${what}: sampleWeights must have shape [${predicted.shape[0]}], got ${shapeOf(sampleWeights)}`,
  );
  return tf.tidy(() => {
    const perSample = tf.mean(error(predicted, tf.cast(target, 'float32') as tf.Tensor2D), 1);
    if (sampleWeights === undefined) return tf.mean(perSample) as tf.Scalar;
    const w = tf.cast(sampleWeights, 'float32');
    return tf.div(tf.sum(tf.mul(perSample, w)), tf.maximum(tf.sum(w), 1e-8)) as tf.Scalar;
  });
}

/**
 * Image loss: mean absolute error between two image batches `[n, s, s, 3]` in 0–1. The caller
 * owns the scalar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for mismatched shapes.
 * @example
 * ```ts
 * declare const renderer: NeuralRenderer;
 * declare const rigs: tf.Tensor2D; // [n, rigSize]
 * declare const trueRenders: tf.Tensor4D; // [n, 64, 64, 3]
 * const loss = tf.tidy(() => imageLoss(renderer.render(rigs), trueRenders));
 * ```
 */
export function imageLoss(predicted: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  sameShape(predicted, target, 4, 'imageLoss');
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(predicted, tf.cast(target, 'float32')))) as tf.Scalar);
}

/**
 * Expression perceptual loss: mean squared error between the actor's expression embeddings and
 * the rendered avatar's, both `[n, d]`. The caller owns the scalar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for mismatched shapes.
 * @example
 * ```ts
 * import type { ExpressionModel } from '@freeavatar/expression-encoder';
 * declare const model: ExpressionModel;
 * declare const crops: tf.Tensor4D; // actor crops [n, 64, 64, 3]
 * declare const rendered: tf.Tensor4D; // the avatar's renders [n, 64, 64, 3]
 * const loss = tf.tidy(() =>
 *   perceptualLoss(embedImages(model, crops), embedImages(model, rendered)),
 * );
 * ```
 */
export function perceptualLoss(actor: tf.Tensor2D, rendered: tf.Tensor2D): tf.Scalar {
  sameShape(rendered, actor, 2, 'perceptualLoss');
  return tf.tidy(() => tf.mean(tf.squaredDifference(rendered, actor)) as tf.Scalar);
}

/**
 * Symmetry loss: mean squared error between the prediction on the mirrored actor and the
 * mirrored rig, `target` gathered by `permutation` (see `mirrorPermutation`). Pass the
 * ground-truth rig as `target`, or, where there is none, the prediction on the unmirrored actor.
 * The caller owns the scalar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for mismatched shapes or permutation.
 * @example
 * ```ts
 * declare const net: AnimatorNetwork;
 * declare const controls: string[]; // the toon's control names
 * declare const mirroredFeatures: tf.Tensor2D; // features of the mirrored actor crops
 * declare const truth: tf.Tensor2D; // the toon rigs of the unmirrored actors
 * const perm = mirrorPermutation(controls);
 * const loss = tf.tidy(() => symmetryLoss(net.predict(mirroredFeatures, 'toon'), truth, perm));
 * ```
 */
export function symmetryLoss(
  predictedOnMirrored: tf.Tensor2D,
  target: tf.Tensor2D,
  permutation: Int32Array,
): tf.Scalar {
  sameShape(predictedOnMirrored, target, 2, 'symmetryLoss');
  assertArgument(
    permutation instanceof Int32Array &&
      permutation.length === target.shape[1] &&
      permutation.every((j) => j >= 0 && j < permutation.length),
    `symmetryLoss: permutation must be an Int32Array of ${target.shape[1]} indices in 0..${
      target.shape[1] - 1
    }`,
  );
  return tf.tidy(() => {
    const mirrored = tf.gather(tf.cast(target, 'float32'), tf.tensor1d(permutation, 'int32'), 1);
    return tf.mean(tf.squaredDifference(predictedOnMirrored, mirrored)) as tf.Scalar;
  });
}

/**
 * Expression embeddings `[n, d]` of images `[n, h, w, 3]` in 0–1 through a (frozen) expression
 * model, resizing them bilinearly to the model's input size first when they differ.
 * Differentiable with respect to the images; the caller owns the result.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a tensor that is not `[n, h, w, 3]`.
 * @example
 * ```ts
 * import type { ExpressionModel } from '@freeavatar/expression-encoder';
 * declare const model: ExpressionModel;
 * declare const renderer: NeuralRenderer;
 * declare const rigs: tf.Tensor2D; // [n, rigSize]
 * const e = tf.tidy(() => embedImages(model, renderer.render(rigs))); // [n, 16]
 * ```
 */
export function embedImages(model: ExpressionModel, images: tf.Tensor4D): tf.Tensor2D {
  assertArgument(
    isTensor(images, 4) && images.shape[3] === 3,
    `embedImages needs images of shape [n, h, w, 3], got ${shapeOf(images)}`,
  );
  const size = model.config.imageSize;
  return tf.tidy(() => {
    const input =
      images.shape[1] === size && images.shape[2] === size
        ? images
        : tf.image.resizeBilinear(images, [size, size], false, true);
    return model.embed(input);
  });
}

/**
 * What {@link animatorLoss} combines; a term is computed when its inputs are all given and its
 * weight is above zero.
 *
 * @example
 * ```ts
 * declare const predicted: tf.Tensor2D; // the network's rigs [n, controls]
 * declare const truth: tf.Tensor2D; // the true rigs [n, controls]
 * const inputs: AnimatorLossInputs = { predicted, target: truth };
 * ```
 */
export interface AnimatorLossInputs {
  /** The network's rigs `[n, controls]` for the actor features. */
  readonly predicted: tf.Tensor2D;
  /** Ground-truth rigs `[n, controls]` (rig and symmetry terms). */
  readonly target?: tf.Tensor2D;
  /** Per-sample weights `[n]` of the rig term. */
  readonly sampleWeights?: tf.Tensor1D;
  /** Per-control weights `[controls]` of the rig absolute-error term (default all 1). */
  readonly rigL1ControlWeights?: tf.Tensor1D;
  /** The frozen neural renderer's images of `predicted` `[n, s, s, 3]` (image term). */
  readonly rendered?: tf.Tensor4D;
  /** The avatar's true renders `[n, s, s, 3]` (image term). */
  readonly targetImages?: tf.Tensor4D;
  /** Embeddings of the actor crops `[n, d]` (perceptual term). */
  readonly actorEmbeddings?: tf.Tensor2D;
  /** Embeddings of `rendered` `[n, d]` (perceptual term). */
  readonly renderedEmbeddings?: tf.Tensor2D;
  /** The network's rigs for the mirrored actor features (symmetry term). */
  readonly predictedMirrored?: tf.Tensor2D;
  /** The rig's mirror permutation (symmetry term). */
  readonly permutation?: Int32Array;
}

/**
 * The animator's loss terms, unweighted, by name (only the terms that were computed).
 *
 * @example
 * ```ts
 * const parts: AnimatorLossParts = { rig: tf.scalar(0.01) };
 * ```
 */
export type AnimatorLossParts = Partial<Record<keyof AnimatorLossWeights, tf.Scalar>>;

/**
 * The animator's training loss: the weighted sum of {@link rigLoss}, {@link rigAbsoluteLoss},
 * {@link imageLoss},
 * {@link perceptualLoss} and {@link symmetryLoss} (weights default to
 * {@link ANIMATOR_LOSS_WEIGHTS}; a term with weight 0 or missing inputs is left out), and the
 * unweighted terms. The caller owns `total` and every part.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a negative or non-finite weight, mismatched
 *   shapes, or when no term can be computed.
 * @example
 * ```ts
 * import { animatorLoss } from '@freeavatar/animator';
 * declare const predicted: tf.Tensor2D; // the network's rigs [n, controls]
 * declare const target: tf.Tensor2D; // the true rigs [n, controls]
 * declare const rendered: tf.Tensor4D; // the neural renderer's images of predicted
 * declare const targetImages: tf.Tensor4D; // the true renders
 * const { total, parts } = animatorLoss({ predicted, target, rendered, targetImages });
 * console.log(total.dataSync()[0], parts.rig?.dataSync()[0]);
 * tf.dispose([total, ...Object.values(parts)]);
 * ```
 */
export function animatorLoss(
  inputs: AnimatorLossInputs,
  weights: Partial<AnimatorLossWeights> = {},
): { total: tf.Scalar; parts: AnimatorLossParts } {
  assertArgument(inputs !== null && typeof inputs === 'object', 'animatorLoss needs inputs');
  const w = { ...ANIMATOR_LOSS_WEIGHTS, ...weights };
  for (const term of LOSS_TERMS) {
    assertArgument(
      Number.isFinite(w[term]) && w[term] >= 0,
      `the ${term} loss weight must be a finite number ≥ 0, got ${w[term]}`,
    );
  }
  const { predicted, target } = inputs;
  const parts: AnimatorLossParts = {};
  try {
    if (w.rig > 0 && target !== undefined) {
      parts.rig = rigLoss(predicted, target, inputs.sampleWeights);
    }
    if (w.rigL1 > 0 && target !== undefined) {
      parts.rigL1 = rigAbsoluteLoss(
        predicted,
        target,
        inputs.sampleWeights,
        inputs.rigL1ControlWeights,
      );
    }
    if (w.image > 0 && inputs.rendered !== undefined && inputs.targetImages !== undefined) {
      parts.image = imageLoss(inputs.rendered, inputs.targetImages);
    }
    if (
      w.perceptual > 0 &&
      inputs.actorEmbeddings !== undefined &&
      inputs.renderedEmbeddings !== undefined
    ) {
      parts.perceptual = perceptualLoss(inputs.actorEmbeddings, inputs.renderedEmbeddings);
    }
    if (
      w.symmetry > 0 &&
      inputs.predictedMirrored !== undefined &&
      inputs.permutation !== undefined
    ) {
      parts.symmetry = symmetryLoss(
        inputs.predictedMirrored,
        target ?? predicted,
        inputs.permutation,
      );
    }
    const names = LOSS_TERMS.filter((t) => parts[t] !== undefined);
    assertArgument(names.length > 0, 'animatorLoss: no term has both its inputs and a weight > 0');
    const total = tf.tidy(() =>
      names.map((t) => tf.mul(parts[t] as tf.Scalar, w[t])).reduce((a, b) => tf.add(a, b)),
    ) as tf.Scalar;
    return { total, parts };
  } catch (err) {
    tf.dispose(Object.values(parts));
    throw err;
  }
}
