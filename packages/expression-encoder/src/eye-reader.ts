import * as tf from '@tensorflow/tfjs';
import { assertObject, assertTensor } from '@freeavatar/core';
import { eyeBand } from './eye-branch.js';
import type { ParamShapes, Params } from './params.js';
import type { VitConfig } from './presets.js';

/** Channels of the eye reader's four 3×3 convolutions (strides 1, 2, 2, 2). */
export const EYE_READER_CHANNELS = [16, 32, 64, 64] as const;

const STRIDES = [1, 2, 2, 2] as const;

/** Height and width of the last convolution's output on a band of `height × width`. */
function cells(height: number, width: number): number {
  const shrink = (side: number) => STRIDES.reduce((s, stride) => Math.ceil(s / stride), side);
  return shrink(height) * shrink(width);
}

/**
 * Shapes of the eye reader's parameters (none when `config.eyeReader` is 0), without the
 * `eyeReader/` prefix: four 3×3 convolutions over the eye band (`EYE_READER_CHANNELS`) and a
 * dense ReLU layer from their joined output to `config.eyeReader` values.
 *
 * @example
 * ```ts
 * eyeReaderParamShapes(resolveVitConfig({ eyeReader: 128 }))['dense/kernel']; // [1152, 128]
 * ```
 */
export function eyeReaderParamShapes(config: VitConfig): ParamShapes {
  assertObject(config, 'config');
  const width = config.eyeReader;
  if (width === 0) return {};
  const band = eyeBand(config.imageSize);
  const shapes: Record<string, number[]> = {};
  let channels = 3;
  EYE_READER_CHANNELS.forEach((out, i) => {
    shapes[`conv${i}/kernel`] = [3, 3, channels, out];
    shapes[`conv${i}/bias`] = [out];
    channels = out;
  });
  const joined = cells(band.height, band.width) * channels;
  shapes['dense/kernel'] = [joined, width];
  shapes['dense/bias'] = [width];
  return shapes;
}

/**
 * The eye reader's feature of images `[n, s, s, 3]` in 0–1, `[n, eyeReader]`: the band of the
 * crop that holds the eyes and brows (`eyeBand`) through four small convolutions (ReLU), joined
 * in position order (a left blink differs from a right one) and mapped by a dense ReLU layer. A
 * convolution reads a lid or an iris a few pixels across, where an 8 px patch token of the
 * backbone sees a whole eye. The embedding head reads it beside the pooled feature.
 *
 * @example
 * ```ts
 * declare const model: ExpressionModel;
 * declare const images: tf.Tensor4D;
 * const eyes = tf.tidy(() => eyeReaderFeature(model.eyeReader, images, model.config)); // [n, 128]
 * ```
 */
export function eyeReaderFeature(
  params: Params,
  images: tf.Tensor4D,
  config: VitConfig,
): tf.Tensor2D {
  assertObject(params, 'params');
  assertTensor(images, 'images');
  assertObject(config, 'config');
  const band = eyeBand(config.imageSize);
  return tf.tidy((): tf.Tensor2D => {
    let x: tf.Tensor4D = tf.slice(
      images,
      [0, band.top, band.left, 0],
      [-1, band.height, band.width, 3],
    );
    STRIDES.forEach((stride, i) => {
      const conv = tf.conv2d(x, params[`conv${i}/kernel`] as tf.Tensor4D, stride, 'same');
      x = tf.relu(tf.add(conv, params[`conv${i}/bias`])) as tf.Tensor4D;
    });
    const joined = tf.reshape(x, [images.shape[0], -1]) as tf.Tensor2D;
    return tf.relu(
      tf.add(tf.matMul(joined, params['dense/kernel']), params['dense/bias']) as tf.Tensor2D,
    );
  });
}
