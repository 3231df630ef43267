import { spawn } from 'node:child_process';
import {
  FreeAvatarError,
  assertArgument,
  assertNonEmptyString,
  assertObject,
  type RgbImage,
} from '@freeavatar/core';
import { findFfmpeg, type FfmpegBinary } from '../video/ffmpeg.js';

/**
 * The video formats {@link openVideoWriter} writes: H.264 MP4 or an animated GIF.
 *
 * @example
 * ```ts
 * const format: VideoFormat = 'gif';
 * ```
 */
export type VideoFormat = 'mp4' | 'gif';

/**
 * Options of {@link openVideoWriter}.
 *
 * @example
 * ```ts
 * const options: VideoWriterOptions = { width: 320, height: 184, fps: 25, format: 'mp4' };
 * ```
 */
export interface VideoWriterOptions {
  /** Frame width in pixels; even for MP4 (H.264 4:2:0). */
  readonly width: number;
  /** Frame height in pixels; even for MP4. */
  readonly height: number;
  /** Frames per second (> 0). */
  readonly fps: number;
  /** Default `'mp4'`. */
  readonly format?: VideoFormat;
  /** The ffmpeg binary (default: {@link findFfmpeg}). */
  readonly ffmpeg?: FfmpegBinary;
}

/**
 * A video being written frame by frame; see {@link openVideoWriter}.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const frame: RgbImage; // 64 × 64
 * const writer: VideoWriter = openVideoWriter('preview.mp4', { width: 64, height: 64, fps: 10 });
 * await writer.write(frame);
 * await writer.close();
 * ```
 */
export interface VideoWriter {
  readonly file: string;
  /** Frames written so far. */
  readonly frames: number;
  /** Sends one RGB frame of the writer's size; resolves once ffmpeg can take more. */
  write(image: RgbImage): Promise<void>;
  /** Finishes the file; throws when ffmpeg failed or no frame was written. */
  close(): Promise<void>;
  /** Stops ffmpeg without finishing the file (e.g. after an error elsewhere). */
  abort(): void;
}

function encoderArgs(format: VideoFormat): string[] {
  if (format === 'gif') {
    // One palette for the whole clip (palettegen), applied to every frame (paletteuse).
    return ['-vf', 'split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse', '-f', 'gif'];
  }
  return [
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
  ];
}

/**
 * Starts an ffmpeg process that turns raw RGB frames piped to its stdin into an MP4 (H.264,
 * yuv420p) or a GIF (one palette for the whole clip), so a long video is written while it is
 * made, without holding its frames in memory.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a `file` that is not a path, `options` that are
 *   not an object, a bad size, frame rate or format (odd sizes for MP4), or a frame of the wrong
 *   size; `UNSUPPORTED_VIDEO` naming the file when ffmpeg
 *   fails.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const frames: RgbImage[]; // 96 × 64 each
 * const writer = openVideoWriter('out/preview.gif', { width: 96, height: 64, fps: 12, format: 'gif' });
 * for (const frame of frames) await writer.write(frame);
 * await writer.close();
 * ```
 */
export function openVideoWriter(file: string, options: VideoWriterOptions): VideoWriter {
  assertNonEmptyString(file, 'file');
  assertObject(options, 'options');
  const { width, height, fps } = options;
  const format = options.format ?? 'mp4';
  assertArgument(
    format === 'mp4' || format === 'gif',
    `format must be 'mp4' or 'gif', got ${String(format)}`,
  );
  const even = format === 'mp4' ? 2 : 1;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    assertArgument(
      Number.isInteger(value) && value >= 2 && value <= 8192 && value % even === 0,
      `${name} must be ${even === 2 ? 'an even' : 'an'} integer in 2..8192 for ${format}, got ${value}`,
    );
  }
  assertArgument(Number.isFinite(fps) && fps > 0, `fps must be a positive number, got ${fps}`);
  const ffmpeg = options.ffmpeg ?? findFfmpeg();
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24'];
  args.push('-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0');
  args.push(...encoderArgs(format), file);
  const child = spawn(ffmpeg.path, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  let pipeError: Error | undefined;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on('error', (err) => (pipeError = err));
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', resolve);
    child.on('error', (err) => {
      pipeError = err;
      resolve(null);
    });
  });
  let count = 0;
  let closed = false;
  const failure = (why: string): FreeAvatarError =>
    new FreeAvatarError('UNSUPPORTED_VIDEO', `Cannot write video ${file}: ${why}`, {
      subject: file,
    });

  return {
    file,
    get frames() {
      return count;
    },
    async write(image) {
      if (closed) throw new FreeAvatarError('INVALID_ARGUMENT', `video ${file} is already closed`);
      assertArgument(
        image?.width === width &&
          image.height === height &&
          image.data?.length === width * height * 3,
        `frames of ${file} must be ${width}x${height} RGB, got ${image?.width}x${image?.height}`,
      );
      if (pipeError || child.exitCode !== null)
        throw failure(stderr.trim() || pipeError?.message || 'ffmpeg stopped');
      count++;
      if (!child.stdin.write(image.data))
        await new Promise<void>((resolve) => {
          const done = (): void => {
            child.stdin.off('drain', done);
            child.off('close', done);
            resolve();
          };
          child.stdin.once('drain', done);
          child.once('close', done);
        });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (count === 0) {
        child.kill('SIGKILL');
        await exited;
        throw new FreeAvatarError('INVALID_ARGUMENT', `video ${file} needs at least one frame`);
      }
      child.stdin.end();
      const code = await exited;
      if (code !== 0)
        throw failure(stderr.trim() || pipeError?.message || `ffmpeg exited with ${code}`);
    },
    abort() {
      closed = true;
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
