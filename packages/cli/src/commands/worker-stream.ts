import { parentPort, Worker } from 'node:worker_threads';
import { FreeAvatarError, type FreeAvatarErrorCode } from '@freeavatar/core';

/**
 * A message from a worker that streams items (see {@link serveItems}): an item, the end of the
 * stream, or an error with its `FreeAvatarError` code.
 *
 * @example
 * ```ts
 * const reply: WorkerStreamReply<number> = { kind: 'item', item: 7 };
 * ```
 */
export type WorkerStreamReply<T> =
  | { readonly kind: 'item'; readonly item: T }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly code?: string; readonly message: string };

/**
 * Worker side: posts the items of `items()` to the parent thread, one for each credit the parent
 * has sent (`{ credits: n }` messages), so that at most that many wait made; then `done`, or the
 * error that stopped it (thrown by `items` itself or during the iteration). `transfer` names the
 * buffers of an item to hand over without a copy.
 *
 * @example
 * ```ts
 * if (!isMainThread) void serveItems(() => renderBatches(workerData.job));
 * ```
 */
export async function serveItems<T>(
  items: () => AsyncIterable<T>,
  transfer: (item: T) => ArrayBuffer[] = () => [],
): Promise<void> {
  const port = parentPort!;
  let credits = 0;
  let wake: (() => void) | undefined;
  port.on('message', (message: { credits: number }) => {
    credits += message.credits;
    wake?.();
  });
  try {
    for await (const item of items()) {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      port.postMessage({ kind: 'item', item } satisfies WorkerStreamReply<T>, transfer(item));
    }
    port.postMessage({ kind: 'done' } satisfies WorkerStreamReply<T>);
  } catch (error) {
    port.postMessage({
      kind: 'error',
      code: error instanceof FreeAvatarError ? error.code : undefined,
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerStreamReply<T>);
  }
  port.close();
}

/**
 * The pixel buffers of `images` that can go to another thread without a copy: those each image
 * owns whole (a view into a shared or pooled buffer is copied instead).
 *
 * @example
 * ```ts
 * port.postMessage(item, ownedBuffers([frame.image, ...faces.map((f) => f.crop)]));
 * ```
 */
export function ownedBuffers(images: readonly { readonly data: Uint8Array }[]): ArrayBuffer[] {
  const owned = images
    .map((image) => image.data)
    .filter(
      (data) =>
        data.buffer instanceof ArrayBuffer &&
        data.byteOffset === 0 &&
        data.byteLength === data.buffer.byteLength,
    )
    .map((data) => data.buffer as ArrayBuffer);
  return [...new Set(owned)];
}

/**
 * Throws unless `depth` (items made ahead) is a positive integer.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the bad depth.
 * @example
 * ```ts
 * assertDepth(options.depth ?? 2);
 * ```
 */
export function assertDepth(depth: number): void {
  if (!(Number.isInteger(depth) && depth >= 1)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `depth must be a positive integer, got ${depth}`,
      { subject: 'depth' },
    );
  }
}

/**
 * Parent side: the items a worker thread running {@link serveItems} makes, `depth` of them
 * ahead of the caller. A worker error surfaces as a `FreeAvatarError` with the worker's code
 * and message; stopping the iteration (`break`, `return()`) or an error ends the worker.
 *
 * @throws FreeAvatarError the worker's error; `INVALID_ARGUMENT` with no code of its own.
 * @example
 * ```ts
 * for await (const batch of workerItems<Batch>(script, { job }, 2, 'the synth batch worker')) use(batch);
 * ```
 */
export async function* workerItems<T>(
  script: URL,
  workerData: unknown,
  depth: number,
  name: string,
): AsyncGenerator<T, void, undefined> {
  const worker = new Worker(script, { workerData });
  const queue: WorkerStreamReply<T>[] = [];
  let waiting: ((reply: WorkerStreamReply<T>) => void) | undefined;
  const deliver = (reply: WorkerStreamReply<T>): void => {
    const wake = waiting;
    waiting = undefined;
    if (wake) wake(reply);
    else queue.push(reply);
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ kind: 'error', message: error.message }));
  worker.on('exit', (code) =>
    deliver({ kind: 'error', message: `${name} stopped (exit code ${code})` }),
  );
  try {
    worker.postMessage({ credits: depth });
    for (;;) {
      const reply =
        queue.shift() ??
        (await new Promise<WorkerStreamReply<T>>((resolve) => (waiting = resolve)));
      if (reply.kind === 'done') return;
      if (reply.kind === 'error') {
        throw new FreeAvatarError(
          (reply.code as FreeAvatarErrorCode | undefined) ?? 'INVALID_ARGUMENT',
          reply.message,
        );
      }
      worker.postMessage({ credits: 1 });
      yield reply.item;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
