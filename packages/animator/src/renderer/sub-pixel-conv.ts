import * as tf from '@tensorflow/tfjs';
import { assertArgument } from '@freeavatar/core';

/**
 * A 3×3, stride-1, `'same'` convolution whose gradients are themselves forward convolutions:
 * the input gradient convolves `dy` with the flipped, transposed filter, and the filter gradient
 * convolves the padded input (channels as the batch) with `dy` (the batch as channels). On the
 * wasm backend this keeps the whole backward pass on the fast `Conv2D` kernel instead of the
 * much slower `Conv2DBackpropInput`. The values equal `tf.conv2d(x, filter, 1, 'same')`, and so
 * do the gradients.
 */
const conv3x3Op = tf.customGrad((...args: unknown[]) => {
  const [x, filter, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x, filter]);
  return {
    value: tf.conv2d(x, filter, 1, 'same'),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const grad = dy as tf.Tensor4D;
      const [input, w] = saved as [tf.Tensor4D, tf.Tensor4D];
      const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      const dx = tf.conv2d(grad, flipped, 1, 'same');
      const padded = tf.pad(input, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]);
      // [inC, h+2, w+2, n] ⊛ [h, w, n, outC] → [inC, 3, 3, outC] → [3, 3, inC, outC].
      const byChannel = tf.conv2d(
        tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D,
        tf.transpose(grad, [1, 2, 0, 3]) as tf.Tensor4D,
        1,
        'valid',
      );
      return [dx, tf.transpose(byChannel, [1, 2, 0, 3])];
    },
  };
});

/**
 * A 3×3 `'same'` convolution of NHWC `x` (`[n, h, w, inC]`) with `filter` (`[3, 3, inC, outC]`),
 * differentiable in both, with gradients computed by forward convolutions (fast on wasm). Call it
 * inside `tf.tidy` or a gradient function.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a filter that is not 3×3 or does not match `x`.
 * @example
 * ```ts
 * const y = conv3x3(tf.ones([1, 8, 8, 4]), tf.ones([3, 3, 4, 2])); // [1, 8, 8, 2]
 * ```
 */
export function conv3x3(x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  assertArgument(
    filter.rank === 4 &&
      filter.shape[0] === 3 &&
      filter.shape[1] === 3 &&
      x.rank === 4 &&
      filter.shape[2] === x.shape[3],
    `conv3x3 needs a [3, 3, ${x.shape[3]}, outC] filter for input [${x.shape}], got [${filter.shape}]`,
  );
  return conv3x3Op(x, filter) as tf.Tensor4D;
}

/**
 * Rearranges `[n, h, w, 4c]` into `[n, 2h, 2w, c]`: each pixel's four channel groups become
 * a 2×2 block (the sub-pixel, or pixel-shuffle, upsampling). Built from reshape and transpose,
 * so it is differentiable on every backend.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when the channels are not a multiple of 4.
 * @example
 * ```ts
 * pixelShuffle(tf.zeros([2, 4, 4, 64])).shape; // [2, 8, 8, 16]
 * ```
 */
export function pixelShuffle(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c4] = x.shape;
  assertArgument(
    c4 % 4 === 0,
    `pixelShuffle needs channels divisible by 4, got shape [${x.shape}]`,
  );
  const c = c4 / 4;
  return tf.tidy(() => {
    const blocks = tf.reshape(x, [n, h, w, 2, 2, c]);
    return tf.reshape(tf.transpose(blocks, [0, 1, 3, 2, 4, 5]), [n, 2 * h, 2 * w, c]);
  });
}
