import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { FaceAlignment } from '@freeavatar/face-crop';
import {
  createAlignedFaceRenderer,
  faceBatches,
  tripletBatches,
  type BatchOptions,
  type FaceStreamOptions,
  type TripletSamplerOptions,
} from '@freeavatar/synth';
import { serveItems } from './worker-stream.js';

/**
 * What the synth batch worker renders (see `renderedSynthBatches`): face or triplet batches of
 * the synth stream, as face-crop's aligned crops of `size` pixels. Plain data only: it crosses
 * to the worker thread by structured clone.
 *
 * @example
 * ```ts
 * const job: SynthBatchJob = { kind: 'faces', options: { batchSize: 32, size: 64, split: 'train', seed: 1 } };
 * ```
 */
export type SynthBatchJob = (
  | { readonly kind: 'faces'; readonly options: BatchOptions & FaceStreamOptions }
  | { readonly kind: 'triplets'; readonly options: BatchOptions & TripletSamplerOptions }
) & {
  /** How the faces are cropped (default `'eyes-mouth'`). */
  readonly alignment?: FaceAlignment;
};

/**
 * The in-thread batches of a job: what the worker runs, and what runs where no worker can.
 *
 * @throws FreeAvatarError for bad batch or stream options, before the first batch.
 * @example
 * ```ts
 * for await (const batch of synthJobBatches(job)) console.log(batch);
 * ```
 */
export function synthJobBatches(job: SynthBatchJob): AsyncGenerator<unknown, void, undefined> {
  const renderer = createAlignedFaceRenderer({ size: job.options.size, alignment: job.alignment });
  return job.kind === 'faces'
    ? faceBatches({ ...job.options, renderer })
    : tripletBatches({ ...job.options, renderer });
}

if (
  !isMainThread &&
  parentPort !== null &&
  (workerData as { synthBatches?: boolean })?.synthBatches
) {
  void serveItems(() => synthJobBatches((workerData as { job: SynthBatchJob }).job));
}
