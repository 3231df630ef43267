import { initBackend, type BackendName } from '@freeavatar/core';
import {
  createFaceCropper,
  type FaceCropper,
  type FaceCropperOptions,
} from '@freeavatar/face-crop';

/**
 * Runs `find` with `given` when there is one (left open), or with a cropper made from
 * `options` and disposed when the iteration ends: what the face-finding workers and their
 * calling-thread fallbacks share.
 *
 * @example
 * ```ts
 * yield* withFaceCropper(job.cropper, cropper, async function* (finder) { … });
 * ```
 */
export async function* withFaceCropper<T>(
  options: FaceCropperOptions,
  given: FaceCropper | undefined,
  find: (cropper: FaceCropper) => AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  const own = given === undefined ? await createFaceCropper(options) : undefined;
  try {
    yield* find((given ?? own)!);
  } finally {
    own?.dispose();
  }
}

/**
 * On a worker thread: starts the caller's backend where this thread can (else wasm, e.g. for a
 * GPU adapter only one thread may hold), then yields `items()`.
 *
 * @example
 * ```ts
 * void serveItems(() => onCallerBackend(job.backend, () => facesOfJob(job)));
 * ```
 */
export async function* onCallerBackend<T>(
  backend: BackendName | undefined,
  items: () => AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  await initBackend(backend ? { prefer: [...new Set([backend, 'wasm' as const])] } : {});
  yield* items();
}
