import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { BackendName } from '@freeavatar/core';
import type { DetectedFace, FaceCropper, FaceCropperOptions } from '@freeavatar/face-crop';
import { openFrameSource, type ActorFrame } from './animate-frames.js';
import { onCallerBackend, withFaceCropper } from './face-finding.js';
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
  yield* withFaceCropper(job.cropper, cropper, async function* (finder) {
    for await (const frame of source.frames()) {
      const start = performance.now();
      const faces = await finder.detectForVideo(frame.image, frame.timestampMs);
      yield { frame, faces, cropMs: performance.now() - start };
    }
  });
}

if (!isMainThread && parentPort !== null && (workerData as { track?: boolean })?.track) {
  void serveItems(
    () => {
      const job = (workerData as { job: TrackJob }).job;
      return onCallerBackend(job.backend, () => trackJobFrames(job));
    },
    (tracked) => ownedBuffers([tracked.frame.image, ...tracked.faces.map((f) => f.crop)]),
  );
}
