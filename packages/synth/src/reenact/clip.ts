import { assertArgument, describeValue, type RgbImage } from '@freeavatar/core';
import { assertNumbers } from '../arguments.js';
import { ARKIT_BLENDSHAPE_NAMES, type ArkitBlendshape } from '../blendshapes/arkit.js';
import { createPerformance } from '../expressions/performance.js';
import type { ClipScript } from './clip-script.js';
import { bilinearAt } from './piecewise-affine.js';
import type { PreparedPhoto, Reenactor } from './reenactor.js';
import { pointBounds } from '../point-bounds.js';

/**
 * A square window of a photo, in pixels.
 *
 * @example
 * ```ts
 * const window: FaceWindow = { x: 120, y: 20, size: 210 };
 * ```
 */
export interface FaceWindow {
  x: number;
  y: number;
  size: number;
}

/**
 * The bounding box of landmarks given as x y per point: `[xMin, yMin, xMax, yMax]`.
 *
 * @example
 * ```ts
 * declare const prepared: PreparedPhoto;
 * const [x0, y0, x1, y1] = landmarkBounds(prepared.landmarks);
 * ```
 */
export function landmarkBounds(landmarks: ArrayLike<number>): [number, number, number, number] {
  assertNumbers(landmarks, 'landmarks');
  return pointBounds(landmarks, 2);
}

/**
 * The square window around a face's landmarks (x y per point): centred on the landmarks' box
 * (a little below, so chin and brows both fit) with side `scale` × the box's longer side, moved
 * inside the image where it fits.
 *
 * @example
 * ```ts
 * declare const prepared: PreparedPhoto;
 * const window = faceWindow(prepared.landmarks, prepared.image.width, prepared.image.height);
 * const crop = cropWindow(prepared.image, window, 256);
 * ```
 */
export function faceWindow(
  landmarks: ArrayLike<number>,
  imageWidth: number,
  imageHeight: number,
  scale = 1.6,
): FaceWindow {
  assertNumbers(landmarks, 'landmarks');
  assertArgument(
    landmarks.length >= 4,
    `landmarks must hold x y points, got ${landmarks.length} numbers`,
  );
  assertArgument(Number.isFinite(scale) && scale > 0, `scale must be positive, got ${scale}`);
  const [x0, y0, x1, y1] = landmarkBounds(landmarks);
  const size = Math.max(x1 - x0, y1 - y0) * scale;
  let x = (x0 + x1) / 2 - size / 2;
  let y = (y0 + y1) / 2 + 0.05 * (y1 - y0) - size / 2;
  if (size <= imageWidth) x = Math.min(Math.max(x, 0), imageWidth - size);
  if (size <= imageHeight) y = Math.min(Math.max(y, 0), imageHeight - size);
  return { x, y, size };
}

/**
 * Resamples a square window of an image to `size × size` (bilinear, averaging several samples
 * per output pixel when shrinking). Outside the image, edge pixels repeat.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const photo: RgbImage;
 * const thumb = cropWindow(photo, { x: 100, y: 40, size: 240 }, 128);
 * ```
 */
export function cropWindow(image: RgbImage, window: FaceWindow, size: number): RgbImage {
  assertArgument(
    Number.isInteger(size) && size > 0,
    `size must be a positive integer, got ${size}`,
  );
  assertArgument(window.size > 0, `window.size must be positive, got ${window.size}`);
  const step = window.size / size;
  const k = Math.max(1, Math.ceil(step - 0.01));
  const data = new Uint8Array(size * size * 3);
  const rgb = new Float32Array(3);
  const acc = new Float32Array(3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      acc.fill(0);
      for (let j = 0; j < k; j++) {
        for (let i = 0; i < k; i++) {
          bilinearAt(
            image,
            window.x + (x + (i + 0.5) / k) * step,
            window.y + (y + (j + 0.5) / k) * step,
            rgb,
          );
          acc[0] += rgb[0];
          acc[1] += rgb[1];
          acc[2] += rgb[2];
        }
      }
      const o = (y * size + x) * 3;
      const n = k * k;
      data[o] = Math.round(acc[0] / n);
      data[o + 1] = Math.round(acc[1] / n);
      data[o + 2] = Math.round(acc[2] / n);
    }
  }
  return { width: size, height: size, data };
}

/**
 * One frame of a reenacted clip.
 *
 * @example
 * ```ts
 * declare const reenactor: Reenactor, prepared: PreparedPhoto, script: ClipScript;
 * for (const frame of renderClipFrames(reenactor, prepared, script)) {
 *   const { index, timeMs, weights, image }: ClipFrame = frame;
 * }
 * ```
 */
export interface ClipFrame {
  index: number;
  timeMs: number;
  /** The ARKit weights the frame shows (ground truth), ARKit order. */
  weights: Float32Array;
  /** The frame, `size × size`. */
  image: RgbImage;
}

/**
 * Options of {@link renderClipFrames}.
 *
 * @example
 * ```ts
 * declare const reenactor: Reenactor, prepared: PreparedPhoto, script: ClipScript;
 * const options: ClipOptions = { fps: 30, size: 128 };
 * const frames = renderClipFrames(reenactor, prepared, script, options);
 * ```
 */
export interface ClipOptions {
  /** Frames per second (default 25). */
  fps?: number;
  /** Side of the square frames, pixels (default 256). */
  size?: number;
  /** The window of the photo to show; default {@link faceWindow} of the prepared landmarks. */
  window?: FaceWindow;
}

/**
 * Number of frames a script of `durationMs` gives at `fps`: one at time 0, then one every
 * `1000 / fps` ms up to the last keyframe.
 *
 * @example
 * ```ts
 * clipFrameCount(1000, 25); // 26
 * ```
 */
export function clipFrameCount(durationMs: number, fps: number): number {
  assertArgument(Number.isFinite(fps) && fps > 0, `fps must be a positive number, got ${fps}`);
  assertArgument(
    Number.isFinite(durationMs) && durationMs >= 0,
    `durationMs must be ≥ 0, got ${durationMs}`,
  );
  return Math.floor((durationMs * fps) / 1000 + 1e-9) + 1;
}

/**
 * Renders a scripted performance on a prepared photo, frame by frame: each frame's weights
 * come from the script's keyframes (see `createPerformance`), the photo is reenacted with them
 * and the face window is resampled to `size × size`. A generator, so frames can be written as
 * they are made.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { createReenactor, parseClipScript, renderClipFrames } from '@freeavatar/synth';
 * const reenactor = await createReenactor();
 * const script = parseClipScript(JSON.parse(await readFile('script.json', 'utf8')));
 * const prepared = await reenactor.prepare('photo.png', { restWeights: script.restWeights });
 * const frames = [...renderClipFrames(reenactor, prepared, script, { fps: 25, size: 256 })];
 * ```
 */
export function* renderClipFrames(
  reenactor: Reenactor,
  prepared: PreparedPhoto,
  script: ClipScript,
  options: ClipOptions = {},
): Generator<ClipFrame> {
  const fps = options.fps ?? 25;
  const size = options.size ?? 256;
  assertArgument(Number.isInteger(size) && size >= 16, `size must be an integer ≥ 16, got ${size}`);
  const performance = createPerformance(script.keyframes, { easing: script.easing });
  const start = script.keyframes[0].timeMs;
  const count = clipFrameCount(performance.durationMs - start, fps);
  const { image } = prepared;
  const window = options.window ?? faceWindow(prepared.landmarks, image.width, image.height);
  const scratch: RgbImage = {
    width: image.width,
    height: image.height,
    data: new Uint8Array(image.data.length),
  };
  for (let index = 0; index < count; index++) {
    const timeMs = start + (index * 1000) / fps;
    const weights = performance.at(timeMs);
    reenactor.reenact(prepared, weights, { out: scratch });
    yield { index, timeMs, weights, image: cropWindow(scratch, window, size) };
  }
}

/**
 * A ground-truth ARKit track: per frame, its time and the 52 weights it shows.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const track: ArkitTrack = JSON.parse(await readFile('actor.arkit.json', 'utf8'));
 * const jawOpen = track.frames.map((f) => f.weights[track.names.indexOf('jawOpen')]);
 * ```
 */
export interface ArkitTrack {
  format: 'freeavatar-arkit-track';
  version: 1;
  fps: number;
  /** The 52 ARKit names, in the order of every frame's `weights`. */
  names: ArkitBlendshape[];
  frames: { index: number; timeMs: number; weights: number[] }[];
  /** Free text: what the track shows, where it came from. */
  description?: string;
}

/**
 * Collects frames' weights into an {@link ArkitTrack} (weights rounded to 4 decimals, times to
 * 0.01 ms), ready for `JSON.stringify`.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * declare const frames: ClipFrame[]; // e.g. `[...renderClipFrames(reenactor, prepared, script)]`
 * const track = arkitTrack(frames, 25, 'astronaut photo reenacted');
 * await writeFile('actor.arkit.json', JSON.stringify(track));
 * ```
 */
export function arkitTrack(
  frames: Iterable<Pick<ClipFrame, 'index' | 'timeMs' | 'weights'>>,
  fps: number,
  description?: string,
): ArkitTrack {
  assertArgument(
    frames !== null &&
      typeof frames === 'object' &&
      typeof (frames as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function',
    `frames must be an array or iterable of frames, got ${describeValue(frames)}`,
  );
  const rows = [...frames].map((f) => ({
    index: f.index,
    timeMs: Math.round(f.timeMs * 100) / 100,
    weights: Array.from(f.weights, (w) => Math.round(w * 1e4) / 1e4),
  }));
  return {
    format: 'freeavatar-arkit-track',
    version: 1,
    fps,
    names: [...ARKIT_BLENDSHAPE_NAMES],
    frames: rows,
    ...(description === undefined ? {} : { description }),
  };
}
