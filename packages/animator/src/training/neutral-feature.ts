import * as tf from '@tensorflow/tfjs';
import { assertArgument, describeValue } from '@freeavatar/core';
import type { ExpressionModel } from '@freeavatar/expression-encoder';

/**
 * The mean pooled encoder feature of face crops `[n, s, s, 3]` in 0–1, computed in chunks of
 * `chunk` crops. For resting-face crops this is an animator's `neutralFeature`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an `encoder` that is not an expression model,
 *   or crops not of the encoder's input shape.
 * @example
 * ```ts
 * import { meanFeature } from '@freeavatar/animator';
 * import type { ExpressionModel } from '@freeavatar/expression-encoder';
 * declare const net: AnimatorNetwork;
 * declare const encoder: ExpressionModel;
 * declare const data: SynthAnimatorData;
 * net.neutralFeature = await meanFeature(encoder, data.neutralCrops(64));
 * ```
 */
export async function meanFeature(
  encoder: ExpressionModel,
  crops: tf.Tensor4D,
  chunk = 32,
): Promise<Float32Array> {
  assertArgument(
    encoder !== null &&
      typeof encoder === 'object' &&
      typeof encoder.features === 'function' &&
      encoder.config !== null &&
      typeof encoder.config === 'object',
    `encoder must be an expression model, got ${describeValue(encoder)}`,
  );
  const size = encoder.config.imageSize;
  assertArgument(
    crops instanceof tf.Tensor &&
      crops.rank === 4 &&
      crops.shape[0] >= 1 &&
      crops.shape[1] === size &&
      crops.shape[2] === size &&
      crops.shape[3] === 3,
    `crops must have shape [n ≥ 1, ${size}, ${size}, 3], got ${
      crops instanceof tf.Tensor ? `[${crops.shape}]` : typeof crops
    }`,
  );
  assertArgument(Number.isInteger(chunk) && chunk >= 1, `chunk must be a positive integer`);
  const n = crops.shape[0];
  let sum = tf.zeros([encoder.config.dim]);
  try {
    for (let start = 0; start < n; start += chunk) {
      const next = tf.tidy(() => {
        const part = tf.slice(crops, [start, 0, 0, 0], [Math.min(chunk, n - start), -1, -1, -1]);
        return tf.add(sum, tf.sum(encoder.features(part as tf.Tensor4D), 0));
      });
      sum.dispose();
      sum = next;
    }
    const mean = tf.div(sum, n);
    try {
      return (await mean.data()) as Float32Array;
    } finally {
      mean.dispose();
    }
  } finally {
    sum.dispose();
  }
}
