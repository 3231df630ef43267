import type { DetectedFace, FaceCropper } from '@freeavatar/face-crop';
import { trackJobFrames, type TrackJob, type TrackedFrame } from './animate-track-worker.js';
import { workerScript } from './worker-script.js';
import { assertDepth, workerItems } from './worker-stream.js';

/** Frames the worker tracks ahead of the one the caller is animating, by default. */
const DEFAULT_DEPTH = 4;

/**
 * Options of {@link trackedFrames}.
 *
 * @example
 * ```ts
 * const options: TrackedFrameOptions = { worker: false, cropper };
 * ```
 */
export interface TrackedFrameOptions {
  /**
   * Read the frames and find their faces on a worker thread while the caller encodes and
   * animates the ones before (default `true`); `false`, or a missing worker script, does both
   * on the calling thread with `cropper`.
   */
  readonly worker?: boolean;
  /** Frames tracked ahead on the worker (default 4). */
  readonly depth?: number;
  /**
   * The cropper of the calling thread, for when no worker runs (default: one made from the
   * job's options, disposed at the end).
   */
  readonly cropper?: FaceCropper;
  /** Called with each worker-tracked frame's cropper time, for the caller's stage clock. */
  readonly onWorkerCrop?: (ms: number) => void;
}

/**
 * The frames of a video, folder or image with the faces found in each (face-crop's video mode:
 * the landmarks of one frame place the next one's crop), read and tracked on a worker thread
 * ahead of the caller, so that face finding shares the CPU's cores with encoding and
 * animating. The frames and faces are the same as on the calling thread: the worker runs the
 * same cropper with the same options on the same frames in the same order. Stopping the
 * iteration (`break`, `return()`) or an error ends the worker.
 *
 * @throws FreeAvatarError what `openFrameSource` or `createFaceCropper` throw (e.g.
 *   `UNSUPPORTED_VIDEO`), with the same code and message as on the calling thread;
 *   `INVALID_ARGUMENT` for a bad `depth`.
 * @example
 * ```ts
 * const job: TrackJob = { input: 'actor.mp4', cropper: { maxFaces: 1 } };
 * for await (const { frame, faces } of trackedFrames(job)) console.log(frame.index, faces.length);
 * ```
 */
export async function* trackedFrames(
  job: TrackJob,
  options: TrackedFrameOptions = {},
): AsyncGenerator<TrackedFrame, void, undefined> {
  const depth = options.depth ?? DEFAULT_DEPTH;
  assertDepth(depth);
  const script =
    options.worker === false ? undefined : workerScript('animate-track-worker', import.meta.url);
  if (script === undefined) {
    yield* trackJobFrames(job, options.cropper);
    return;
  }
  for await (const tracked of workerItems<TrackedFrame>(
    script,
    { track: true, job },
    depth,
    'the face tracking worker',
  )) {
    options.onWorkerCrop?.(tracked.cropMs);
    yield tracked;
  }
}

/**
 * A face cropper for an animator fed by {@link trackedFrames}: video-mode calls return the
 * faces handed over for the frame (`hand`), found elsewhere; image-mode calls, and video-mode
 * calls with nothing handed over, go to `cropper`. Disposing it disposes `cropper`.
 *
 * @example
 * ```ts
 * const handed = handOverCropper(cropper);
 * const animator = await createAnimator({ faceCropper: handed });
 * for await (const { frame, faces } of trackedFrames(job)) {
 *   handed.hand(faces);
 *   await animator.animateVideo(frame.image, frame.timestampMs);
 * }
 * ```
 */
export function handOverCropper(
  cropper: FaceCropper,
): FaceCropper & { hand(faces: DetectedFace[]): void } {
  let handed: DetectedFace[] | undefined;
  return {
    get options() {
      return cropper.options;
    },
    get lastTimings() {
      return cropper.lastTimings;
    },
    hand(faces) {
      handed = faces;
    },
    detect: (image, callOptions) => cropper.detect(image, callOptions),
    detectForVideo: async (frame, timestampMs, callOptions) => {
      const faces = handed;
      handed = undefined;
      return faces ?? cropper.detectForVideo(frame, timestampMs, callOptions);
    },
    reset: () => {
      handed = undefined;
      cropper.reset();
    },
    dispose: () => cropper.dispose(),
  };
}
