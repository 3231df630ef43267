import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, assertArray, assertObject } from '@freeavatar/core';
import type { Params } from '@freeavatar/expression-encoder';
import {
  avatarParamShapes,
  resolveAnimatorNetworkConfig,
  sharedParamShapes,
  validateAvatarSpec,
  type AnimatorAvatarSpec,
  type AnimatorNetworkConfig,
} from './network-config.js';
import { initAnimatorParams } from './network-init.js';

/**
 * Per-call options of {@link AnimatorNetwork.predict}.
 *
 * @example
 * ```ts
 * const options: AnimatorPredictOptions = { training: true, seed: 7 };
 * ```
 */
export interface AnimatorPredictOptions {
  /** Apply dropout (default false). */
  training?: boolean;
  /** Seeds the dropout masks, for reproducible training steps. */
  seed?: number;
}

/**
 * The multi-avatar rig decoder: encoder feature + avatar identity → rig controls in [0,1].
 *
 * @example
 * ```ts
 * declare const controls: string[]; // the robot's control names
 * declare const features: tf.Tensor2D; // [n, 128], from the expression encoder
 * const net = createAnimatorNetwork({ featureSize: 128, avatars: [{ id: 'robot', controls }] });
 * const rigs = tf.tidy(() => net.predict(features, 'robot')); // [n, controls.length]
 * net.dispose();
 * ```
 */
export interface AnimatorNetwork {
  /** The current configuration (its `avatars` grows with {@link AnimatorNetwork.addAvatar}). */
  readonly config: AnimatorNetworkConfig;
  /** Every variable by name (owned by the network): `shared/…` and `avatar/<id>/…`. */
  readonly params: Params;
  /**
   * Resting-face reference feature (mean encoder feature of neutral actors), used for neutral
   * calibration; undefined on an untrained network.
   */
  neutralFeature?: Float32Array;
  /** The avatars it drives, in order. */
  avatars(): AnimatorAvatarSpec[];
  /**
   * Rig controls `[n, controls]` in [0,1] (sigmoid) of features `[n, featureSize]` for one
   * avatar. Differentiable; the caller owns the result. `training: true` enables dropout.
   */
  predict(features: tf.Tensor2D, avatar: string, options?: AnimatorPredictOptions): tf.Tensor2D;
  /** Names of the weights all avatars share: input projection and residual blocks. */
  sharedParamNames(): string[];
  /** Names of one avatar's own weights: its identity row and output head. */
  avatarParamNames(id: string): string[];
  /**
   * Adds an avatar with a fresh identity row and head (seeded by `seed`, default the network's
   * seed), leaving every existing weight as it is.
   */
  addAvatar(spec: AnimatorAvatarSpec, seed?: number): void;
  /** Frees every variable; the network is unusable afterwards. */
  dispose(): void;
}

function checkSeed(seed: number): void {
  assertArgument(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
    `seed must be an integer in 0..4294967295, got ${seed}`,
  );
}

/** The forward pass, inside the caller's tidy. */
function forward(
  config: AnimatorNetworkConfig,
  params: Params,
  features: tf.Tensor2D,
  avatar: string,
  options: AnimatorPredictOptions,
): tf.Tensor2D {
  const n = features.shape[0];
  const identity = tf.reshape(params[`avatar/${avatar}/identity`], [1, config.identitySize]);
  const input = tf.concat([tf.cast(features, 'float32'), tf.tile(identity, [n, 1])], 1);
  let h: tf.Tensor2D = tf.add(
    tf.matMul(input, params['shared/input/kernel']),
    params['shared/input/bias'],
  );
  const dropout = options.training === true ? config.dropout : 0;
  for (let b = 0; b < config.blocks; b++) {
    const p = `shared/block${b}/`;
    const film = tf.add(tf.matMul(identity, params[`${p}film/kernel`]), params[`${p}film/bias`]);
    const [scale, shift] = tf.split(film, 2, 1);
    const modulated = tf.add(tf.mul(h, tf.add(scale, 1)), shift);
    let inner = tf.relu(
      tf.add(tf.matMul(modulated, params[`${p}dense1/kernel`]), params[`${p}dense1/bias`]),
    );
    if (dropout > 0) {
      const seed = options.seed === undefined ? undefined : options.seed * 64 + b;
      inner = tf.dropout(inner, dropout, undefined, seed);
    }
    h = tf.add(h, tf.add(tf.matMul(inner, params[`${p}dense2/kernel`]), params[`${p}dense2/bias`]));
  }
  const head = `avatar/${avatar}/head/`;
  return tf.sigmoid(
    tf.add(tf.matMul(tf.relu(h), params[`${head}kernel`]), params[`${head}bias`]),
  ) as tf.Tensor2D;
}

/**
 * Builds a network around existing variables (which it then owns). `params` must hold every
 * shared and per-avatar weight of `config`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `config` has no valid `avatars` list or
 *   `params` is not an object.
 * @example
 * ```ts
 * import type { Params } from '@freeavatar/expression-encoder';
 * declare const config: AnimatorNetworkConfig;
 * declare const params: Params; // every weight of sharedParamShapes and avatarParamShapes
 * const net = animatorNetworkFrom(config, params, 0);
 * ```
 */
export function animatorNetworkFrom(
  config: AnimatorNetworkConfig,
  params: Params,
  seed: number,
): AnimatorNetwork {
  assertObject(config, 'config');
  assertArray(config.avatars, 'config.avatars');
  for (const spec of config.avatars) validateAvatarSpec(spec);
  assertObject(params, 'params');
  const specs: AnimatorAvatarSpec[] = config.avatars.map((a) => ({
    id: a.id,
    controls: [...a.controls],
  }));
  const shared = Object.keys(sharedParamShapes(config));
  let disposed = false;
  const check = (): void => {
    if (disposed) throw new FreeAvatarError('DISPOSED', 'this animator network was disposed');
  };
  const specOf = (id: string): AnimatorAvatarSpec => {
    const spec = specs.find((s) => s.id === id);
    if (spec === undefined) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `unknown avatar ${JSON.stringify(id)}; this network drives ${specs.map((s) => s.id).join(', ')}`,
        { subject: String(id) },
      );
    }
    return spec;
  };
  const net: AnimatorNetwork = {
    get config() {
      return { ...config, avatars: net.avatars() };
    },
    params,
    avatars: () => specs.map((s) => ({ id: s.id, controls: [...s.controls] })),
    predict(features, avatar, options = {}) {
      check();
      specOf(avatar);
      assertArgument(
        features instanceof tf.Tensor &&
          features.rank === 2 &&
          features.shape[0] >= 1 &&
          features.shape[1] === config.featureSize,
        `features must be a tensor of shape [n ≥ 1, ${config.featureSize}], got ${
          features instanceof tf.Tensor ? `[${features.shape}]` : typeof features
        }`,
      );
      if (options.seed !== undefined) checkSeed(options.seed);
      return tf.tidy(() => forward(config, params, features, avatar, options));
    },
    sharedParamNames: () => [...shared],
    avatarParamNames(id) {
      return Object.keys(avatarParamShapes(config, specOf(id)));
    },
    addAvatar(spec, newSeed = seed) {
      check();
      validateAvatarSpec(spec);
      assertArgument(
        !specs.some((s) => s.id === spec.id),
        `avatar id "${spec.id}" is already in this network`,
      );
      checkSeed(newSeed);
      const copy = { id: spec.id, controls: [...spec.controls] };
      Object.assign(params, initAnimatorParams(avatarParamShapes(config, copy), newSeed));
      specs.push(copy);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(Object.values(params));
    },
  };
  return net;
}

/**
 * Creates a randomly initialised multi-avatar animator network. Input: the encoder's pooled
 * feature concatenated with the avatar's learned identity row, projected to `width`; then
 * `blocks` residual blocks `h + Dense(dropout(ReLU(Dense(FiLM(h)))))`, where the FiLM scale and
 * shift come from the identity row through a per-block linear map shared by all avatars; then
 * one sigmoid head per avatar sized to its controls. An avatar's own weights are its identity
 * row and head only, so a new avatar is added by training those. The same seed gives the same
 * weights.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a bad size, dropout, seed, avatar id or
 *   control list, or a duplicate avatar id.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createAnimatorNetwork } from '@freeavatar/animator';
 * const net = createAnimatorNetwork(
 *   { featureSize: 128, avatars: [{ id: 'robot', controls: ['blink', 'jawDrop'] }] },
 *   { seed: 1 },
 * );
 * const rigs = tf.tidy(() => net.predict(tf.zeros([4, 128]), 'robot')); // [4, 2] in [0,1]
 * rigs.dispose();
 * net.dispose();
 * ```
 */
export function createAnimatorNetwork(
  config: Partial<AnimatorNetworkConfig> & Pick<AnimatorNetworkConfig, 'featureSize' | 'avatars'>,
  options: { seed?: number } = {},
): AnimatorNetwork {
  const resolved = resolveAnimatorNetworkConfig(config);
  const seed = options.seed ?? 0;
  checkSeed(seed);
  const params = initAnimatorParams(sharedParamShapes(resolved), seed);
  try {
    for (const spec of resolved.avatars) {
      Object.assign(params, initAnimatorParams(avatarParamShapes(resolved, spec), seed));
    }
  } catch (err) {
    tf.dispose(Object.values(params));
    throw err;
  }
  return animatorNetworkFrom(resolved, params, seed);
}
