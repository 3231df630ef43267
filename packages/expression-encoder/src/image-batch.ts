import * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertObject,
  assertRgbImage,
  toImageTensor,
  type ImageInput,
  type RgbImage,
} from '@freeavatar/core';

/**
 * Faces given to the encoder: one `[n, h, w, 3]` tensor, or a list of single images (tensors
 * `[h, w, 3]`, `RgbImage`s, ImageData / canvas / image / video elements, or file paths in
 * Node). Tensors are `int32` 0–255, or float: 0–1, or 0–255 when any value exceeds 1.
 */
export type FaceBatchInput = tf.Tensor4D | readonly ImageInput[];

/**
 * Resizes one image `[h, w, 3]` (float, any range) to a `size × size` square: a centred square
 * crop, an integer-factor average pool when shrinking by 2× or more (against aliasing), then a
 * bilinear resize.
 */
function squareResize(image: tf.Tensor3D, size: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [h, w] = image.shape;
    const side = Math.min(h, w);
    let x: tf.Tensor3D =
      h === w
        ? image
        : tf.slice(
            image,
            [Math.floor((h - side) / 2), Math.floor((w - side) / 2), 0],
            [side, side, 3],
          );
    const factor = Math.floor(side / size);
    if (factor >= 2) x = tf.avgPool(x, factor, factor, 'valid');
    if (x.shape[0] !== size || x.shape[1] !== size) {
      x = tf.image.resizeBilinear(x, [size, size], false, true);
    }
    return x;
  });
}

async function toUnitRange(batch: tf.Tensor4D): Promise<tf.Tensor4D> {
  if (batch.dtype === 'int32')
    return tf.tidy(() => tf.div<tf.Tensor4D>(tf.cast(batch, 'float32'), 255));
  // An awaited read, not dataSync: WebGPU in Node cannot read synchronously.
  const maxTensor = tf.max(batch);
  const max = (await maxTensor.data())[0];
  maxTensor.dispose();
  return tf.tidy(() => (max > 1 ? tf.div(batch, 255) : tf.cast(batch, 'float32')) as tf.Tensor4D);
}

/**
 * Turns faces into one float batch `[n, size, size, 3]` in 0–1, ready for the encoder. The
 * caller owns the result; inputs are not disposed.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an empty list or a tensor that is not
 *   `[n, h, w, 3]`.
 * @example
 * ```ts
 * const batch = await facesToBatch(['a.png', 'b.png'], 64);
 * ```
 */
export async function facesToBatch(faces: FaceBatchInput, size: number): Promise<tf.Tensor4D> {
  assertArgument(
    Number.isInteger(size) && size > 0,
    `size must be a positive integer, got ${size}`,
  );
  if (faces instanceof tf.Tensor) {
    assertArgument(
      faces.rank === 4 && faces.shape[3] === 3 && faces.shape[0] > 0,
      `a face tensor must have shape [n, h, w, 3] with n ≥ 1, got [${faces.shape}]`,
    );
    const unit = await toUnitRange(faces);
    const [, h, w] = unit.shape;
    if (h === size && w === size) return unit;
    try {
      return tf.tidy(() => {
        const items = tf.unstack(unit).map((img) => squareResize(img as tf.Tensor3D, size));
        return tf.stack(items) as tf.Tensor4D;
      });
    } finally {
      unit.dispose();
    }
  }
  assertArgument(
    Array.isArray(faces) && faces.length > 0,
    'faces must be a [n, h, w, 3] tensor or a non-empty array of images',
  );
  const resized: tf.Tensor3D[] = [];
  try {
    for (const face of faces) {
      const t = await toImageTensor(face);
      try {
        resized.push(
          tf.tidy(() => squareResize(tf.div(tf.cast(t, 'float32'), 255) as tf.Tensor3D, size)),
        );
      } finally {
        t.dispose();
      }
    }
    return tf.stack(resized) as tf.Tensor4D;
  } finally {
    tf.dispose(resized);
  }
}

/**
 * Crops a normalised box from an `RgbImage`, widened to a square about its centre (and
 * grown by `margin` of its side), and resizes it to `size × size`, as a float tensor
 * `[size, size, 3]` in 0–1. Parts outside the image are black. The caller owns the result.
 *
 * @param box - left, right, top, bottom as fractions of the width / height.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const image: RgbImage;
 * const face = cropBox(image, { left: 0.3, right: 0.6, top: 0.2, bottom: 0.6 }, 64);
 * ```
 */
export function cropBox(
  image: RgbImage,
  box: { left: number; right: number; top: number; bottom: number },
  size: number,
  margin = 0,
): tf.Tensor3D {
  assertRgbImage(image);
  assertObject(box, 'box');
  const { width, height } = image;
  assertArgument(
    box.right > box.left && box.bottom > box.top,
    `box must have right > left and bottom > top, got ${JSON.stringify(box)}`,
  );
  const cx = ((box.left + box.right) / 2) * width;
  const cy = ((box.top + box.bottom) / 2) * height;
  const side =
    Math.max((box.right - box.left) * width, (box.bottom - box.top) * height) * (1 + margin);
  const factor = Math.floor(side / size);
  const pool = factor >= 2 && height >= factor && width >= factor ? factor : 1;
  return tf.tidy(() => {
    const pixels = tf.tensor4d(image.data, [1, height, width, 3], 'int32');
    let source = tf.div(tf.cast(pixels, 'float32'), 255) as tf.Tensor4D;
    if (pool > 1) source = tf.avgPool(source, pool, pool, 'valid');
    const [sh, sw] = [source.shape[1], source.shape[2]];
    // Pixel coordinate p of the original is (p − (pool − 1) / 2) / pool in the pooled image.
    const toY = (p: number): number => (p - (pool - 1) / 2) / pool / Math.max(1, sh - 1);
    const toX = (p: number): number => (p - (pool - 1) / 2) / pool / Math.max(1, sw - 1);
    const boxes = tf.tensor2d([
      [toY(cy - side / 2), toX(cx - side / 2), toY(cy + side / 2), toX(cx + side / 2)],
    ]);
    return tf.squeeze(
      tf.image.cropAndResize(source, boxes, [0], [size, size], 'bilinear', 0),
      [0],
    ) as tf.Tensor3D;
  });
}
