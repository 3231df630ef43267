// A small Vision Transformer written with plain tfjs ops, used to time one training step.
import * as tf from '@tensorflow/tfjs';

/** Creates the trainable variables of a ViT for `config`. */
export function createVit(config) {
  const { image, patch, dim, depth, classes, mlpRatio = 4 } = config;
  const tokens = (image / patch) ** 2;
  const init = (shape, scale) => tf.variable(tf.randomNormal(shape, 0, scale, 'float32', 1));
  const zeros = (shape) => tf.variable(tf.zeros(shape));
  const ones = (shape) => tf.variable(tf.ones(shape));
  const params = {
    patchKernel: init([patch, patch, 3, dim], 0.02),
    patchBias: zeros([dim]),
    position: init([1, tokens, dim], 0.02),
    head: init([dim, classes], 0.02),
    blocks: [],
  };
  for (let i = 0; i < depth; i++) {
    params.blocks.push({
      ln1Gamma: ones([dim]),
      ln1Beta: zeros([dim]),
      qkv: init([dim, 3 * dim], 0.02),
      proj: init([dim, dim], 0.02),
      ln2Gamma: ones([dim]),
      ln2Beta: zeros([dim]),
      mlp1: init([dim, mlpRatio * dim], 0.02),
      mlp2: init([mlpRatio * dim, dim], 0.02),
    });
  }
  return params;
}

function layerNorm(x, gamma, beta) {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(gamma).add(beta);
}

/** Mean cross-entropy of the ViT on images `x` `[b, h, w, 3]` with one-hot `labels`. */
export function vitLoss(params, config, x, labels) {
  const { patch, dim, heads } = config;
  const batch = x.shape[0];
  const headDim = dim / heads;
  const embedded = tf.conv2d(x, params.patchKernel, patch, 'valid').add(params.patchBias);
  const tokens = embedded.shape[1] * embedded.shape[2];
  let h = embedded
    .reshape([batch, tokens, dim])
    .add(params.position)
    .reshape([batch * tokens, dim]);
  for (const block of params.blocks) {
    const qkv = tf.matMul(layerNorm(h, block.ln1Gamma, block.ln1Beta), block.qkv);
    // Rank-4 transposes and slices: the wasm backend is much slower on rank-5 transposes.
    const split = qkv.reshape([batch, tokens, 3 * heads, headDim]).transpose([0, 2, 1, 3]);
    const [q, k, v] = tf.split(split, 3, 1);
    const attention = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(headDim)));
    const mixed = tf
      .matMul(attention, v)
      .transpose([0, 2, 1, 3])
      .reshape([batch * tokens, dim]);
    h = h.add(tf.matMul(mixed, block.proj));
    const hidden = tf.matMul(layerNorm(h, block.ln2Gamma, block.ln2Beta), block.mlp1);
    const gelu = hidden.mul(tf.sigmoid(hidden.mul(1.702)));
    h = h.add(tf.matMul(gelu, block.mlp2));
  }
  const pooled = h.reshape([batch, tokens, dim]).mean(1);
  return tf.losses.softmaxCrossEntropy(labels, tf.matMul(pooled, params.head));
}

/** Every variable in `params`. */
export function vitVariables(params) {
  const { blocks, ...top } = params;
  return [...Object.values(top), ...blocks.flatMap((b) => Object.values(b))];
}
