import { Worker } from 'node:worker_threads';
import { FreeAvatarError, type RgbImage } from '@freeavatar/core';
import type { PreviewOutput, PreviewOutputOptions } from './animate-preview-output.js';
import type { PreviewReply, PreviewRequest } from './animate-preview-worker.js';
import { workerScript } from './worker-script.js';

/** Frames handed to the worker and not yet written, before `add` waits for the oldest. */
const MAX_IN_FLIGHT = 8;

/**
 * Opens a preview that renders and writes its frames on a worker thread (see
 * `openPreviewOutput`); `undefined` where no worker script or thread is available, so that the
 * caller renders on its own thread instead.
 *
 * @throws FreeAvatarError the worker's error when it cannot open the preview (e.g. a bad cell
 *   size), with the same code and message as on the calling thread.
 * @example
 * ```ts
 * const preview = (await openPreviewWorker(options)) ?? (await openLocalPreview(options));
 * ```
 */
export async function openPreviewWorker(
  options: PreviewOutputOptions,
): Promise<PreviewOutput | undefined> {
  const script = workerScript('animate-preview-worker', import.meta.url);
  if (script === undefined) return undefined;
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: { ...options, worker: false } });
  } catch {
    return undefined;
  }
  const pending = new Map<number, { resolve: (r: PreviewReply) => void }>();
  let failure: Error | undefined;
  let nextId = 0;
  const fail = (error: Error): void => {
    failure ??= error;
    for (const { resolve } of pending.values()) resolve({ id: -1, kind: 'error' });
    pending.clear();
  };
  worker.on('message', (reply: PreviewReply) => {
    if (reply.kind === 'error') {
      fail(
        new FreeAvatarError(reply.code ?? 'INVALID_ARGUMENT', reply.message ?? 'preview failed'),
      );
    }
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => {
    if (pending.size > 0) fail(new Error(`the preview worker stopped (exit code ${code})`));
  });
  const request = (message: Omit<PreviewRequest, 'id'>, transfer: ArrayBuffer[] = []) => {
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId++;
    const reply = new Promise<PreviewReply>((resolve) => pending.set(id, { resolve }));
    worker.postMessage({ ...message, id }, transfer);
    return reply.then((r) => {
      if (failure !== undefined) throw failure;
      return r;
    });
  };
  let file: string;
  try {
    file = (await request({ kind: 'open' })).file as string;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  // Frames handed over; they settle when written, and a failure surfaces on the next call.
  const inFlight: Promise<unknown>[] = [];
  const settled = (p: Promise<unknown>): Promise<unknown> => p.catch(() => undefined);
  const check = (): void => {
    if (failure !== undefined) throw failure;
  };
  let count = 0;
  return {
    file,
    get frames() {
      return count;
    },
    async add(actor: RgbImage, rigs, faceFound) {
      check();
      const data = actor.data.slice();
      const copies = Object.fromEntries(
        Object.entries(rigs).map(([id, rig]) => [id, Float32Array.from(rig)]),
      );
      inFlight.push(
        settled(
          request(
            {
              kind: 'add',
              actor: { width: actor.width, height: actor.height, data },
              rigs: copies,
              faceFound,
            },
            [data.buffer],
          ),
        ),
      );
      count++;
      while (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
      check();
    },
    async close() {
      try {
        await Promise.all(inFlight.splice(0));
        check();
        return (await request({ kind: 'close' })).file;
      } finally {
        await worker.terminate();
      }
    },
    abort() {
      void request({ kind: 'abort' })
        .catch(() => undefined)
        .finally(() => worker.terminate());
    },
  };
}
