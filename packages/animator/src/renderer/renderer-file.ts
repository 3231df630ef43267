import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertObject,
  describeSource,
  loadWeightMap,
  saveWeightMap,
  type ModelSource,
} from '@freeavatar/core';
import { AVATAR_IDS, type AvatarId } from '@freeavatar/synth';
import type { CropBoxes } from './crop-boxes.js';
import { resolveRendererSource, type NeuralRendererSource } from './default-renderers.js';
import { generatorParamsFromWeights } from './generator.js';
import {
  neuralRendererFrom,
  resolveNeuralRendererOptions,
  type NeuralRenderer,
} from './neural-renderer.js';

/** The `format` field of a saved renderer's metadata. */
const FORMAT = 'freeavatar-neural-renderer';
/** The `version` of the current generator (2: sub-pixel stages and a learned base image). */
const VERSION = 2;

/**
 * Saves a neural renderer's weights and configuration as a weight map (`model.json` plus one
 * binary shard), readable by {@link loadNeuralRenderer}.
 *
 * @param destination - a `model.json` path (Node) or an IOHandler with `save`.
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `renderer` is not a neural renderer.
 * @example
 * ```ts
 * import { saveNeuralRenderer } from '@freeavatar/animator';
 * declare const renderer: NeuralRenderer;
 * await saveNeuralRenderer(renderer, 'models/renderer-robot/model.json');
 * ```
 */
export async function saveNeuralRenderer(
  renderer: NeuralRenderer,
  destination: ModelSource,
): Promise<void> {
  assertObject(renderer, 'renderer');
  assertObject(renderer.params, 'renderer.params');
  assertObject(renderer.config, 'renderer.config');
  await saveWeightMap(renderer.params, destination, {
    format: FORMAT,
    version: VERSION,
    avatar: renderer.avatar,
    rigSize: renderer.config.rigSize,
    imageSize: renderer.config.imageSize,
    width: renderer.config.width,
    boxes: renderer.boxes,
  });
}

/**
 * Loads a renderer saved by {@link saveNeuralRenderer}, or with `'default:<avatar>'` the
 * package's shipped renderer for `human`, `toon` or `robot`. The caller owns it (call
 * `dispose`).
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when the file is missing, is not a neural renderer
 *   of the current version, or lacks weights of the right shapes.
 * @example
 * ```ts
 * import { loadNeuralRenderer } from '@freeavatar/animator';
 * const shipped = await loadNeuralRenderer('default:robot');
 * const mine = await loadNeuralRenderer('runs/renderer-robot/renderer/model.json');
 * ```
 */
export async function loadNeuralRenderer(input: NeuralRendererSource): Promise<NeuralRenderer> {
  const source = await resolveRendererSource(input);
  const { weights, metadata } = await loadWeightMap(source);
  try {
    const what = `neural renderer ${describeSource(source)}`;
    if (metadata.format !== FORMAT) {
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `${describeSource(source)} is not a neural renderer (format ${String(metadata.format)}, expected ${FORMAT})`,
        { subject: describeSource(source) },
      );
    }
    if (metadata.version !== VERSION) {
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `${what} is version ${String(metadata.version)}; this library reads version ${VERSION} ` +
          '(retrain it with freeavatar train renderer)',
        { subject: describeSource(source) },
      );
    }
    const avatar = metadata.avatar as AvatarId;
    if (!(AVATAR_IDS as readonly string[]).includes(avatar)) {
      throw new FreeAvatarError('MODEL_LOAD_FAILED', `${what} names unknown avatar ${avatar}`, {
        subject: describeSource(source),
      });
    }
    let resolved: ReturnType<typeof resolveNeuralRendererOptions>;
    try {
      resolved = resolveNeuralRendererOptions({
        avatar,
        rigSize: metadata.rigSize as number,
        imageSize: metadata.imageSize as number,
        width: metadata.width as number,
        boxes: metadata.boxes as CropBoxes,
      });
    } catch (cause) {
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `${what} has a bad configuration: ${(cause as Error).message}`,
        { subject: describeSource(source), cause },
      );
    }
    const params = generatorParamsFromWeights(resolved.config, weights, what);
    return neuralRendererFrom(avatar, resolved.config, resolved.boxes, params);
  } finally {
    tf.dispose(Object.values(weights));
  }
}
