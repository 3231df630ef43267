import * as tf from '@tensorflow/tfjs';

/**
 * Building blocks of the transformer, written as plain tfjs ops over 2-D tensors. Every product
 * with a weight matrix is a 2-D `matMul` on `[rows, features]`, the fast path on every backend.
 */

/**
 * `x · kernel + bias` with a hand-written gradient: the bias gradient is `1ᵀ · dy`, a 2-D
 * product, instead of the column sum autodiff would emit (a transpose and a reduction on wasm).
 */
const affine = tf.customGrad(
  // customGrad passes the inputs, then `save`.
  ((x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, save: tf.GradSaveFunc) => {
    save([x, kernel]);
    return {
      value: tf.add(tf.matMul(x, kernel), bias),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [input, weights] = saved as [tf.Tensor2D, tf.Tensor2D];
        const ones = tf.ones([1, dy.shape[0]]);
        return [
          tf.matMul(dy, weights, false, true),
          tf.matMul(input, dy, true, false),
          tf.reshape(tf.matMul(ones, dy), [dy.shape[1]]),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0],
) as unknown as (x: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor) => tf.Tensor2D;

/**
 * `x · kernel + bias` on a `[rows, in]` tensor. While gradients are recorded it goes through
 * the hand-written gradient above; otherwise through plain ops (a custom-gradient op costs
 * extra in the forward pass).
 */
export function linear(x: tf.Tensor2D, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  if (bias === undefined) return tf.matMul(x, kernel as tf.Tensor2D);
  if (tf.engine().isTapeOn()) return affine(x, kernel, bias);
  return tf.tidy(() => tf.add<tf.Tensor2D>(tf.matMul(x, kernel as tf.Tensor2D), bias));
}

/** Layer normalisation over the last axis of a `[rows, features]` tensor. */
export function layerNorm(
  x: tf.Tensor2D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon = 1e-6,
): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon)));
  return tf.add(tf.mul(normalised, gamma), beta);
}

/**
 * GELU in its sigmoid form, `x · σ(1.702 x)` (within 0.02 of the exact `x · Φ(x)`). On wasm
 * the sigmoid kernel is about ten times faster than `tanh` or `erf`, which made the activation
 * a large share of inference time.
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702))) as T;
}

/** Divides each row of a `[rows, dim]` tensor by its L2 norm. */
export function l2Normalize(x: tf.Tensor2D, epsilon = 1e-12): tf.Tensor2D {
  const norm = tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), epsilon));
  return tf.div(x, norm);
}
