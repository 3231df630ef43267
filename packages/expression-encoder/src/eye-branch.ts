import * as tf from '@tensorflow/tfjs';
import { assertObject } from '@freeavatar/core';
import type { ParamShapes, Params } from './params.js';
import type { VitConfig } from './presets.js';

/**
 * Where the eye band lies in a crop, in pixels: rows `top…top+height`, columns `left…left+width`.
 *
 * @example
 * ```ts
 * const { top, height }: EyeBand = eyeBand(64); // rows 10 to 34
 * ```
 */
export interface EyeBand {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/**
 * The band of an aligned crop that holds the eyes and brows: 37.5% of the crop high from 15% down,
 * the middle 75% across (rows 10–34 and columns 8–56 of a 64 px crop, whose template puts the eye
 * corners on row 22). Both of face-crop's alignments share that frame. Sides are multiples of 4,
 * so that two stride-2 convolutions tile them.
 *
 * @example
 * ```ts
 * eyeBand(64); // { top: 10, left: 8, height: 24, width: 48 }
 * ```
 */
export function eyeBand(imageSize: number): EyeBand {
  const height = 4 * Math.max(1, Math.round((0.375 * imageSize) / 4));
  const width = 4 * Math.max(1, Math.round((0.75 * imageSize) / 4));
  return {
    top: Math.round(0.15 * imageSize),
    left: Math.round((imageSize - width) / 2),
    height,
    width,
  };
}

/** Channels of the eye branch's three convolutions for `VitConfig.eyeBranch` = k. */
function channels(k: number): [number, number, number] {
  return [Math.max(4, k >> 1), k, k];
}

/**
 * Shapes of the eye branch's parameters (none when `config.eyeBranch` is 0): three 3×3
 * convolutions (stride 1, 2, 2) and the map from their joined output to the pooled feature.
 *
 * @example
 * ```ts
 * eyeBranchParamShapes(resolveVitConfig({ eyeBranch: 16 }))['eyes/proj/kernel']; // [1152, 128]
 * ```
 */
export function eyeBranchParamShapes(config: VitConfig): ParamShapes {
  assertObject(config, 'config');
  const k = config.eyeBranch;
  if (k === 0) return {};
  const [c0, c1, c2] = channels(k);
  const band = eyeBand(config.imageSize);
  const cells = (band.height / 4) * (band.width / 4);
  return {
    'eyes/conv0/kernel': [3, 3, 3, c0],
    'eyes/conv0/bias': [c0],
    'eyes/conv1/kernel': [3, 3, c0, c1],
    'eyes/conv1/bias': [c1],
    'eyes/conv2/kernel': [3, 3, c1, c2],
    'eyes/conv2/bias': [c2],
    'eyes/proj/kernel': [cells * c2, config.dim],
    'eyes/proj/bias': [config.dim],
  };
}

/**
 * What the eye branch adds to the pooled feature before its norm, `[n, dim]`: the eye band of
 * images `[n, s, s, 3]` in 0–1 through three small convolutions (ReLU), joined in position order
 * (so a left blink and a right one differ) and mapped to the token width. A convolution reads a
 * lid or an iris a few pixels across where an 8 px patch token sees a whole eye.
 */
export function eyeBranchFeature(
  params: Params,
  images: tf.Tensor4D,
  config: VitConfig,
): tf.Tensor2D {
  const band = eyeBand(config.imageSize);
  return tf.tidy(() => {
    const pixels = tf.slice(images, [0, band.top, band.left, 0], [-1, band.height, band.width, 3]);
    let x = tf.sub(tf.mul(pixels, 2), 1) as tf.Tensor4D;
    [1, 2, 2].forEach((stride, i) => {
      const conv = tf.conv2d(x, params[`eyes/conv${i}/kernel`] as tf.Tensor4D, stride, 'same');
      x = tf.relu(tf.add(conv, params[`eyes/conv${i}/bias`])) as tf.Tensor4D;
    });
    const joined = tf.reshape(x, [images.shape[0], -1]) as tf.Tensor2D;
    return tf.add(tf.matMul(joined, params['eyes/proj/kernel']), params['eyes/proj/bias']);
  });
}
