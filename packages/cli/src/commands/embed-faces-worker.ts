import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readImageFile, type BackendName } from '@freeavatar/core';
import type { DetectedFace, FaceCropper, FaceCropperOptions } from '@freeavatar/face-crop';
import type { InputKind } from '../inputs.js';
import { readVideoFrames, type FfmpegBinary } from '../video/ffmpeg.js';
import { onCallerBackend, withFaceCropper } from './face-finding.js';
import { ownedBuffers, serveItems } from './worker-stream.js';

/**
 * What `freeavatar embed` finds faces in (see `facesOfJob`): images, folders of images and
 * videos, in order. Plain data only: it crosses to the worker thread by structured clone.
 *
 * @example
 * ```ts
 * const job: FaceFindJob = { sources: [{ kind: 'image', path: 'a.png' }], cropper: { maxFaces: 4 } };
 * ```
 */
export interface FaceFindJob {
  readonly sources: readonly InputKind[];
  /** Options of the face cropper (plain data: no model objects). */
  readonly cropper: FaceCropperOptions;
  /** Decodes the videos (required when `sources` has one). */
  readonly ffmpeg?: FfmpegBinary;
  /** Videos: sample at this rate. */
  readonly fps?: number;
  /** The worker's TensorFlow.js backend, else wasm (default: the best available). */
  readonly backend?: BackendName;
}

/**
 * The faces of one image or video frame.
 *
 * @example
 * ```ts
 * const found: FacesOf = { source: 'clip.mp4', faces, video: { frame: 3, timestampMs: 120 } };
 * ```
 */
export interface FacesOf {
  readonly source: string;
  readonly faces: DetectedFace[];
  /** For a video frame: its index and time. */
  readonly video?: { readonly frame: number; readonly timestampMs: number };
}

/**
 * The faces of every image and video frame of a job, in order: images in image mode, each
 * video in video mode (tracked from frame to frame, the tracking reset between videos). With
 * `cropper` given, that cropper finds them (and is left open); otherwise one is made from the
 * job's options and disposed at the end.
 *
 * @throws FreeAvatarError as `readImageFile`, `readVideoFrames` and `createFaceCropper` do.
 * @example
 * ```ts
 * for await (const { source, faces } of facesOfJob(job)) console.log(source, faces.length);
 * ```
 */
export async function* facesOfJob(
  job: FaceFindJob,
  cropper?: FaceCropper,
): AsyncGenerator<FacesOf, void, undefined> {
  yield* withFaceCropper(job.cropper, cropper, async function* (finder) {
    for (const s of job.sources) {
      if (s.kind === 'video' && job.ffmpeg !== undefined) {
        finder.reset();
        for await (const frame of readVideoFrames(s.path, { fps: job.fps, ffmpeg: job.ffmpeg })) {
          const faces = await finder.detectForVideo(frame.image, frame.timestampMs);
          yield {
            source: s.path,
            faces,
            video: { frame: frame.index, timestampMs: frame.timestampMs },
          };
        }
      } else {
        yield { source: s.path, faces: await finder.detect(await readImageFile(s.path)) };
      }
    }
  });
}

if (!isMainThread && parentPort !== null && (workerData as { faces?: boolean })?.faces) {
  void serveItems(
    () => {
      const job = (workerData as { job: FaceFindJob }).job;
      return onCallerBackend(job.backend, () => facesOfJob(job));
    },
    (found) => ownedBuffers(found.faces.map((f) => f.crop)),
  );
}
