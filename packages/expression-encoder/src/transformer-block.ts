import * as tf from '@tensorflow/tfjs';
import { gelu, layerNorm, linear } from './layers.js';
import type { Params } from './params.js';

/** Shapes of one pre-norm transformer block's parameters, named under `prefix`. */
export function blockParamShapes(
  prefix: string,
  dim: number,
  mlpRatio: number,
): Record<string, number[]> {
  const hidden = dim * mlpRatio;
  return {
    [`${prefix}/ln1/gamma`]: [dim],
    [`${prefix}/ln1/beta`]: [dim],
    [`${prefix}/attn/qkv/kernel`]: [dim, 3 * dim],
    [`${prefix}/attn/qkv/bias`]: [3 * dim],
    [`${prefix}/attn/proj/kernel`]: [dim, dim],
    [`${prefix}/attn/proj/bias`]: [dim],
    [`${prefix}/ln2/gamma`]: [dim],
    [`${prefix}/ln2/beta`]: [dim],
    [`${prefix}/mlp/fc1/kernel`]: [dim, hidden],
    [`${prefix}/mlp/fc1/bias`]: [hidden],
    [`${prefix}/mlp/fc2/kernel`]: [hidden, dim],
    [`${prefix}/mlp/fc2/bias`]: [dim],
  };
}

/**
 * Multi-head self-attention over `batch` sequences of `tokens` tokens each, given as one
 * `[batch * tokens, dim]` tensor. The projections are single 2-D products; only the two
 * attention products are batched (over `batch * heads`).
 */
export function selfAttention(
  params: Params,
  prefix: string,
  x: tf.Tensor2D,
  batch: number,
  tokens: number,
  heads: number,
): tf.Tensor2D {
  const dim = x.shape[1];
  const headDim = dim / heads;
  // Split the (small) weights rather than the (large) product: three 2-D products.
  const kernels = tf.split(params[`${prefix}/qkv/kernel`], 3, 1);
  const biases = tf.split(params[`${prefix}/qkv/bias`], 3, 0);
  const [q, k, v] = [0, 1, 2].map((i) => linear(x, kernels[i], biases[i]));
  // [batch*tokens, dim] → [batch, heads, tokens, headDim] (k: [batch, heads, headDim, tokens]).
  const split = (t: tf.Tensor, perm: number[]): tf.Tensor3D => {
    const moved = tf.transpose(tf.reshape(t, [batch, tokens, heads, headDim]), perm);
    return tf.reshape(moved, [batch * heads, moved.shape[2] as number, moved.shape[3] as number]);
  };
  const qh = tf.mul(split(q, [0, 2, 1, 3]), 1 / Math.sqrt(headDim)) as tf.Tensor3D;
  const kh = split(k, [0, 2, 3, 1]);
  const vh = split(v, [0, 2, 1, 3]);
  const attention = tf.softmax(tf.matMul(qh, kh), -1);
  const context = tf.matMul(attention, vh); // [batch*heads, tokens, headDim]
  const merged = tf.reshape(
    tf.transpose(tf.reshape(context, [batch, heads, tokens, headDim]), [0, 2, 1, 3]),
    [batch * tokens, dim],
  );
  return linear(
    merged as tf.Tensor2D,
    params[`${prefix}/proj/kernel`],
    params[`${prefix}/proj/bias`],
  );
}

/**
 * One pre-norm transformer block: `x + attn(ln1(x))`, then `x + mlp(ln2(x))`, on a
 * `[batch * tokens, dim]` tensor.
 */
export function transformerBlock(
  params: Params,
  prefix: string,
  x: tf.Tensor2D,
  batch: number,
  tokens: number,
  heads: number,
): tf.Tensor2D {
  const p = (name: string): tf.Variable => params[`${prefix}/${name}`];
  const attended = selfAttention(
    params,
    `${prefix}/attn`,
    layerNorm(x, p('ln1/gamma'), p('ln1/beta')),
    batch,
    tokens,
    heads,
  );
  const h = tf.add<tf.Tensor2D>(x, attended);
  const hidden = gelu(
    linear(layerNorm(h, p('ln2/gamma'), p('ln2/beta')), p('mlp/fc1/kernel'), p('mlp/fc1/bias')),
  );
  return tf.add(h, linear(hidden, p('mlp/fc2/kernel'), p('mlp/fc2/bias')));
}
