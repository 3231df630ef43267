import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, assertRgbImage, type RgbImage } from '@freeavatar/core';
import type { Params } from '@freeavatar/expression-encoder';
import { getAvatar, type AvatarId } from '@freeavatar/synth';
import { assertCropBox, avatarCropBoxes, type CropBoxes } from './crop-boxes.js';
import {
  generatorForward,
  initGeneratorParams,
  validateGeneratorConfig,
  type GeneratorConfig,
} from './generator.js';

/**
 * Options of {@link createNeuralRenderer}.
 *
 * @example
 * ```ts
 * const options: NeuralRendererOptions = { avatar: 'robot', imageSize: 64, seed: 1 };
 * ```
 */
export interface NeuralRendererOptions {
  avatar: AvatarId;
  /** Controls in the rig vector; must be the avatar's rig length (the default). */
  rigSize?: number;
  /** Side of the output images: 8, 16, 32, 64 (default), 128 or 256. */
  imageSize?: number;
  /** Channels of the generator's 4×4 seed map (default 128). */
  width?: number;
  /** Seeds the initial weights (default 0). */
  seed?: number;
  /** Eye and mouth boxes for the loss (default: {@link avatarCropBoxes} at `imageSize`). */
  boxes?: CropBoxes;
  /**
   * The image the renderer starts from, `imageSize` square: its output is this image plus what
   * the network learns (default mid-grey). The mean of the training renders makes a renderer
   * start at the mean-image baseline and spend its training on what the rig changes.
   */
  base?: RgbImage;
}

/**
 * A learned, differentiable stand-in for an avatar's renderer: rig vector → front-view image.
 *
 * @example
 * ```ts
 * const renderer: NeuralRenderer = createNeuralRenderer({ avatar: 'toon' });
 * const [image] = renderer.renderImages([new Float32Array(renderer.config.rigSize)]);
 * renderer.dispose();
 * ```
 */
export interface NeuralRenderer {
  readonly avatar: AvatarId;
  readonly config: GeneratorConfig;
  /** The eye and mouth boxes its loss weighs up. */
  readonly boxes: CropBoxes;
  /** The trainable variables by name (owned by the renderer). */
  readonly params: Params;
  /**
   * Renders rig vectors (`[n, rigSize]`, values about 0–1) to images `[n, s, s, 3]` in 0–1.
   * Differentiable; the caller owns the result.
   */
  render(rigs: readonly Float32Array[] | tf.Tensor2D): tf.Tensor4D;
  /** Renders rig vectors to RGB images. */
  renderImages(rigs: readonly Float32Array[] | tf.Tensor2D): RgbImage[];
  /** Frees the variables; the renderer is unusable afterwards. */
  dispose(): void;
}

/** Validates rig input against `rigSize` and returns it as a tensor (a new one for arrays). */
function rigTensor(rigs: readonly Float32Array[] | tf.Tensor2D, rigSize: number): tf.Tensor2D {
  if (rigs instanceof tf.Tensor) {
    assertArgument(
      rigs.rank === 2 && rigs.shape[0] >= 1 && rigs.shape[1] === rigSize,
      `rigs must have shape [n ≥ 1, ${rigSize}], got [${rigs.shape}]`,
    );
    return rigs;
  }
  assertArgument(
    Array.isArray(rigs) && rigs.length >= 1,
    'rigs must be a non-empty array of Float32Arrays or a [n, rigSize] tensor',
  );
  const values = new Float32Array(rigs.length * rigSize);
  rigs.forEach((rig, i) => {
    assertArgument(
      rig instanceof Float32Array && rig.length === rigSize,
      `rig ${i} must be a Float32Array of ${rigSize} values, got ${
        rig instanceof Float32Array ? `${rig.length} values` : typeof rig
      }`,
    );
    for (let j = 0; j < rigSize; j++) {
      assertArgument(Number.isFinite(rig[j]), `rig ${i} value ${j} is not finite (${rig[j]})`);
    }
    values.set(rig, i * rigSize);
  });
  return tf.tensor2d(values, [rigs.length, rigSize]);
}

/** Builds a renderer around existing variables (which it then owns). */
export function neuralRendererFrom(
  avatar: AvatarId,
  config: GeneratorConfig,
  boxes: CropBoxes,
  params: Params,
): NeuralRenderer {
  let disposed = false;
  const check = (): void => {
    if (disposed) {
      throw new FreeAvatarError('INVALID_ARGUMENT', `the ${avatar} neural renderer was disposed`);
    }
  };
  const render = (rigs: readonly Float32Array[] | tf.Tensor2D): tf.Tensor4D => {
    check();
    const input = rigTensor(rigs, config.rigSize);
    try {
      return tf.tidy(() => generatorForward(config, params, tf.cast(input, 'float32')));
    } finally {
      if (input !== rigs) input.dispose();
    }
  };
  return {
    avatar,
    config,
    boxes,
    params,
    render,
    renderImages(rigs) {
      const images = render(rigs);
      try {
        const [n, height, width] = images.shape;
        const values = images.dataSync();
        const pixels = height * width * 3;
        return Array.from({ length: n }, (_, i) => {
          const data = new Uint8Array(pixels);
          for (let j = 0; j < pixels; j++) data[j] = Math.round(values[i * pixels + j] * 255);
          return { width, height, data };
        });
      } finally {
        images.dispose();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(Object.values(params));
    },
  };
}

/**
 * Checks options and resolves the generator config and crop boxes of a renderer.
 *
 * @example
 * ```ts
 * const { config, boxes } = resolveNeuralRendererOptions({ avatar: 'robot' });
 * ```
 */
export function resolveNeuralRendererOptions(options: NeuralRendererOptions): {
  config: GeneratorConfig;
  boxes: CropBoxes;
} {
  assertArgument(
    options !== null && typeof options === 'object',
    'neural renderer options must be an object',
  );
  const avatar = getAvatar(options.avatar);
  const rigSize = options.rigSize ?? avatar.rig.length;
  assertArgument(
    rigSize === avatar.rig.length,
    `rigSize must be the ${avatar.id} rig's ${avatar.rig.length} controls, got ${rigSize}`,
  );
  const config: GeneratorConfig = {
    rigSize,
    imageSize: options.imageSize ?? 64,
    width: options.width ?? 128,
  };
  validateGeneratorConfig(config);
  const boxes = options.boxes ?? avatarCropBoxes(avatar.id, config.imageSize);
  assertCropBox(boxes.eyes, config.imageSize, 'eyes');
  assertCropBox(boxes.mouth, config.imageSize, 'mouth');
  return { config, boxes };
}

/**
 * Creates a randomly initialised neural renderer for one avatar: a dense layer to a 4×4 map,
 * sub-pixel upsampling stages (3×3 convolution to 4× the channels, pixel shuffle, ReLU)
 * doubling it up to `imageSize`, and a 3×3 convolution to RGB that is added, in logits, to a
 * learned base image (initialised from `base`) before a sigmoid. The same seed gives the same
 * weights. Train it with {@link trainNeuralRenderer}.
 *
 * @throws FreeAvatarError for an unknown avatar, a rig size other than the avatar's, or a bad
 *   image size, width, seed or base image.
 * @example
 * ```ts
 * import { createNeuralRenderer } from '@freeavatar/animator';
 * const renderer = createNeuralRenderer({ avatar: 'robot', imageSize: 64, seed: 1 });
 * const images = renderer.render([new Float32Array(renderer.config.rigSize)]); // [1, 64, 64, 3]
 * images.dispose();
 * renderer.dispose();
 * ```
 */
export function createNeuralRenderer(options: NeuralRendererOptions): NeuralRenderer {
  const { config, boxes } = resolveNeuralRendererOptions(options);
  const seed = options.seed ?? 0;
  assertArgument(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
    `seed must be an integer in 0..4294967295, got ${seed}`,
  );
  if (options.base !== undefined) {
    assertRgbImage(options.base);
    assertArgument(
      options.base.width === config.imageSize && options.base.height === config.imageSize,
      `base must be a ${config.imageSize}×${config.imageSize} image, got ${options.base.width}×${options.base.height}`,
    );
  }
  const params = initGeneratorParams(config, seed, options.base);
  return neuralRendererFrom(options.avatar, config, boxes, params);
}
