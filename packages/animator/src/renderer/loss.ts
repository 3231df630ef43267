import * as tf from '@tensorflow/tfjs';
import { assertArgument } from '@freeavatar/core';
import { assertCropBox, type CropBox, type CropBoxes } from './crop-boxes.js';

/** Weight of each crop's L1 term in {@link neuralRendererLoss} by default. */
export const CROP_LOSS_WEIGHT = 10;

function cropL1(predicted: tf.Tensor4D, target: tf.Tensor4D, box: CropBox): tf.Scalar {
  const begin = [0, box.top, box.left, 0];
  const size = [-1, box.height, box.width, 3];
  return tf.mean(tf.abs(tf.sub(tf.slice(predicted, begin, size), tf.slice(target, begin, size))));
}

/**
 * The neural renderer's training loss: the mean absolute error over the whole image plus
 * `cropWeight` (default 10) times the mean absolute error inside the eye box and inside the
 * mouth box, so the small regions that carry the expression weigh as much as they matter.
 * Both batches are `[n, s, s, 3]` with values in 0–1. The caller owns the returned scalar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for batches of different shapes or boxes outside
 *   the image.
 * @example
 * ```ts
 * import { avatarCropBoxes, neuralRendererLoss } from '@freeavatar/animator';
 * declare const renderer: NeuralRenderer;
 * declare const rigs: tf.Tensor2D; // [n, rigSize]
 * declare const truth: tf.Tensor4D; // [n, 64, 64, 3], the true renders
 * const boxes = avatarCropBoxes('robot', 64);
 * const loss = tf.tidy(() => neuralRendererLoss(renderer.render(rigs), truth, boxes));
 * ```
 */
export function neuralRendererLoss(
  predicted: tf.Tensor4D,
  target: tf.Tensor4D,
  boxes: CropBoxes,
  cropWeight = CROP_LOSS_WEIGHT,
): tf.Scalar {
  assertArgument(
    predicted instanceof tf.Tensor && target instanceof tf.Tensor,
    'neuralRendererLoss needs two image tensors',
  );
  assertArgument(
    predicted.rank === 4 && predicted.shape[3] === 3 && predicted.shape[1] === predicted.shape[2],
    `predicted images must have shape [n, s, s, 3], got [${predicted.shape}]`,
  );
  assertArgument(
    tf.util.arraysEqual(predicted.shape, target.shape),
    `target images must have the predicted shape [${predicted.shape}], got [${target.shape}]`,
  );
  assertArgument(
    Number.isFinite(cropWeight) && cropWeight >= 0,
    `cropWeight must be a finite number ≥ 0, got ${cropWeight}`,
  );
  const size = predicted.shape[1];
  assertCropBox(boxes?.eyes, size, 'eyes');
  assertCropBox(boxes?.mouth, size, 'mouth');
  return tf.tidy(() => {
    const whole = tf.mean(tf.abs(tf.sub(predicted, target)));
    const crops = tf.add(
      cropL1(predicted, target, boxes.eyes),
      cropL1(predicted, target, boxes.mouth),
    );
    return tf.add(whole, tf.mul(crops, cropWeight)) as tf.Scalar;
  });
}
