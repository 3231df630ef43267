import * as tf from '@tensorflow/tfjs';
import { assertObject, assertTensor } from './arguments.js';
import { FreeAvatarError, assertArgument } from './errors.js';
import { describeSource, resolveModelSource, type ModelSource } from './model-io.js';

/** Named weights, plain data: what {@link saveWeightMap} writes and {@link loadWeightMap} reads. */
export type WeightMap = Record<string, tf.Tensor>;

/**
 * Saves named tensors (e.g. a custom model's variables) in the tfjs weights format: a
 * `model.json` with a weights manifest and one binary shard, plus any JSON `metadata`.
 *
 * @param destination - a `model.json` path (Node) or any IOHandler with `save`.
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `weights` is not an object of tensors (at least
 *   one) or `destination` cannot save.
 * @example
 * ```ts
 * const kernel = tf.randomNormal([128, 16]);
 * await saveWeightMap({ 'head/kernel': kernel }, 'out/head/model.json', { preset: 'tiny' });
 * ```
 */
export async function saveWeightMap(
  weights: WeightMap,
  destination: ModelSource,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  assertObject(weights, 'weights');
  const names = Object.keys(weights);
  assertArgument(names.length > 0, 'saveWeightMap needs at least one tensor');
  for (const name of names) assertTensor(weights[name], `weights[${JSON.stringify(name)}]`);
  const handler = resolveModelSource(destination);
  assertArgument(
    typeof handler !== 'string' && handler.save,
    `Cannot save to ${describeSource(destination)}: no save handler`,
  );
  const { data, specs } = await tf.io.encodeWeights(weights);
  await handler.save({
    modelTopology: { freeavatar: 'weight-map' },
    weightSpecs: specs,
    weightData: data,
    format: 'freeavatar-weight-map',
    generatedBy: '@freeavatar/core',
    userDefinedMetadata: metadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  });
}

/**
 * Loads what {@link saveWeightMap} wrote. The caller owns the returned tensors.
 *
 * @example
 * ```ts
 * const { weights, metadata } = await loadWeightMap('out/head/model.json');
 * ```
 */
export async function loadWeightMap(
  source: ModelSource,
): Promise<{ weights: WeightMap; metadata: Record<string, unknown> }> {
  const handler = resolveModelSource(source);
  const io = typeof handler === 'string' ? tf.io.http(handler) : handler;
  assertArgument(io.load, `Cannot load from ${describeSource(source)}: no load handler`);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await io.load();
  } catch (cause) {
    if (cause instanceof FreeAvatarError) throw cause;
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `Cannot load weights ${describeSource(source)}: ${(cause as Error).message}`,
      {
        subject: describeSource(source),
        cause,
      },
    );
  }
  if (!artifacts.weightSpecs || artifacts.weightData === undefined) {
    throw new FreeAvatarError('MODEL_LOAD_FAILED', `${describeSource(source)} holds no weights`, {
      subject: describeSource(source),
    });
  }
  const data =
    artifacts.weightData instanceof ArrayBuffer
      ? artifacts.weightData
      : tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer[]);
  const weights = tf.io.decodeWeights(data, artifacts.weightSpecs) as WeightMap;
  return { weights, metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown> };
}
