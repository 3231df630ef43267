import {
  assertArgument,
  assertNonEmptyString,
  assertObject,
  readImageFile,
  type RgbImage,
} from '@freeavatar/core';
import { classifyInput, type InputKind } from '../inputs.js';
import { findFfmpeg, probeVideo, readVideoFrames, type FfmpegBinary } from '../video/ffmpeg.js';

/** Frame rate given to still images and image folders when no `fps` is set. */
export const DEFAULT_STILL_FPS = 30;

/**
 * One frame of the actor: a decoded video frame, an image of a folder, or a single image.
 *
 * @example
 * ```ts
 * import { readImageFile } from '@freeavatar/core';
 * const image = await readImageFile('actor.png');
 * const frame: ActorFrame = { index: 0, timestampMs: 0, image, source: 'actor.png' };
 * ```
 */
export interface ActorFrame {
  /** Position in the sequence, from 0. */
  readonly index: number;
  /** Time of the frame: the video time, or `index / fps` for images. */
  readonly timestampMs: number;
  readonly image: RgbImage;
  /** The file the frame came from. */
  readonly source: string;
}

/**
 * Options of {@link openFrameSource}.
 *
 * @example
 * ```ts
 * const options: FrameSourceOptions = { fps: 15, maxFrames: 100 };
 * ```
 */
export interface FrameSourceOptions {
  /** Videos: resample to this rate; images and folders: the rate their frames stand for. */
  readonly fps?: number;
  /** Stop after this many frames. */
  readonly maxFrames?: number;
  /** The ffmpeg binary for videos (default: {@link findFfmpeg}). */
  readonly ffmpeg?: FfmpegBinary;
}

/**
 * A sequence of actor frames from an image, a folder of images (sorted by name) or a video,
 * read lazily: videos stream through ffmpeg, images are read one at a time.
 *
 * @example
 * ```ts
 * const source: FrameSource = await openFrameSource('actor.mp4');
 * for await (const frame of source.frames()) console.log(frame.index, frame.timestampMs);
 * ```
 */
export interface FrameSource {
  /** What the input is. */
  readonly kind: InputKind['kind'];
  /** The path given. */
  readonly path: string;
  /** Frames per second of the sequence. */
  readonly fps: number;
  /** How many frames will come, when known (videos: estimated from the duration). */
  readonly total: number | undefined;
  /** For videos: which ffmpeg decodes them. */
  readonly decoder: FfmpegBinary | undefined;
  /** The frames, in order; iterate once. Breaking out of the loop stops the decoder. */
  frames(): AsyncGenerator<ActorFrame>;
}

function limited(count: number | undefined, maxFrames: number | undefined): number | undefined {
  if (count === undefined) return maxFrames;
  return maxFrames === undefined ? count : Math.min(count, maxFrames);
}

/**
 * Opens an image, a folder of images or a video as a sequence of frames. Videos are probed at
 * once, so a file that cannot be decoded fails here with a one-line message naming it.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` for a missing path, `UNSUPPORTED_IMAGE` for an
 *   unknown kind of file or an empty folder, `UNSUPPORTED_VIDEO` for an undecodable video or no
 *   ffmpeg, `INVALID_ARGUMENT` for a `path` that is not a string, `options` that are not an
 *   object, or a bad `fps` or `maxFrames`.
 * @example
 * ```ts
 * const source = await openFrameSource('packages/synth/assets/example/astronaut.mp4', {
 *   maxFrames: 25,
 * });
 * console.log(source.kind, source.fps, source.total); // 'video' 25 25
 * ```
 */
export async function openFrameSource(
  path: string,
  options: FrameSourceOptions = {},
): Promise<FrameSource> {
  assertNonEmptyString(path, 'path');
  // Through `unknown`: all its fields are optional, so asserting would narrow away their types.
  assertObject(options as unknown, 'options');
  const { fps, maxFrames } = options;
  assertArgument(
    fps === undefined || (Number.isFinite(fps) && fps > 0),
    `fps must be a positive number, got ${fps}`,
  );
  assertArgument(
    maxFrames === undefined || (Number.isInteger(maxFrames) && maxFrames > 0),
    `maxFrames must be a positive integer, got ${maxFrames}`,
  );
  const input = await classifyInput(path);
  if (input.kind === 'video') {
    const ffmpeg = options.ffmpeg ?? findFfmpeg();
    const info = probeVideo(ffmpeg, input.path);
    const rate = fps ?? info.fps;
    const estimate =
      info.durationSeconds === undefined ? undefined : Math.round(info.durationSeconds * rate);
    return {
      kind: 'video',
      path,
      fps: rate,
      total: limited(estimate, maxFrames),
      decoder: ffmpeg,
      async *frames() {
        let count = 0;
        for await (const frame of readVideoFrames(input.path, { fps, ffmpeg })) {
          if (maxFrames !== undefined && count >= maxFrames) break;
          yield { ...frame, source: input.path };
          count++;
        }
      },
    };
  }
  const files = input.kind === 'image' ? [input.path] : input.images;
  const rate = fps ?? DEFAULT_STILL_FPS;
  const shown = files.slice(0, maxFrames ?? files.length);
  return {
    kind: input.kind,
    path,
    fps: rate,
    total: shown.length,
    decoder: undefined,
    async *frames() {
      for (const [index, file] of shown.entries()) {
        yield {
          index,
          timestampMs: (index * 1000) / rate,
          image: await readImageFile(file),
          source: file,
        };
      }
    },
  };
}
