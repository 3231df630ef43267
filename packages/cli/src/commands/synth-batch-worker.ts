import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { FreeAvatarError } from '@freeavatar/core';
import type { FaceAlignment } from '@freeavatar/face-crop';
import {
  createAlignedFaceRenderer,
  faceBatches,
  tripletBatches,
  type BatchOptions,
  type FaceStreamOptions,
  type TripletSamplerOptions,
} from '@freeavatar/synth';

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
 * A message from the synth batch worker: a batch, the end of the stream, or an error with its
 * `FreeAvatarError` code.
 *
 * @example
 * ```ts
 * const reply: SynthBatchReply = { kind: 'done' };
 * ```
 */
export type SynthBatchReply =
  | { readonly kind: 'batch'; readonly batch: unknown }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly code?: string; readonly message: string };

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

/**
 * Renders the job's batches ahead of the main thread: it posts a batch for each credit the main
 * thread has sent (`{ credits: n }` messages), so at most that many wait rendered.
 */
async function serve(job: SynthBatchJob): Promise<void> {
  const port = parentPort!;
  let credits = 0;
  let wake: (() => void) | undefined;
  port.on('message', (message: { credits: number }) => {
    credits += message.credits;
    wake?.();
  });
  try {
    for await (const batch of synthJobBatches(job)) {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      port.postMessage({ kind: 'batch', batch } satisfies SynthBatchReply);
    }
    port.postMessage({ kind: 'done' } satisfies SynthBatchReply);
  } catch (error) {
    port.postMessage({
      kind: 'error',
      code: error instanceof FreeAvatarError ? error.code : undefined,
      message: error instanceof Error ? error.message : String(error),
    } satisfies SynthBatchReply);
  }
  port.close();
}

if (
  !isMainThread &&
  parentPort !== null &&
  (workerData as { synthBatches?: boolean })?.synthBatches
) {
  void serve((workerData as { job: SynthBatchJob }).job);
}
