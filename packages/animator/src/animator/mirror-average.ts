import * as tf from '@tensorflow/tfjs';
import { assertArgument, describeValue } from '@freeavatar/core';
import type { AnimatorNetwork } from '../network/index.js';
import { mirrorPermutation } from '../training/mirror.js';

/**
 * Rigs `[n, controls]` of `avatar` averaged over each face and its mirror image: the network's
 * rig for `features` `[n, d]`, and its rig for `mirroredFeatures` `[n, d]` (the features of the
 * same faces flipped left to right) mirrored back (Left ↔ Right controls swapped, see
 * `mirrorPermutation`). The two readings of one face differ by the network's and the encoder's
 * noise, so their mean is steadier than either; the animator's symmetry loss trains the network
 * to make them agree. The caller owns the result.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a `network` that is not an animator network, an
 *   unknown avatar or feature tensors that are not both `[n, featureSize]`.
 * @example
 * ```ts
 * import type { ExpressionModel } from '@freeavatar/expression-encoder';
 * declare const network: AnimatorNetwork;
 * declare const model: ExpressionModel; // e.g. an animator's `encoder.model`
 * const crops = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
 * const rigs = tf.tidy(() => {
 *   const features = model.features(crops);
 *   return mirrorAveragedRigs(network, features, model.features(mirrorImages(crops)), 'toon');
 * });
 * ```
 */
export function mirrorAveragedRigs(
  network: AnimatorNetwork,
  features: tf.Tensor2D,
  mirroredFeatures: tf.Tensor2D,
  avatar: string,
): tf.Tensor2D {
  assertArgument(
    network !== null && typeof network === 'object' && typeof network.avatars === 'function',
    `network must be an animator network, got ${describeValue(network)}`,
  );
  const spec = network.avatars().find((s) => s.id === avatar);
  assertArgument(
    spec !== undefined,
    `unknown avatar ${JSON.stringify(avatar)}; this network drives ${network
      .avatars()
      .map((s) => s.id)
      .join(', ')}`,
  );
  const size = network.config.featureSize;
  for (const [name, t] of [
    ['features', features],
    ['mirroredFeatures', mirroredFeatures],
  ] as const) {
    assertArgument(
      t instanceof tf.Tensor && t.rank === 2 && t.shape[1] === size,
      `${name} must have shape [n, ${size}], got ${t instanceof tf.Tensor ? `[${t.shape}]` : typeof t}`,
    );
  }
  assertArgument(
    features.shape[0] === mirroredFeatures.shape[0],
    `features and mirroredFeatures must hold as many faces, got ${features.shape[0]} and ${mirroredFeatures.shape[0]}`,
  );
  const permutation = mirrorPermutation(spec.controls);
  return tf.tidy(() => {
    const direct = network.predict(features, avatar);
    const flipped = tf.gather(
      network.predict(mirroredFeatures, avatar),
      tf.tensor1d(permutation, 'int32'),
      1,
    );
    return tf.div(tf.add(direct, flipped), 2) as tf.Tensor2D;
  });
}
