import {
  assertArgument,
  assertObject,
  progressReporter,
  type OneEuroOptions,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import { createAnimator, type AnimatorNetwork, type AvatarRig } from '@freeavatar/animator';
import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
import type { FaceCropper, FaceCropperOptions } from '@freeavatar/face-crop';
import {
  ARKIT_BLENDSHAPE_NAMES,
  retarget,
  type ArkitTrack,
  type AvatarId,
} from '@freeavatar/synth';

/**
 * One decoded frame of the clip.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const image: RgbImage;
 * const frame: ClipVideoFrame = { image, timestampMs: 40 };
 * ```
 */
export interface ClipVideoFrame {
  readonly image: RgbImage;
  readonly timestampMs: number;
}

/**
 * Options of {@link clipRigs}.
 *
 * @example
 * ```ts
 * import type { AnimatorNetwork } from '@freeavatar/animator';
 * import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
 * import type { ArkitTrack } from '@freeavatar/synth';
 * declare const network: AnimatorNetwork;
 * declare const encoder: ExpressionEncoder;
 * declare const frames: AsyncIterable<ClipVideoFrame>;
 * declare const track: ArkitTrack;
 * const options: ClipRigsOptions = { network, encoder, frames, track, avatars: ['human'] };
 * ```
 */
export interface ClipRigsOptions {
  readonly network: AnimatorNetwork;
  readonly encoder: ExpressionEncoder;
  /** The clip's frames in order; frame `i` is scored against `track.frames[i]`. */
  readonly frames: AsyncIterable<ClipVideoFrame> | Iterable<ClipVideoFrame>;
  /** The clip's ground-truth ARKit track (`freeavatar-arkit-track`). */
  readonly track: ArkitTrack;
  readonly avatars: readonly AvatarId[];
  /** The smoothed run's One-Euro settings (default: the animator's). */
  readonly smoothing?: OneEuroOptions;
  /** Face cropper options of the animator, or a cropper to share (not disposed here). */
  readonly faceCropper?: FaceCropperOptions | FaceCropper;
  /**
   * Also animate with neutral calibration: a third, smoothed animator calibrates on the frames
   * of the clip's first this many seconds (`calibrateNeutral`), then reads the same face crops.
   * Right when the clip opens on the actor's resting face and the track counts expressions from
   * it. Default: no calibrated run.
   */
  readonly calibrateSeconds?: number;
  readonly onProgress?: ProgressCallback;
}

/** One avatar's curves over the clip: vectors per frame in `controls` order. */
export interface ClipAvatarRigs {
  readonly avatar: AvatarId;
  readonly controls: readonly string[];
  /** `animateVideo` with `smoothing: false`. */
  readonly raw: Float32Array[];
  /** `animateVideo` with One-Euro smoothing, on the same face crops. */
  readonly smoothed: Float32Array[];
  /** `retarget(avatar, arkit)` of each frame's true ARKit weights. */
  readonly truth: Float32Array[];
  /** With `calibrateSeconds`: the calibrated, smoothed animator's vectors; otherwise `null`. */
  readonly calibrated: Float32Array[] | null;
}

/** What {@link clipRigs} gives. */
export interface ClipRigs {
  readonly avatars: readonly ClipAvatarRigs[];
  /** Time of each frame, in ms. */
  readonly timesMs: readonly number[];
  /** Whether the face cropper found the face in each frame (when not, the last pose is held). */
  readonly faces: readonly boolean[];
  readonly fps: number;
  readonly seconds: number;
  /** With `calibrateSeconds`: the window and how many frames it held. */
  readonly calibration: { readonly seconds: number; readonly frames: number } | null;
}

/**
 * Checks an ARKit track and returns each frame's weights in ARKit-52 order.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed track.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const weights = arkitTrackWeights(JSON.parse(await readFile('astronaut.arkit.json', 'utf8')));
 * ```
 */
export function arkitTrackWeights(track: ArkitTrack): Float32Array[] {
  assertArgument(
    track?.format === 'freeavatar-arkit-track' && Array.isArray(track.frames),
    `track must be a freeavatar-arkit-track object, got ${String(track?.format)}`,
  );
  assertArgument(
    Array.isArray(track.names) && ARKIT_BLENDSHAPE_NAMES.every((n) => track.names.includes(n)),
    'track.names must list the 52 ARKit blendshapes',
  );
  assertArgument(track.frames.length > 0, 'track has no frames');
  const order = ARKIT_BLENDSHAPE_NAMES.map((n) => track.names.indexOf(n));
  return track.frames.map((f, i) => {
    assertArgument(
      Array.isArray(f?.weights) && f.weights.length === track.names.length,
      `track.frames[${i}].weights must hold ${track.names.length} values`,
    );
    return Float32Array.from(order, (j) => f.weights[j]);
  });
}

/**
 * Animates a video clip frame by frame with `createAnimator(...).animateVideo` (the animator's
 * own face cropper tracks the face in every whole frame) and scores nothing yet: it returns,
 * per avatar, the raw rig curves (`smoothing: false`), the One-Euro smoothed curves (a second
 * animator fed the same face crops, so the two differ by the smoothing only), and the true
 * curves `retarget(avatar, track weights)`. Frames past the end of the track are an error.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, for a malformed
 *   track, more frames than the track has, a frame whose time is more than half a frame from the
 *   track's, or no frames.
 * @example
 * ```ts
 * import type { AnimatorNetwork } from '@freeavatar/animator';
 * import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
 * import type { ArkitTrack } from '@freeavatar/synth';
 * declare const network: AnimatorNetwork;
 * declare const encoder: ExpressionEncoder;
 * declare const frames: AsyncIterable<ClipVideoFrame>;
 * declare const track: ArkitTrack;
 * const clip = await clipRigs({ network, encoder, frames, track, avatars: ['human', 'toon'] });
 * console.log(clip.faces.filter(Boolean).length, 'frames with a face');
 * ```
 */
export async function clipRigs(options: ClipRigsOptions): Promise<ClipRigs> {
  assertObject(options, 'options');
  const { network, encoder, track, avatars } = options;
  const weights = arkitTrackWeights(track);
  assertArgument(Array.isArray(avatars) && avatars.length > 0, 'avatars must not be empty');
  const fps = track.fps;
  assertArgument(Number.isFinite(fps) && fps > 0, `track.fps must be positive, got ${fps}`);
  const calibrateSeconds = options.calibrateSeconds;
  assertArgument(
    calibrateSeconds === undefined || (Number.isFinite(calibrateSeconds) && calibrateSeconds > 0),
    `calibrateSeconds must be a positive number of seconds, got ${calibrateSeconds}`,
  );
  const started = performance.now();
  const report = progressReporter(options.onProgress);
  const raw = await createAnimator({
    model: network,
    encoder,
    smoothing: false,
    faceCropper: options.faceCropper,
  });
  const smooth = await createAnimator({
    model: network,
    encoder,
    smoothing: options.smoothing ?? {},
  });
  const calibrated =
    calibrateSeconds === undefined
      ? null
      : await createAnimator({ model: network, encoder, smoothing: options.smoothing ?? {} });
  const specs = raw.avatars();
  const out = avatars.map((avatar) => {
    const spec = specs.find((s) => s.id === avatar);
    assertArgument(spec !== undefined, `the animator network does not drive avatar '${avatar}'`);
    return {
      avatar,
      controls: spec.controls,
      raw: [] as Float32Array[],
      smoothed: [] as Float32Array[],
      truth: [] as Float32Array[],
      calibrated: calibrated === null ? null : ([] as Float32Array[]),
    };
  });
  const timesMs: number[] = [];
  const faces: boolean[] = [];
  let lastSmoothed: Readonly<Record<string, AvatarRig>> | undefined;
  let lastCalibrated: Readonly<Record<string, AvatarRig>> | undefined;
  let calibration: ClipRigs['calibration'] = null;
  try {
    const frames = await withCalibration(options.frames, calibrateSeconds, async (window) => {
      assertArgument(
        window.length > 0,
        `the clip has no frame in its first ${calibrateSeconds} s to calibrate on`,
      );
      await calibrated!.calibrateNeutral(window.map((f) => f.image));
      calibration = { seconds: calibrateSeconds!, frames: window.length };
    });
    let i = 0;
    for await (const frame of frames) {
      assertArgument(
        i < weights.length,
        `the clip has more frames than its track (${weights.length})`,
      );
      const expected = track.frames[i].timeMs;
      assertArgument(
        Math.abs(frame.timestampMs - expected) <= 500 / fps,
        `frame ${i} is at ${frame.timestampMs} ms but track frame ${i} at ${expected} ms`,
      );
      const result = await raw.animateVideo(frame.image, frame.timestampMs, avatars);
      if (result.face && result.detection !== undefined) {
        const s = await smooth.animateVideo(
          { crop: result.detection.crop },
          frame.timestampMs,
          avatars,
        );
        lastSmoothed = s.avatars;
        if (calibrated !== null) {
          const c = await calibrated.animateVideo(
            { crop: result.detection.crop },
            frame.timestampMs,
            avatars,
          );
          lastCalibrated = c.avatars;
        }
      }
      out.forEach((rec) => {
        const r = result.avatars[rec.avatar].vector;
        rec.raw.push(Float32Array.from(r));
        rec.smoothed.push(Float32Array.from(lastSmoothed?.[rec.avatar].vector ?? r));
        rec.truth.push(retarget(rec.avatar, weights[i]));
        rec.calibrated?.push(Float32Array.from(lastCalibrated?.[rec.avatar].vector ?? r));
      });
      timesMs.push(frame.timestampMs);
      faces.push(result.face);
      i++;
      report({ task: 'eval:clip', done: i, total: weights.length, unit: 'frames' });
    }
    assertArgument(i > 0, 'the clip has no frames');
  } finally {
    raw.dispose();
    smooth.dispose();
    calibrated?.dispose();
  }
  return {
    avatars: out,
    timesMs,
    faces,
    fps,
    seconds: (performance.now() - started) / 1000,
    calibration,
  };
}

/**
 * The clip's frames again, after `calibrate` has seen those of its first `seconds` (read ahead
 * and kept); the frames unchanged when `seconds` is undefined.
 */
async function withCalibration(
  frames: AsyncIterable<ClipVideoFrame> | Iterable<ClipVideoFrame>,
  seconds: number | undefined,
  calibrate: (window: ClipVideoFrame[]) => Promise<void>,
): Promise<AsyncIterable<ClipVideoFrame> | Iterable<ClipVideoFrame>> {
  if (seconds === undefined) return frames;
  const iterator =
    Symbol.asyncIterator in frames
      ? frames[Symbol.asyncIterator]()
      : (frames as Iterable<ClipVideoFrame>)[Symbol.iterator]();
  const window: ClipVideoFrame[] = [];
  let next: IteratorResult<ClipVideoFrame>;
  try {
    next = await iterator.next();
    while (!next.done && next.value.timestampMs < seconds * 1000) {
      window.push(next.value);
      next = await iterator.next();
    }
    await calibrate(window);
  } catch (err) {
    // Close the source (a video decoder, for one) before giving up.
    await iterator.return?.();
    throw err;
  }
  const pending = next;
  return (async function* () {
    let item = pending;
    try {
      yield* window;
      while (!item.done) {
        yield item.value;
        item = await iterator.next();
      }
    } finally {
      // A reader that stops early closes the source too.
      if (!item.done) await iterator.return?.();
    }
  })();
}
