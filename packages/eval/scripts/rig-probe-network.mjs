/**
 * The probe network of the rig scripts (`rig-loss-probe.mjs`, `eye-reader-rig-probe.mjs`): a
 * feature → 256 ReLU units → sigmoid rig map, fitted with the animator's rig loss, 10 × MSE +
 * l1 × mean absolute error (the latter over the controls where `mask` is 1), by Adam at 1e-3 in
 * batches of 64. The features are standardised with the training rows' mean and spread.
 * Deterministic for a backend: fixed seeds for the initial weights and the batch order.
 */
import * as tf from '@tensorflow/tfjs';

export const PROBE_BATCH = 64;
const HIDDEN = 256;

/**
 * Fits the probe to `trainX` (features) → `trainY` (rigs in 0–1) and returns its rigs of
 * `testX`, as arrays of rows.
 *
 * @param {number[][]} trainX
 * @param {number[][]} trainY
 * @param {number[][]} testX
 * @param {{ epochs: number, l1?: number, mask?: tf.Tensor1D }} options
 * @returns {number[][]}
 */
export function fitRigProbe(trainX, trainY, testX, { epochs, l1 = 1, mask }) {
  return tf.tidy(() => {
    const x = tf.tensor2d(trainX);
    const y = tf.tensor2d(trainY);
    const { mean, variance } = tf.moments(x, 0);
    const scale = tf.sqrt(tf.add(variance, 1e-6));
    const normal = (t) => tf.div(tf.sub(t, mean), scale);
    const xs = normal(x);
    const [n, inputs] = x.shape;
    const outputs = y.shape[1];
    const weights = mask ?? tf.ones([outputs]);
    const w1 = tf.variable(
      tf.randomNormal([inputs, HIDDEN], 0, Math.sqrt(2 / inputs), 'float32', 1),
    );
    const b1 = tf.variable(tf.zeros([HIDDEN]));
    const w2 = tf.variable(
      tf.randomNormal([HIDDEN, outputs], 0, Math.sqrt(1 / HIDDEN), 'float32', 2),
    );
    const b2 = tf.variable(tf.zeros([outputs]));
    const forward = (input) =>
      tf.sigmoid(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(input, w1), b1)), w2), b2));
    const optimizer = tf.train.adam(1e-3);
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    let state = 12345;
    for (let epoch = 0; epoch < epochs; epoch++) {
      // A seeded Fisher–Yates shuffle, so the batch order repeats from run to run.
      for (let i = n - 1; i > 0; i--) {
        state = (state * 1103515245 + 12345) >>> 0;
        const j = state % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let start = 0; start < n; start += PROBE_BATCH) {
        const index = tf.tensor1d(Array.from(order.subarray(start, start + PROBE_BATCH)), 'int32');
        optimizer.minimize(() => {
          const predicted = forward(tf.gather(xs, index));
          const target = tf.gather(y, index);
          const mse = tf.mean(tf.squaredDifference(predicted, target));
          const mae = tf.mean(tf.mul(tf.abs(tf.sub(predicted, target)), weights));
          return tf.add(tf.mul(10, mse), tf.mul(l1, mae));
        });
        index.dispose();
      }
    }
    const result = forward(normal(tf.tensor2d(testX))).arraySync();
    optimizer.dispose();
    tf.dispose([w1, b1, w2, b2]);
    return result;
  });
}
