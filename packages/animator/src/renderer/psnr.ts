import * as tf from '@tensorflow/tfjs';
import { assertArgument, assertRgbImage, type RgbImage } from '@freeavatar/core';

/**
 * Peak signal-to-noise ratio between two images, in dB: `10·log10(peak² / MSE)`. Images are
 * `RgbImage`s (peak 255) or float tensors of one shape with values in 0–1 (peak 1), e.g.
 * batches `[n, s, s, 3]` (the MSE is then over the whole batch). Identical images give
 * `Infinity`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when the images differ in kind or size.
 * @example
 * ```ts
 * import { psnr } from '@freeavatar/animator';
 * declare const groundTruth: tf.Tensor4D;
 * declare const rendered: tf.Tensor4D;
 * const db = psnr(groundTruth, rendered); // e.g. 24.3
 * ```
 */
export function psnr(a: RgbImage | tf.Tensor, b: RgbImage | tf.Tensor): number {
  if (a instanceof tf.Tensor || b instanceof tf.Tensor) {
    assertArgument(
      a instanceof tf.Tensor && b instanceof tf.Tensor,
      'psnr needs two tensors or two RgbImages, got one of each',
    );
    assertArgument(
      tf.util.arraysEqual(a.shape, b.shape),
      `psnr needs tensors of one shape, got [${a.shape}] and [${b.shape}]`,
    );
    assertArgument(a.size > 0, 'psnr needs non-empty tensors');
    const mse = tf.tidy(() => tf.mean(tf.squaredDifference(a.toFloat(), b.toFloat())));
    const value = mse.dataSync()[0];
    mse.dispose();
    return fromMse(value, 1);
  }
  assertRgbImage(a);
  assertRgbImage(b);
  assertArgument(
    a.width === b.width && a.height === b.height,
    `psnr needs images of one size, got ${a.width}×${a.height} and ${b.width}×${b.height}`,
  );
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = a.data[i] - b.data[i];
    sum += d * d;
  }
  return fromMse(sum / a.data.length, 255);
}

function fromMse(mse: number, peak: number): number {
  return mse === 0 ? Infinity : 10 * Math.log10((peak * peak) / mse);
}
