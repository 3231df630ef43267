import {
  FreeAvatarError,
  describeSource,
  isNode,
  loadWeightMap,
  saveWeightMap,
  type ModelSource,
} from '@freeavatar/core';
import { ExpressionModel, assertExpressionModel } from './expression-model.js';
import { resolveVitConfig, type VitConfig } from './presets.js';

const FORMAT = 'freeavatar-expression-encoder';

/**
 * Saves an {@link ExpressionModel} (weights `encoder/…`, `head/…` and its config) in the tfjs
 * weights format: a `model.json` plus one binary shard. `metadata` (e.g. training data, seed,
 * metrics) is stored beside the config.
 *
 * @example
 * ```ts
 * declare const model: ExpressionModel;
 * await saveExpressionModel(model, 'packages/expression-encoder/weights/model.json', { seed: 1 });
 * ```
 */
export async function saveExpressionModel(
  model: ExpressionModel,
  destination: ModelSource,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  assertExpressionModel(model, 'model');
  await saveWeightMap({ ...model.params }, destination, {
    ...metadata,
    format: FORMAT,
    version: 1,
    config: model.config,
  });
}

/** The encoder config stored in a model's or a checkpoint's metadata. */
export function configOf(metadata: Record<string, unknown>, source: ModelSource): VitConfig {
  const extra = metadata.extra as Record<string, unknown> | undefined;
  const config = (metadata.config ?? extra?.config) as Partial<VitConfig> | undefined;
  if (config === undefined || typeof config !== 'object') {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `${describeSource(source)} has no encoder config in its metadata; is it an expression-encoder model or training checkpoint?`,
      { subject: describeSource(source) },
    );
  }
  try {
    // Files written before these options existed embed raw patches, mean-pool, have no eye
    // branch or eye reader and read crops aligned on the eye and mouth corners.
    return resolveVitConfig({
      convStem: 0,
      positionalPool: 0,
      eyeBranch: 0,
      eyeReader: 0,
      alignment: 'eyes-mouth',
      ...config,
    });
  } catch (cause) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `${describeSource(source)} has an invalid encoder config: ${(cause as Error).message}`,
      { subject: describeSource(source), cause },
    );
  }
}

/**
 * Loads an {@link ExpressionModel} saved by {@link saveExpressionModel}, or the model weights of
 * a stage-2 training checkpoint, from a path, URL or IOHandler. Returns the model and the
 * file's metadata.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` naming the source when it cannot be read or lacks
 *   weights or config.
 * @example
 * ```ts
 * const { model } = await loadExpressionModel('runs/triplet/checkpoint/model.json');
 * ```
 */
export async function loadExpressionModel(
  source: ModelSource,
): Promise<{ model: ExpressionModel; metadata: Record<string, unknown> }> {
  const { weights, metadata } = await loadWeightMap(source);
  try {
    const config = configOf(metadata, source);
    return { model: ExpressionModel.fromWeights(config, weights), metadata };
  } finally {
    Object.values(weights).forEach((t) => t.dispose());
  }
}

/**
 * Where the package's shipped weights live: `weights/model.json` at the package root.
 *
 * @example
 * ```ts
 * defaultModelUrl().href; // file:///…/@freeavatar/expression-encoder/weights/model.json
 * ```
 */
export function defaultModelUrl(): URL {
  return new URL('../weights/model.json', import.meta.url);
}

/**
 * Resolves the `'default'` model to the shipped weights, checking in Node that they exist.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when the package has no shipped weights.
 */
export async function resolveDefaultModel(): Promise<ModelSource> {
  const url = defaultModelUrl();
  if (isNode() && url.protocol === 'file:') {
    const load = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);
    const fs = (await load('node:fs/promises')) as typeof import('node:fs/promises');
    const { fileURLToPath } = (await load('node:url')) as typeof import('node:url');
    const path = fileURLToPath(url);
    const present = await fs.stat(path).then(
      () => true,
      () => false,
    );
    if (!present) {
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `The default expression-encoder weights are not present (expected ${path}). ` +
          'Train them (freeavatar train encoder) or pass `model` as a path, URL or IOHandler.',
        { subject: path },
      );
    }
    return path;
  }
  return url;
}
