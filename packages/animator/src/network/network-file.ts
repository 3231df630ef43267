import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertObject,
  describeSource,
  loadWeightMap,
  saveWeightMap,
  type ModelSource,
} from '@freeavatar/core';
import { paramsFromWeights } from '@freeavatar/expression-encoder';
import { animatorNetworkFrom, type AnimatorNetwork } from './animator-network.js';
import {
  avatarParamShapes,
  resolveAnimatorNetworkConfig,
  sharedParamShapes,
  type AnimatorNetworkConfig,
} from './network-config.js';

/** The `format` field of a saved animator network's metadata. */
const FORMAT = 'freeavatar-animator-network';

/**
 * Saves an animator network's weights as a weight map (`model.json` plus one binary shard),
 * with its configuration and neutral feature in the metadata; read it back with
 * {@link loadAnimatorNetwork}.
 *
 * @param path - a `model.json` path (Node) or an IOHandler with `save`.
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `net` is not an animator network.
 * @example
 * ```ts
 * import { saveAnimatorNetwork } from '@freeavatar/animator';
 * declare const net: AnimatorNetwork;
 * await saveAnimatorNetwork(net, 'runs/animator/animator/model.json');
 * ```
 */
export async function saveAnimatorNetwork(net: AnimatorNetwork, path: ModelSource): Promise<void> {
  assertObject(net, 'net');
  assertObject(net.params, 'net.params');
  const config = net.config;
  assertObject(config, 'net.config');
  await saveWeightMap(net.params, path, {
    format: FORMAT,
    version: 1,
    config,
    neutralFeature: net.neutralFeature === undefined ? null : Array.from(net.neutralFeature),
  });
}

function loadFailure(source: ModelSource, message: string, cause?: unknown): FreeAvatarError {
  return new FreeAvatarError('MODEL_LOAD_FAILED', `${describeSource(source)} ${message}`, {
    subject: describeSource(source),
    cause,
  });
}

/**
 * Loads a network saved by {@link saveAnimatorNetwork}. The caller owns it (call `dispose`).
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when the file is missing, is not an animator
 *   network, has a bad configuration or neutral feature, or lacks weights of the right shapes.
 * @example
 * ```ts
 * import { loadAnimatorNetwork } from '@freeavatar/animator';
 * const net = await loadAnimatorNetwork('runs/animator/animator/model.json');
 * console.log(net.avatars().map((a) => a.id));
 * ```
 */
export async function loadAnimatorNetwork(source: ModelSource): Promise<AnimatorNetwork> {
  const { weights, metadata } = await loadWeightMap(source);
  try {
    if (metadata.format !== FORMAT) {
      throw loadFailure(
        source,
        `is not an animator network (format ${String(metadata.format)}, expected ${FORMAT})`,
      );
    }
    let config: AnimatorNetworkConfig;
    try {
      config = resolveAnimatorNetworkConfig(metadata.config as AnimatorNetworkConfig);
    } catch (cause) {
      throw loadFailure(source, `has a bad configuration: ${(cause as Error).message}`, cause);
    }
    const neutral = metadata.neutralFeature;
    let neutralFeature: Float32Array | undefined;
    if (neutral !== null && neutral !== undefined) {
      const ok =
        Array.isArray(neutral) &&
        neutral.length === config.featureSize &&
        neutral.every((v) => typeof v === 'number' && Number.isFinite(v));
      if (!ok) {
        throw loadFailure(
          source,
          `has a bad neutralFeature: expected ${config.featureSize} finite numbers`,
        );
      }
      neutralFeature = Float32Array.from(neutral as number[]);
    }
    const shapes = { ...sharedParamShapes(config) };
    for (const spec of config.avatars) Object.assign(shapes, avatarParamShapes(config, spec));
    const params = paramsFromWeights(shapes, weights, `animator network ${describeSource(source)}`);
    const net = animatorNetworkFrom(config, params, 0);
    if (neutralFeature !== undefined) net.neutralFeature = neutralFeature;
    return net;
  } finally {
    tf.dispose(Object.values(weights));
  }
}
