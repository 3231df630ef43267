import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '@freeavatar/core';
import {
  createFaceCropper,
  type DetectedFace,
  type FaceCropper,
  type FaceCropperOptions,
} from '@freeavatar/face-crop';
import { openFrameSource, type ActorFrame } from './animate-frames.js';
import { ownedBuffers, serveItems } from './worker-stream.js';

/**
 * What the tracking worker does (see `trackedFrames`): read the frames of `input` and find the
 * face in each in video mode. Plain data only: it crosses to the worker thread by structured
 * clone.
 *
 * @example
 * ```ts
 * const job: TrackJob = { input: 'actor.mp4', cropper: { maxFaces: 1 }, backend: 'wasm' };
 * ```
 */
export interface TrackJob {
  /** A video, a folder of images or an image (see `openFrameSource`). */
  readonly input: string;
  readonly fps?: number;
  readonly maxFrames?: number;
  /** Options of the face cropper (plain data: no model objects). */
  readonly cropper: FaceCropperOptions;
  /** The worker's TensorFlow.js backend, else wasm (default: the best available). */
  readonly backend?: BackendName;
}

/**
 * One frame and the faces found in it.
 *
 * @example
 * ```ts
 * const tracked: TrackedFrame = { frame, faces: [], cropMs: 8.5 };
 * ```
 */
export interface TrackedFrame {
  readonly frame: ActorFrame;
  /** What `detectForVideo` gave for the frame (empty: no face). */
  readonly faces: DetectedFace[];
  /** Milliseconds the face cropper took on it. */
  readonly cropMs: number;
}

/**
 * The tracked frames of a job on the calling thread: what the worker runs, and what runs where
 * no worker can. With `cropper` given, that cropper finds the faces (and is left open);
 * otherwise one is made from the job's options and disposed at the end.
 *
 * @throws FreeAvatarError as `openFrameSource` and `createFaceCropper` do.
 * @example
 * ```ts
 * for await (const { frame, faces } of trackJobFrames(job)) console.log(frame.index, faces.length);
 * ```
 */
export async function* trackJobFrames(
  job: TrackJob,
  cropper?: FaceCropper,
): AsyncGenerator<TrackedFrame, void, undefined> {
  const source = await openFrameSource(job.input, { fps: job.fps, maxFrames: job.maxFrames });
  const own = cropper === undefined ? await createFaceCropper(job.cropper) : undefined;
  const finder = (cropper ?? own)!;
  try {
    for await (const frame of source.frames()) {
      const start = performance.now();
      const faces = await finder.detectForVideo(frame.image, frame.timestampMs);
      yield { frame, faces, cropMs: performance.now() - start };
    }
  } finally {
    own?.dispose();
  }
}

/** The job's tracked frames on the worker thread, on the job's backend. */
async function* workerFrames(job: TrackJob): AsyncGenerator<TrackedFrame, void, undefined> {
  // The caller's backend where this thread can start it, else wasm (e.g. a GPU adapter that
  // only one thread may hold).
  await initBackend(job.backend ? { prefer: [...new Set([job.backend, 'wasm' as const])] } : {});
  yield* trackJobFrames(job);
}

if (!isMainThread && parentPort !== null && (workerData as { track?: boolean })?.track) {
  void serveItems(
    () => workerFrames((workerData as { job: TrackJob }).job),
    (tracked) => ownedBuffers([tracked.frame.image, ...tracked.faces.map((f) => f.crop)]),
  );
}
