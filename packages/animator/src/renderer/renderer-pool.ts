import * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertObject,
  createRng,
  describeValue,
  progressReporter,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import type { AvatarId, AvatarPairStream } from '@freeavatar/synth';
import type { RendererBatch } from './train-renderer.js';

/** Largest pool kept in memory, in image bytes (2 GiB). */
const MAX_POOL_BYTES = 2 ** 31;

/**
 * A fixed set of rendered training pairs kept in memory (rigs as floats, images as bytes), so
 * a renderer can train many epochs over them while each step costs only the network.
 *
 * @example
 * ```ts
 * import { createAvatarPairStream } from '@freeavatar/synth';
 * const stream = createAvatarPairStream({ avatar: 'robot', size: 64 });
 * const pool: RendererPool = createRendererPool(stream, 4096);
 * ```
 */
export interface RendererPool {
  readonly avatar: AvatarId;
  /** Side of the square images. */
  readonly size: number;
  readonly rigSize: number;
  /** Pairs in the pool. */
  readonly count: number;
  /** `count × rigSize` rig values, pair by pair. */
  readonly rigs: Float32Array;
  /** `count × size × size × 3` RGB bytes, pair by pair. */
  readonly images: Uint8Array;
  /** The pairs at `indices` as one batch; the caller owns its tensors. */
  batch(indices: readonly number[]): RendererBatch;
  /** The per-pixel mean of all the pool's images. */
  meanImage(): RgbImage;
}

/**
 * Renders pairs `first … first + count − 1` of an avatar pair stream once and keeps them as a
 * {@link RendererPool}. Reports progress as task `render:pool:<avatar>` in `pairs`.
 *
 * @throws FreeAvatarError for a count below 1, a negative start, or a pool over 2 GiB.
 * @example
 * ```ts
 * import { createAvatarPairStream } from '@freeavatar/synth';
 * import { createRendererPool } from '@freeavatar/animator';
 * const stream = createAvatarPairStream({ avatar: 'toon', size: 64, seed: 1 });
 * const pool = createRendererPool(stream, 2048);
 * const { rigs, images } = pool.batch([0, 5, 9]); // [3, 21] and [3, 64, 64, 3]
 * tf.dispose([rigs, images]);
 * ```
 */
export function createRendererPool(
  stream: AvatarPairStream,
  count: number,
  options: { first?: number; onProgress?: ProgressCallback } = {},
): RendererPool {
  const first = options.first ?? 0;
  assertArgument(
    Number.isInteger(count) && count >= 1,
    `pool count must be a positive integer, got ${count}`,
  );
  assertArgument(
    Number.isInteger(first) && first >= 0,
    `first must be a non-negative integer, got ${first}`,
  );
  const { size } = stream;
  const pixels = size * size * 3;
  assertArgument(
    count * pixels <= MAX_POOL_BYTES,
    `a pool of ${count} images of ${size} px needs ${count * pixels} bytes, over the 2 GiB limit`,
  );
  const rigSize = stream.avatar.rig.length;
  const rigs = new Float32Array(count * rigSize);
  const images = new Uint8Array(count * pixels);
  const report = progressReporter(options.onProgress);
  const task = `render:pool:${stream.avatar.id}`;
  const every = Math.max(1, Math.floor(count / 100));
  for (let i = 0; i < count; i++) {
    const pair = stream.pairAt(first + i);
    rigs.set(pair.rig, i * rigSize);
    images.set(pair.image.data, i * pixels);
    if ((i + 1) % every === 0 || i + 1 === count) {
      report({ task, done: i + 1, total: count, unit: 'pairs' });
    }
  }
  return rendererPoolFrom({ avatar: stream.avatar.id, size, rigSize, rigs, images });
}

/**
 * Wraps rig and image arrays (e.g. read back from a cache file) as a {@link RendererPool}.
 *
 * @throws FreeAvatarError when `data` is not an object, or the array lengths do not match
 *   `size`, `rigSize` and each other.
 * @example
 * ```ts
 * declare const rigs: Float32Array; // count × 12
 * declare const images: Uint8Array; // count × 64 × 64 × 3
 * const pool = rendererPoolFrom({ avatar: 'robot', size: 64, rigSize: 12, rigs, images });
 * ```
 */
export function rendererPoolFrom(data: {
  avatar: AvatarId;
  size: number;
  rigSize: number;
  rigs: Float32Array;
  images: Uint8Array;
}): RendererPool {
  assertObject(data, 'data');
  const { avatar, size, rigSize, rigs, images } = data;
  assertArgument(
    Number.isInteger(size) && size >= 1 && Number.isInteger(rigSize) && rigSize >= 1,
    `pool size and rigSize must be positive integers, got ${size} and ${rigSize}`,
  );
  const pixels = size * size * 3;
  const count = rigs instanceof Float32Array ? rigs.length / rigSize : NaN;
  assertArgument(
    rigs instanceof Float32Array && Number.isInteger(count) && count >= 1,
    `pool rigs must be a Float32Array of n × ${rigSize} values, got ${
      rigs instanceof Float32Array ? `${rigs.length} values` : describeValue(rigs)
    }`,
  );
  assertArgument(
    images instanceof Uint8Array && images.length === count * pixels,
    `pool images must be a Uint8Array of ${count} × ${size}×${size}×3 bytes, got ${images?.length}`,
  );
  return {
    avatar,
    size,
    rigSize,
    count,
    rigs,
    images,
    batch(indices) {
      assertArgument(indices.length >= 1, 'a pool batch needs at least one index');
      const rigValues = new Float32Array(indices.length * rigSize);
      const imageValues = new Float32Array(indices.length * pixels);
      indices.forEach((index, i) => {
        assertArgument(
          Number.isInteger(index) && index >= 0 && index < count,
          `pool index must be an integer in 0..${count - 1}, got ${index}`,
        );
        rigValues.set(rigs.subarray(index * rigSize, (index + 1) * rigSize), i * rigSize);
        const from = index * pixels;
        const to = i * pixels;
        for (let j = 0; j < pixels; j++) imageValues[to + j] = images[from + j] / 255;
      });
      return {
        rigs: tf.tensor2d(rigValues, [indices.length, rigSize]),
        images: tf.tensor4d(imageValues, [indices.length, size, size, 3]),
      };
    },
    meanImage() {
      const sum = new Float64Array(pixels);
      for (let i = 0; i < count; i++) {
        const from = i * pixels;
        for (let j = 0; j < pixels; j++) sum[j] += images[from + j];
      }
      return {
        width: size,
        height: size,
        data: Uint8Array.from(sum, (v) => Math.round(v / count)),
      };
    },
  };
}

/**
 * The pool indices of training step `step`: samples `step · batchSize … + batchSize − 1` of an
 * endless sequence of epochs, each a fresh seeded shuffle of the pool. A function of its
 * arguments only, so runs are deterministic and resume exactly.
 *
 * @throws FreeAvatarError for non-integer or out-of-range arguments.
 * @example
 * ```ts
 * poolBatchIndices(4096, 1, 0, 16); // 16 distinct indices in 0..4095
 * ```
 */
export function poolBatchIndices(
  count: number,
  seed: number,
  step: number,
  batchSize: number,
): number[] {
  assertArgument(
    Number.isInteger(count) && count >= 1,
    `count must be a positive integer, got ${count}`,
  );
  assertArgument(Number.isInteger(step) && step >= 0, `step must be an integer ≥ 0, got ${step}`);
  assertArgument(
    Number.isInteger(batchSize) && batchSize >= 1,
    `batchSize must be a positive integer, got ${batchSize}`,
  );
  const root = createRng(seed).fork('renderer-pool');
  const epochs = new Map<number, Uint32Array>();
  const order = (epoch: number): Uint32Array => {
    let perm = epochs.get(epoch);
    if (perm === undefined) {
      perm = Uint32Array.from({ length: count }, (_, i) => i);
      const rng = root.fork(epoch);
      for (let i = count - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      epochs.set(epoch, perm);
    }
    return perm;
  };
  return Array.from({ length: batchSize }, (_, i) => {
    const sample = step * batchSize + i;
    return order(Math.floor(sample / count))[sample % count];
  });
}
