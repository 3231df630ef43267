import { assertArgument, type RgbImage } from '@freeavatar/core';
import { createFaceRenderer } from '../render/face-renderer.js';
import type { FaceLabel, FaceRenderer } from '../render/types.js';
import { createFaceSceneStream, type FaceStreamOptions } from './scene-stream.js';
import {
  createTripletSampler,
  type SynthTriplet,
  type SynthTripletType,
  type TripletSamplerOptions,
} from './triplets.js';

/**
 * How batches are cut and rendered, shared by {@link faceBatches} and {@link tripletBatches}.
 *
 * @example
 * ```ts
 * const options: BatchOptions = { batchSize: 32, size: 64, startBatch: 100, batches: 10 };
 * ```
 */
export interface BatchOptions {
  /** Samples per batch. */
  batchSize: number;
  /** Side of the square images in pixels. */
  size: number;
  /** Supersampling of the renderer (default 2). */
  supersample?: number;
  /** First batch to yield (default 0): a resumed run passes the step it stopped at. */
  startBatch?: number;
  /** How many batches to yield; default endless. */
  batches?: number;
}

/**
 * A batch of rendered faces with their labels.
 *
 * @example
 * ```ts
 * const options = { batchSize: 8, size: 64, split: 'train', seed: 1, batches: 1 } as const;
 * for await (const batch of faceBatches(options)) {
 *   const { images, labels }: FaceBatch = batch;
 *   console.log(images.length, labels[0].emotion);
 * }
 * ```
 */
export interface FaceBatch {
  /** Batch number: it holds samples `index·batchSize … (index + 1)·batchSize − 1`. */
  index: number;
  images: RgbImage[];
  labels: FaceLabel[];
  /** 468 projected landmarks per image, x y pairs. */
  landmarks2d: Float32Array[];
}

/**
 * A batch of rendered triplets, in the shape the expression encoder's triplet training reads
 * (once the images are stacked into tensors).
 *
 * @example
 * ```ts
 * const options = { batchSize: 8, size: 64, split: 'train', seed: 1, batches: 1 } as const;
 * for await (const batch of tripletBatches(options)) {
 *   const { anchor, positive, negative, types }: TripletImageBatch = batch;
 * }
 * ```
 */
export interface TripletImageBatch {
  /** Batch number: it holds triplets `index·batchSize … (index + 1)·batchSize − 1`. */
  index: number;
  anchor: RgbImage[];
  positive: RgbImage[];
  negative: RgbImage[];
  types: SynthTripletType[];
  /** The triplets the images show. */
  triplets: SynthTriplet[];
}

function checkBatchOptions(options: BatchOptions): { start: number; end: number } {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  assertArgument(
    Number.isInteger(options.batchSize) && options.batchSize >= 1,
    `batchSize must be a positive integer, got ${options.batchSize}`,
  );
  const start = options.startBatch ?? 0;
  assertArgument(
    Number.isSafeInteger(start) && start >= 0,
    `startBatch must be a non-negative integer, got ${start}`,
  );
  const count = options.batches ?? Infinity;
  assertArgument(
    count === Infinity || (Number.isInteger(count) && count >= 0),
    `batches must be a non-negative integer, got ${count}`,
  );
  return { start, end: start + count };
}

/** Lets timers and I/O run between batches, in Node and in browsers. */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Renders face batches on the fly for training: an async iterator that never touches the disk.
 * Batch `b` holds samples `b·batchSize …` of the seeded face stream (see
 * `createFaceSceneStream`), so the batches are the same on every run and a resumed run passes
 * `startBatch`. Rendering happens on the calling thread between `next()` calls (a 112 px face
 * costs a few milliseconds).
 *
 * @throws FreeAvatarError for bad batch or stream options, before the first batch.
 * @example
 * ```ts
 * import { faceBatches } from '@freeavatar/synth';
 * for await (const batch of faceBatches({ batchSize: 32, size: 64, split: 'train', seed: 1, batches: 100 })) {
 *   const weights = batch.labels.map((l) => l.weights);
 *   // ... stack batch.images into a tensor and train
 * }
 * ```
 */
export function faceBatches(
  options: BatchOptions & FaceStreamOptions & { renderer?: FaceRenderer },
): AsyncGenerator<FaceBatch, void, undefined> {
  const { start, end } = checkBatchOptions(options);
  const stream = createFaceSceneStream(options);
  const renderer =
    options.renderer ??
    createFaceRenderer({ size: options.size, supersample: options.supersample });
  assertArgument(
    renderer.size === options.size,
    `renderer size ${renderer.size} differs from size ${options.size}`,
  );
  const { batchSize } = options;
  return (async function* () {
    for (let b = start; b < end; b++) {
      const batch: FaceBatch = { index: b, images: [], labels: [], landmarks2d: [] };
      for (let i = b * batchSize; i < (b + 1) * batchSize; i++) {
        const { image, label, landmarks2d } = renderer.render(stream.sceneAt(i));
        batch.images.push(image);
        batch.labels.push(label);
        batch.landmarks2d.push(landmarks2d);
      }
      yield batch;
      await pause();
    }
  })();
}

/**
 * Renders triplet batches on the fly for triplet fine-tuning: batch `b` holds triplets
 * `b·batchSize …` of `createTripletSampler(options)`, each as anchor, positive and negative
 * images with its FEC type. Deterministic for the options; resume with `startBatch`.
 *
 * @throws FreeAvatarError for bad batch or sampler options, before the first batch.
 * @example
 * ```ts
 * import { tripletBatches } from '@freeavatar/synth';
 * const batches = tripletBatches({ batchSize: 16, size: 64, split: 'train', seed: 2 });
 * const { value } = await batches.next();
 * console.log(value?.types); // e.g. ['TWO_CLASS', 'ONE_CLASS', ...]
 * ```
 */
export function tripletBatches(
  options: BatchOptions & TripletSamplerOptions & { renderer?: FaceRenderer },
): AsyncGenerator<TripletImageBatch, void, undefined> {
  const { start, end } = checkBatchOptions(options);
  const sampler = createTripletSampler(options);
  const renderer =
    options.renderer ??
    createFaceRenderer({
      size: options.size,
      supersample: options.supersample,
      categorizer: sampler.categorizer,
    });
  assertArgument(
    renderer.size === options.size,
    `renderer size ${renderer.size} differs from size ${options.size}`,
  );
  const { batchSize } = options;
  return (async function* () {
    for (let b = start; b < end; b++) {
      const batch: TripletImageBatch = {
        index: b,
        anchor: [],
        positive: [],
        negative: [],
        types: [],
        triplets: [],
      };
      for (let i = b * batchSize; i < (b + 1) * batchSize; i++) {
        const t = sampler.tripletAt(i);
        batch.anchor.push(renderer.render(t.faces[t.anchor]).image);
        batch.positive.push(renderer.render(t.faces[t.positive]).image);
        batch.negative.push(renderer.render(t.faces[t.negative]).image);
        batch.types.push(t.type);
        batch.triplets.push(t);
      }
      yield batch;
      await pause();
    }
  })();
}
