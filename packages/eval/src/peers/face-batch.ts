import * as tf from '@tensorflow/tfjs';
import type { RgbImage } from '@freeavatar/core';

/** ITU-R BT.601 luma weights, the grey of the FER-2013 classifiers. */
const LUMA = [0.2989, 0.587, 0.114];

/**
 * One image as a `[size, size, c]` float tensor in 0–1: the centred square, minus `inset` of
 * its side on each edge, average-pooled by the whole factor when it is at least twice `size`,
 * then bilinearly resized. Call inside `tf.tidy`.
 */
export function squareFaceTensor(image: RgbImage, size: number, inset: number): tf.Tensor3D {
  const side = Math.min(image.width, image.height);
  const cut = Math.round(side * inset);
  const keep = Math.max(1, side - 2 * cut);
  const top = Math.floor((image.height - side) / 2) + cut;
  const left = Math.floor((image.width - side) / 2) + cut;
  let x = tf.slice(
    tf.div(tf.tensor3d(image.data, [image.height, image.width, 3], 'float32'), 255),
    [top, left, 0],
    [keep, keep, 3],
  ) as tf.Tensor3D;
  const factor = Math.floor(keep / size);
  if (factor >= 2) x = tf.avgPool(x, factor, factor, 'valid');
  if (x.shape[0] !== size || x.shape[1] !== size) {
    x = tf.image.resizeBilinear(x, [size, size], false, true);
  }
  return x;
}

/**
 * Faces as one grey batch `[n, size, size, 1]` in 0–1 (luma of each
 * {@link squareFaceTensor}). Call inside `tf.tidy`.
 */
export function greyFaceBatch(
  images: readonly RgbImage[],
  size: number,
  inset: number,
): tf.Tensor4D {
  const rgb = tf.stack(images.map((image) => squareFaceTensor(image, size, inset))) as tf.Tensor4D;
  return tf.sum(tf.mul(rgb, tf.tensor1d(LUMA)), 3, true) as tf.Tensor4D;
}

/** Faces as one RGB batch `[n, size, size, 3]` in 0–1. Call inside `tf.tidy`. */
export function rgbFaceBatch(
  images: readonly RgbImage[],
  size: number,
  inset: number,
): tf.Tensor4D {
  return tf.stack(images.map((image) => squareFaceTensor(image, size, inset))) as tf.Tensor4D;
}
