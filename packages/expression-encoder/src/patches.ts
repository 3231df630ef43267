import * as tf from '@tensorflow/tfjs';
import { assertArgument, assertTensor } from '@freeavatar/core';

/**
 * Cuts a batch of square images `[n, size, size, c]` into non-overlapping `patch × patch`
 * patches, returned as rows of one `[n * (size/patch)², patch * patch * c]` tensor in row-major
 * patch order; each row holds the patch's pixels row by row, channels interleaved.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { patchify } from '@freeavatar/expression-encoder';
 * const rows = patchify(tf.zeros([2, 64, 64, 3]), 8); // [128, 192]
 * ```
 */
export function patchify(images: tf.Tensor4D, patch: number): tf.Tensor2D {
  assertTensor(images, 'images');
  const [n, height, width, channels] = images.shape;
  assertArgument(
    height === width && height % patch === 0,
    `patchify needs square images whose size is a multiple of ${patch}, got ${height}x${width}`,
  );
  const grid = height / patch;
  return tf.tidy(() => {
    // [n*grid, patch, grid, patch*c] → [n*grid, grid, patch, patch*c]: one rank-4 transpose.
    const rows = tf.reshape(images, [n * grid, patch, grid, patch * channels]);
    const moved = tf.transpose(rows, [0, 2, 1, 3]);
    return tf.reshape(moved, [n * grid * grid, patch * patch * channels]);
  });
}

/**
 * The inverse of {@link patchify}: rows `[n * grid², patch * patch * c]` back into images
 * `[n, grid * patch, grid * patch, c]`.
 *
 * @example
 * ```ts
 * declare const batch: tf.Tensor4D; // [2, 16, 16, 3]
 * const images = unpatchify(patchify(batch, 8), 2, 8); // same as batch
 * ```
 */
export function unpatchify(rows: tf.Tensor2D, n: number, patch: number, channels = 3): tf.Tensor4D {
  assertTensor(rows, 'rows');
  const tokens = rows.shape[0] / n;
  const grid = Math.round(Math.sqrt(tokens));
  assertArgument(
    Number.isInteger(tokens) &&
      grid * grid === tokens &&
      rows.shape[1] === patch * patch * channels,
    `unpatchify: rows of shape [${rows.shape}] do not form ${n} square grids of ${patch}x${patch}x${channels} patches`,
  );
  return tf.tidy(() => {
    const blocks = tf.reshape(rows, [n * grid, grid, patch, patch * channels]);
    const moved = tf.transpose(blocks, [0, 2, 1, 3]);
    return tf.reshape(moved, [n, grid * patch, grid * patch, channels]);
  });
}
