import { synthJobBatches, type SynthBatchJob } from './synth-batch-worker.js';
import { workerScript } from './worker-script.js';
import { assertDepth, workerItems } from './worker-stream.js';

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
  assertDepth(depth);
  const script =
    options.worker === false ? undefined : workerScript('synth-batch-worker', import.meta.url);
  if (script === undefined) {
    yield* synthJobBatches(job) as AsyncGenerator<T, void, undefined>;
    return;
  }
  yield* workerItems<T>(script, { synthBatches: true, job }, depth, 'the synth batch worker');
}
