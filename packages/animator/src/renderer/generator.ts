import * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertObject,
  createRng,
  type RgbImage,
  type WeightMap,
} from '@freeavatar/core';
import { paramsFromWeights, type ParamShapes, type Params } from '@freeavatar/expression-encoder';
import { conv3x3, pixelShuffle } from './sub-pixel-conv.js';

/**
 * The shape of a neural renderer's generator: rig vector → image.
 *
 * @example
 * ```ts
 * const config: GeneratorConfig = { rigSize: 12, imageSize: 64, width: 128 };
 * ```
 */
export interface GeneratorConfig {
  /** Controls in the rig vector. */
  readonly rigSize: number;
  /** Side of the square output image: 4 × a power of two, 8..256. */
  readonly imageSize: number;
  /** Channels of the 4×4 seed feature map; each upsampling stage halves it, down to 16. */
  readonly width: number;
}

/**
 * Channels after each stage of the generator: index 0 is the 4×4 map, then one per ×2
 * upsampling (halving, never below 16).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `config` is not an object.
 * @example
 * ```ts
 * generatorChannels({ rigSize: 12, imageSize: 64, width: 128 }); // [128, 64, 32, 16, 16]
 * ```
 */
export function generatorChannels(config: GeneratorConfig): number[] {
  assertObject(config, 'config');
  const stages = Math.round(Math.log2(config.imageSize / 4));
  const channels = [config.width];
  for (let i = 0; i < stages; i++) channels.push(Math.max(16, Math.floor(channels[i] / 2)));
  return channels;
}

/**
 * Checks a generator config, throwing `INVALID_ARGUMENT` naming the bad value.
 *
 * @example
 * ```ts
 * validateGeneratorConfig({ rigSize: 12, imageSize: 64, width: 128 });
 * ```
 */
export function validateGeneratorConfig(config: GeneratorConfig): void {
  assertObject(config, 'config');
  const { rigSize, imageSize, width } = config;
  assertArgument(
    Number.isInteger(rigSize) && rigSize >= 1 && rigSize <= 4096,
    `rigSize must be an integer in 1..4096, got ${rigSize}`,
  );
  const stages = Math.log2(imageSize / 4);
  assertArgument(
    Number.isInteger(imageSize) && Number.isInteger(stages) && stages >= 1 && imageSize <= 256,
    `imageSize must be 4 × a power of two in 8..256 (8, 16, 32, 64, 128, 256), got ${imageSize}`,
  );
  assertArgument(
    Number.isInteger(width) && width >= 8 && width <= 1024,
    `width must be an integer in 8..1024, got ${width}`,
  );
}

/**
 * Names and shapes of the generator's weights: a dense layer to a 4×4 map, one sub-pixel
 * upsampling stage per doubling (a 3×3 convolution to 4× the channels, then a pixel shuffle),
 * a 3×3 convolution to RGB, and `base/logits`, a learned image (in logits) that the network's
 * output is added to.
 *
 * @example
 * ```ts
 * const shapes = generatorParamShapes({ rigSize: 12, imageSize: 64, width: 128 });
 * shapes['up1/kernel']; // [3, 3, 128, 256]
 * ```
 */
export function generatorParamShapes(config: GeneratorConfig): ParamShapes {
  validateGeneratorConfig(config);
  const channels = generatorChannels(config);
  const shapes: Record<string, number[]> = {
    'dense/kernel': [config.rigSize, 16 * channels[0]],
    'dense/bias': [16 * channels[0]],
  };
  for (let i = 1; i < channels.length; i++) {
    shapes[`up${i}/kernel`] = [3, 3, channels[i - 1], 4 * channels[i]];
    shapes[`up${i}/bias`] = [4 * channels[i]];
  }
  shapes['rgb/kernel'] = [3, 3, channels[channels.length - 1], 3];
  shapes['rgb/bias'] = [3];
  shapes['base/logits'] = [config.imageSize, config.imageSize, 3];
  return shapes;
}

/** The RGB layer starts this much smaller than He init, so a new renderer starts near its base. */
const RGB_INIT_SCALE = 0.1;

/** Logits of an image's values in 0–1, clamped away from 0 and 1. */
function imageLogits(image: RgbImage): Float32Array {
  return Float32Array.from(image.data, (v) => {
    const p = Math.min(Math.max(v / 255, 1e-3), 1 - 1e-3);
    return Math.log(p / (1 - p));
  });
}

/** He-uniform values for kernels (fan-in from the shape), zeros for biases; seeded by name. */
function initialValues(name: string, shape: readonly number[], seed: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (!name.endsWith('/kernel')) return values;
  const fanIn = shape.length === 4 ? shape[0] * shape[1] * shape[2] : shape[0];
  const limit = Math.sqrt(6 / fanIn) * (name === 'rgb/kernel' ? RGB_INIT_SCALE : 1);
  const rng = createRng(seed).fork(name);
  for (let i = 0; i < size; i++) values[i] = rng.uniform(-limit, limit);
  return values;
}

/**
 * Allocates the generator's variables, deterministically from `seed`. `base` (an image of the
 * output size, e.g. the mean training image) initialises `base/logits`; without it the base is
 * mid-grey.
 */
export function initGeneratorParams(
  config: GeneratorConfig,
  seed: number,
  base?: RgbImage,
): Params {
  const params: Params = {};
  try {
    for (const [name, shape] of Object.entries(generatorParamShapes(config))) {
      const values =
        name === 'base/logits' && base !== undefined
          ? imageLogits(base)
          : initialValues(name, shape, seed);
      const initial = tf.tensor(values, [...shape], 'float32');
      params[name] = tf.variable(initial, true);
      initial.dispose();
    }
  } catch (err) {
    tf.dispose(Object.values(params));
    throw err;
  }
  return params;
}

/** Makes variables from a weight map, checking every name and shape of `config`. */
export function generatorParamsFromWeights(
  config: GeneratorConfig,
  weights: WeightMap,
  what: string,
): Params {
  return paramsFromWeights(generatorParamShapes(config), weights, what);
}

/**
 * The generator's forward pass: rigs `[n, rigSize]` → images `[n, s, s, 3]` in 0–1, as
 * `sigmoid(base + network(rig))`. Call it inside `tf.tidy` or a gradient function;
 * intermediates are not freed here.
 */
export function generatorForward(
  config: GeneratorConfig,
  params: Params,
  rigs: tf.Tensor2D,
): tf.Tensor4D {
  const channels = generatorChannels(config);
  const n = rigs.shape[0];
  const dense = tf.relu(tf.add(tf.matMul(rigs, params['dense/kernel']), params['dense/bias']));
  let x = tf.reshape(dense, [n, 4, 4, channels[0]]) as tf.Tensor4D;
  for (let i = 1; i < channels.length; i++) {
    const conv = tf.add(conv3x3(x, params[`up${i}/kernel`] as tf.Tensor4D), params[`up${i}/bias`]);
    x = tf.relu(pixelShuffle(conv as tf.Tensor4D));
  }
  const rgb = tf.add(conv3x3(x, params['rgb/kernel'] as tf.Tensor4D), params['rgb/bias']);
  return tf.sigmoid(tf.add(rgb, params['base/logits'])) as tf.Tensor4D;
}
