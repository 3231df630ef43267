import type * as tf from '@tensorflow/tfjs';

/**
 * One avatar's part of an animator training batch. Actor crops are what the (frozen) encoder
 * sees; the mirrored crops the symmetry term needs are made from them by flipping.
 *
 * @example
 * ```ts
 * declare const crops: tf.Tensor4D; // [n, 64, 64, 3] actor crops
 * declare const rigs: tf.Tensor2D; // [n, 12] robot rigs
 * declare const renders: tf.Tensor4D; // [n, 64, 64, 3] robot renders
 * const part: AnimatorAvatarBatch = { avatar: 'robot', crops, rigs, renders };
 * ```
 */
export interface AnimatorAvatarBatch {
  /** The network's id of the avatar. */
  readonly avatar: string;
  /**
   * Aligned actor face crops `[n, s, s, 3]` in 0–1 at the encoder's input size. Parts may share
   * one tensor (the same actors for every avatar): the encoder then runs once on it.
   */
  readonly crops: tf.Tensor4D;
  /** Ground-truth rigs `[n, controls]`, e.g. `retarget(avatar, arkit)`. */
  readonly rigs: tf.Tensor2D;
  /** The avatar's true renders `[n, r, r, 3]` in 0–1 at its neural renderer's size. */
  readonly renders?: tf.Tensor4D;
  /** Per-sample weights `[n]` of the rig term (default equal). */
  readonly sampleWeights?: tf.Tensor1D;
}

/**
 * One step's data for {@link trainAnimator}: a part per avatar.
 *
 * @example
 * ```ts
 * declare const robotPart: AnimatorAvatarBatch;
 * declare const toonPart: AnimatorAvatarBatch;
 * const batch: AnimatorBatch = { avatars: [robotPart, toonPart] };
 * ```
 */
export interface AnimatorBatch {
  readonly avatars: readonly AnimatorAvatarBatch[];
}
