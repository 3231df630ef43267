import { Worker } from 'node:worker_threads';
import { FreeAvatarError, type FreeAvatarErrorCode } from '@freeavatar/core';
import { synthJobBatches, type SynthBatchJob, type SynthBatchReply } from './synth-batch-worker.js';
import { workerScript } from './worker-script.js';

/** Batches the worker renders ahead of the one the caller is working on, by default. */
const DEFAULT_DEPTH = 2;

/**
 * Options of {@link renderedSynthBatches}.
 *
 * @example
 * ```ts
 * const options: RenderedBatchOptions = { worker: false };
 * ```
 */
export interface RenderedBatchOptions {
  /**
   * Render on a worker thread while the caller trains on the previous batch (default `true`);
   * `false`, or a missing worker script, renders on the calling thread between batches.
   */
  readonly worker?: boolean;
  /** Batches rendered ahead on the worker (default 2). */
  readonly depth?: number;
}

/**
 * The synth stream's batches of a job (faces or triplets, face-crop's aligned crops), rendered
 * on a worker thread ahead of the caller, so that rendering and training share the CPU's cores.
 * The batches are the very ones `faceBatches` / `tripletBatches` give on the calling thread
 * (same stream, same pixels), so a run's results do not depend on where it renders. Stopping
 * the iteration (`break`, `return()`) or an error ends the worker.
 *
 * @throws FreeAvatarError for bad batch or stream options (at the first batch), with the code
 *   and message the calling thread would give.
 * @example
 * ```ts
 * const job: SynthBatchJob = { kind: 'faces', options: { batchSize: 32, size: 64, split: 'train', seed: 1 } };
 * for await (const batch of renderedSynthBatches<FaceBatch>(job)) {
 *   // stack batch.images into a tensor and train while the worker renders the next batches
 * }
 * ```
 */
export async function* renderedSynthBatches<T>(
  job: SynthBatchJob,
  options: RenderedBatchOptions = {},
): AsyncGenerator<T, void, undefined> {
  const depth = options.depth ?? DEFAULT_DEPTH;
  if (!(Number.isInteger(depth) && depth >= 1)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `depth must be a positive integer, got ${depth}`,
      { subject: 'depth' },
    );
  }
  const script =
    options.worker === false ? undefined : workerScript('synth-batch-worker', import.meta.url);
  if (script === undefined) {
    yield* synthJobBatches(job) as AsyncGenerator<T, void, undefined>;
    return;
  }
  const worker = new Worker(script, { workerData: { synthBatches: true, job } });
  const queue: SynthBatchReply[] = [];
  let waiting: ((reply: SynthBatchReply) => void) | undefined;
  const deliver = (reply: SynthBatchReply): void => {
    const wake = waiting;
    waiting = undefined;
    if (wake) wake(reply);
    else queue.push(reply);
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ kind: 'error', message: error.message }));
  worker.on('exit', (code) =>
    deliver({ kind: 'error', message: `the synth batch worker stopped (exit code ${code})` }),
  );
  try {
    worker.postMessage({ credits: depth });
    for (;;) {
      const reply =
        queue.shift() ?? (await new Promise<SynthBatchReply>((resolve) => (waiting = resolve)));
      if (reply.kind === 'done') return;
      if (reply.kind === 'error') {
        throw new FreeAvatarError(
          (reply.code as FreeAvatarErrorCode | undefined) ?? 'INVALID_ARGUMENT',
          reply.message,
        );
      }
      worker.postMessage({ credits: 1 });
      yield reply.batch as T;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
