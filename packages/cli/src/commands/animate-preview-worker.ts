import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { FreeAvatarError, type RgbImage } from '@freeavatar/core';
import {
  openLocalPreview,
  type PreviewOutput,
  type PreviewOutputOptions,
} from './animate-preview-output.js';

/**
 * A message to the preview worker (see `openPreviewWorker`).
 *
 * @example
 * ```ts
 * const request: PreviewRequest = { id: 0, kind: 'open' };
 * ```
 */
export interface PreviewRequest {
  /** Echoed in the reply. */
  readonly id: number;
  readonly kind: 'open' | 'add' | 'close' | 'abort';
  /** With `add`: the actor picture. */
  readonly actor?: RgbImage;
  /** With `add`: avatar id → rig vector. */
  readonly rigs?: Record<string, Float32Array>;
  /** With `add`: whether a face was found in the frame. */
  readonly faceFound?: boolean;
}

/**
 * The preview worker's answer to one {@link PreviewRequest}.
 *
 * @example
 * ```ts
 * const reply: PreviewReply = { id: 0, kind: 'done', file: 'out/preview.mp4' };
 * ```
 */
export interface PreviewReply {
  readonly id: number;
  readonly kind: 'done' | 'error';
  /** The preview file (`undefined` from `close` without frames). */
  readonly file?: string;
  /** With `error`: the error code, when it was a FreeAvatarError. */
  readonly code?: FreeAvatarError['code'];
  /** With `error`: its message. */
  readonly message?: string;
}

/** Serves one preview: opens it on `open`, then adds frames, closes or aborts it as asked. */
function serve(options: PreviewOutputOptions): void {
  const port = parentPort;
  if (port === null) return;
  let preview: PreviewOutput | undefined;
  // Requests are handled one after another, in the order they came.
  let queue = Promise.resolve();
  port.on('message', (request: PreviewRequest) => {
    queue = queue.then(async () => {
      try {
        if (request.kind === 'open') preview = await openLocalPreview(options);
        else if (preview === undefined) throw new Error('the preview is not open');
        else if (request.kind === 'add') {
          await preview.add(
            request.actor as RgbImage,
            request.rigs ?? {},
            request.faceFound ?? true,
          );
        } else if (request.kind === 'close') {
          port.postMessage({ id: request.id, kind: 'done', file: await preview.close() });
          return;
        } else if (request.kind === 'abort') {
          preview.abort();
        }
        port.postMessage({ id: request.id, kind: 'done', file: preview?.file });
      } catch (error) {
        const e = error as Error;
        port.postMessage({
          id: request.id,
          kind: 'error',
          code: e instanceof FreeAvatarError ? e.code : undefined,
          message: e.message,
        });
      }
    });
  });
}

if (!isMainThread && (workerData as PreviewOutputOptions | undefined)?.dir !== undefined) {
  serve(workerData as PreviewOutputOptions);
}
