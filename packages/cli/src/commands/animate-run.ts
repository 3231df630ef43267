import { mkdir } from 'node:fs/promises';
import {
  FreeAvatarError,
  assertNonEmptyString,
  assertObject,
  progressReporter,
  type BackendName,
  type ModelSource,
  type OneEuroOptions,
  type ProgressCallback,
} from '@freeavatar/core';
import {
  createAnimator,
  writeAnimationFiles,
  type AnimationFrame,
  type AnimationTrack,
  type Animator,
  type AnimationResult,
} from '@freeavatar/animator';
import {
  createFaceCropper,
  type DetectedFace,
  type FaceCropperOptions,
} from '@freeavatar/face-crop';
import { openFrameSource, type ActorFrame, type FrameSource } from './animate-frames.js';
import { loadAnimateModels } from './animate-models.js';
import { selectAvatars, type AvatarSelection, type PreviewChoice } from './animate-options.js';
import { openPreviewOutput, type PreviewOutput } from './animate-preview-output.js';
import { StageClock, timedEncoder, timedFaceCropper, type AnimateStage } from './animate-stages.js';
import { handOverCropper, trackedFrames } from './animate-tracked-frames.js';

/**
 * Options of {@link runAnimate}.
 *
 * @example
 * ```ts
 * const options: AnimateOptions = { input: 'actor.mp4', out: 'out/take-1', avatars: ['toon'] };
 * ```
 */
export interface AnimateOptions {
  /** A video, an image, or a folder of images (an image sequence, in name order). */
  readonly input: string;
  /** Output folder; created if missing. */
  readonly out: string;
  /** Avatars to animate; default `'all'` (every avatar the model drives). */
  readonly avatars?: AvatarSelection;
  /** Videos: sample at this rate; images: the rate a folder's frames stand for (default 30). */
  readonly fps?: number;
  /** Stop after this many frames. */
  readonly maxFrames?: number;
  /** Rig smoothing over time; `false` for none; default the animator's. */
  readonly smoothing?: OneEuroOptions | false;
  /**
   * Read each face as it is and mirrored, and average the two rigs (the animator's
   * `mirrorAverage`; default `false`).
   */
  readonly mirrorAverage?: boolean;
  /** Calibrate the actor's neutral face on the first this many seconds (videos and folders). */
  readonly calibrateSeconds?: number;
  /** Default `'mp4'` (`'png'` is written for a single image). */
  readonly preview?: PreviewChoice;
  /** Side of each preview cell in pixels (even); default 128. */
  readonly previewSize?: number;
  /**
   * Render the preview on a worker thread, alongside the animation (default `true`); `false`
   * renders it between frames on the calling thread.
   */
  readonly previewWorker?: boolean;
  /**
   * Read the frames of a video or folder and find their faces on a worker thread, ahead of the
   * encoder and animator (default `true`); `false` does it between frames on the calling thread.
   * The faces are the same either way (the worker runs the same backend where it can start it).
   */
  readonly cropWorker?: boolean;
  /** Animator network: `'default'` (shipped) or a `model.json` path, URL or IOHandler. */
  readonly model?: 'default' | ModelSource;
  /** Expression encoder: `'default'` (shipped) or a `model.json` path, URL or IOHandler. */
  readonly encoder?: 'default' | ModelSource;
  readonly backend?: BackendName;
  /** Stops after the current frame when aborted; what was done is still written. */
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressCallback;
  /** Receives human-readable status lines. */
  readonly log?: (line: string) => void;
}

/**
 * What {@link runAnimate} did.
 *
 * @example
 * ```ts
 * declare const options: AnimateOptions;
 * const { frames, framesWithoutFace, framesPerSecond }: AnimateSummary = await runAnimate(options);
 * ```
 */
export interface AnimateSummary {
  readonly frames: number;
  readonly framesWithFace: number;
  /** Frames where no face was found: each held the last pose (neutral before the first face). */
  readonly framesWithoutFace: number;
  /** Wall time from start to the last file written. */
  readonly seconds: number;
  /** `frames / seconds`, end to end (model loading included). */
  readonly framesPerSecond: number;
  readonly backend: string;
  readonly avatars: readonly string[];
  /** `'interrupted'` when the signal stopped the run before the input ended. */
  readonly stopped: 'completed' | 'interrupted';
  /** Animation files written (JSON, CSV, GLB, Live Link CSV). */
  readonly files: readonly string[];
  readonly preview: string | undefined;
  /** Frames of the calibration window that showed a face (0 without `calibrateSeconds`). */
  readonly calibrationFaces: number;
  /**
   * Milliseconds per stage on the calling thread (exclusive; model loading is not a stage).
   * With the crop worker, `decode` is the wait for the worker's next frame and `crop` only the
   * calibration's face finding.
   */
  readonly stageMs: Readonly<Record<AnimateStage, number>>;
  /** Milliseconds the crop worker spent finding faces, beside the calling thread; 0 without it. */
  readonly workerCropMs: number;
}

/** Crops of the faces in the first `seconds` of the input, for neutral calibration. */
async function calibrationFaces(
  source: FrameSource,
  seconds: number,
  detect: (frame: ActorFrame) => Promise<{ crop: ActorFrame['image'] } | undefined>,
): Promise<{ crop: ActorFrame['image'] }[]> {
  const faces: { crop: ActorFrame['image'] }[] = [];
  for await (const frame of source.frames()) {
    if (frame.timestampMs >= seconds * 1000 && frame.index > 0) break;
    const face = await detect(frame);
    if (face) faces.push(face);
  }
  return faces;
}

/** The frames of a source with no faces found yet (a single image: the animator finds them). */
async function* untracked(
  source: FrameSource,
): AsyncGenerator<{ frame: ActorFrame; faces?: DetectedFace[] }> {
  for await (const frame of source.frames()) yield { frame };
}

function trackFor(
  spec: { id: string; controls: readonly string[] },
  fps: number,
  frames: AnimationFrame[],
): AnimationTrack {
  return { fps, avatar: spec.id, controls: spec.controls, frames };
}

/**
 * `freeavatar animate`: drives one or several avatars from an actor's face in a video, an image
 * or a folder of frames. Writes `animation.json`, `animation.csv` (one avatar) or
 * `animation-<avatar>.csv`, `<avatar>.glb` with the morph animation, `human.livelink.csv` when
 * the human is animated, and a preview (the actor's face crop next to each avatar rendered
 * with its predicted rig). Frames without a face hold the last pose and are counted.
 *
 * @throws FreeAvatarError `UNSUPPORTED_VIDEO` naming a video that cannot be decoded,
 *   `MODEL_LOAD_FAILED` when weights cannot be loaded, `INVALID_ARGUMENT` for options that are
 *   not an object or lack `input` or `out`, avatars the model does not drive or
 *   `calibrateSeconds` on a single image.
 * @example
 * ```ts
 * const summary = await runAnimate({
 *   input: 'packages/synth/assets/example/astronaut.mp4',
 *   out: 'out/astronaut',
 *   avatars: 'all',
 * });
 * console.log(`${summary.frames} frames, ${summary.framesPerSecond.toFixed(1)} frames/s`);
 * ```
 */
export async function runAnimate(options: AnimateOptions): Promise<AnimateSummary> {
  assertObject(options, 'options');
  assertNonEmptyString(options.input, 'options.input');
  assertNonEmptyString(options.out, 'options.out');
  const started = performance.now();
  const log = options.log ?? (() => {});
  const report = progressReporter(options.onProgress);
  const source = await openFrameSource(options.input, {
    fps: options.fps,
    maxFrames: options.maxFrames,
  });
  if (options.calibrateSeconds !== undefined && source.kind === 'image') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--calibrate needs a video or a folder of frames, got the single image ${options.input}`,
    );
  }
  if (source.decoder) log(`video decoder: ${source.decoder.source} ffmpeg`);
  const clock = new StageClock();
  const models = await loadAnimateModels(options);
  log(`backend: ${models.backend}`);
  const cellSize = options.previewSize ?? 128;
  const cropperOptions: FaceCropperOptions = {
    maxFaces: 1,
    cropSize: Math.min(512, Math.max(cellSize, models.encoder.config.imageSize * 2)),
    alignment: models.encoder.config.alignment,
  };
  const cropper = timedFaceCropper(await createFaceCropper(cropperOptions), clock);
  const handed = handOverCropper(cropper);
  let animator: Animator | undefined;
  let preview: PreviewOutput | undefined;
  try {
    animator = await createAnimator({
      model: models.network,
      encoder: timedEncoder(models.encoder, clock),
      faceCropper: handed,
      smoothing: options.smoothing,
      mirrorAverage: options.mirrorAverage ?? false,
    });
    const specs = animator.avatars();
    const ids = selectAvatars(
      options.avatars ?? 'all',
      specs.map((s) => s.id),
    );
    const chosen = ids.map((id) => specs.find((s) => s.id === id) as (typeof specs)[number]);
    await mkdir(options.out, { recursive: true });

    let calibrated = 0;
    if (options.calibrateSeconds !== undefined) {
      const faces = await calibrationFaces(source, options.calibrateSeconds, async (frame) => {
        const [face] = await cropper.detect(frame.image);
        return face ? { crop: face.crop } : undefined;
      });
      if (faces.length === 0) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `no face in the first ${options.calibrateSeconds} s of ${options.input} to calibrate the neutral pose on`,
        );
      }
      await animator.calibrateNeutral(faces);
      calibrated = faces.length;
      animator.reset();
      log(`calibrated the neutral face on ${calibrated} frames`);
    }

    const choice = options.preview ?? 'mp4';
    if (choice !== 'none') {
      preview = await openPreviewOutput({
        dir: options.out,
        format: source.kind === 'image' ? 'png' : choice,
        avatars: ids,
        cellSize,
        fps: source.fps,
        ffmpeg: source.decoder,
        worker: options.previewWorker,
      });
    }

    const frames: Record<string, AnimationFrame[]> = Object.fromEntries(ids.map((id) => [id, []]));
    let count = 0;
    let withFace = 0;
    let workerCropMs = 0;
    let stopped: AnimateSummary['stopped'] = 'completed';
    const iterator: AsyncGenerator<{ frame: ActorFrame; faces?: DetectedFace[] }> =
      source.kind === 'image'
        ? untracked(source)
        : trackedFrames(
            {
              input: options.input,
              fps: options.fps,
              maxFrames: options.maxFrames,
              cropper: cropperOptions,
              backend: models.backend as BackendName,
            },
            {
              worker: options.cropWorker ?? true,
              cropper,
              onWorkerCrop: (ms) => (workerCropMs += ms),
            },
          );
    try {
      for (;;) {
        if (options.signal?.aborted) {
          stopped = 'interrupted';
          break;
        }
        const next = await clock.time('decode', () => iterator.next());
        if (next.done) break;
        const { frame, faces } = next.value;
        if (faces !== undefined) handed.hand(faces);
        const a = animator;
        const result = await clock.time('animate', async () =>
          source.kind === 'image'
            ? imageResult(await a.animate(frame.image, ids), chosen)
            : a.animateVideo(frame.image, frame.timestampMs, ids),
        );
        count++;
        if (result.face) withFace++;
        for (const id of ids) {
          frames[id].push({
            timeMs: frame.timestampMs,
            values: result.avatars[id].vector,
            face: result.face,
          });
        }
        if (preview) {
          const p = preview;
          const rigs = Object.fromEntries(ids.map((id) => [id, result.avatars[id].vector]));
          const actor = result.face ? (result.detection?.crop ?? frame.image) : frame.image;
          await clock.time('preview', () => p.add(actor as typeof frame.image, rigs, result.face));
        }
        report({
          task: 'animate',
          done: count,
          total: source.total === undefined ? undefined : Math.max(source.total, count),
          unit: 'frames',
          message: `${count - withFace} without a face`,
        });
      }
    } finally {
      await iterator.return(undefined);
    }

    const files =
      count === 0
        ? []
        : await clock.time('export', () =>
            writeAnimationFiles(
              options.out,
              chosen.map((spec) => trackFor(spec, source.fps, frames[spec.id])),
            ),
          );
    const previewFile = preview ? await clock.time('preview', () => preview!.close()) : undefined;
    preview = undefined;
    const seconds = (performance.now() - started) / 1000;
    return {
      frames: count,
      framesWithFace: withFace,
      framesWithoutFace: count - withFace,
      seconds,
      framesPerSecond: count / seconds,
      backend: models.backend,
      avatars: ids,
      stopped,
      files,
      preview: previewFile,
      calibrationFaces: calibrated,
      stageMs: clock.totals(),
      workerCropMs,
    };
  } finally {
    preview?.abort();
    animator?.dispose();
    cropper.dispose();
    models.network.dispose();
    models.encoder.dispose();
  }
}

/** An image-mode result in the shape of a video frame's: no face gives the neutral pose. */
function imageResult(
  result: AnimationResult | null,
  specs: readonly { id: string; controls: readonly string[] }[],
): { face: boolean; avatars: AnimationResult['avatars']; detection: AnimationResult['detection'] } {
  if (result !== null) return { face: true, avatars: result.avatars, detection: result.detection };
  const avatars = Object.fromEntries(
    specs.map((s) => [
      s.id,
      {
        avatar: s.id,
        controls: Object.fromEntries(s.controls.map((name) => [name, 0])),
        vector: new Float32Array(s.controls.length),
      },
    ]),
  );
  return { face: false, avatars, detection: undefined };
}
