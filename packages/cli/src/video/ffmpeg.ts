import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  FreeAvatarError,
  assertArgument,
  assertArray,
  assertNonEmptyString,
  assertObject,
  assertRgbImage,
  describeValue,
  type RgbImage,
} from '@freeavatar/core';

/** Which ffmpeg binary is used, and where it came from. */
export interface FfmpegBinary {
  readonly path: string;
  readonly source: 'system' | '@ffmpeg-installer/ffmpeg';
}

/**
 * Finds an ffmpeg binary: the system's `ffmpeg` on PATH when present, else the static binary
 * that `@ffmpeg-installer/ffmpeg` ships.
 *
 * @throws FreeAvatarError `UNSUPPORTED_VIDEO` when neither is available.
 * @example
 * ```ts
 * const { path, source } = findFfmpeg();
 * console.log(`decoding with ${source} ffmpeg at ${path}`);
 * ```
 */
export function findFfmpeg(): FfmpegBinary {
  const probe = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  if (probe.status === 0) return { path: 'ffmpeg', source: 'system' };
  try {
    const require = createRequire(import.meta.url);
    const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
    return { path: installer.path, source: '@ffmpeg-installer/ffmpeg' };
  } catch (cause) {
    throw new FreeAvatarError(
      'UNSUPPORTED_VIDEO',
      'No ffmpeg found: install ffmpeg or @ffmpeg-installer/ffmpeg',
      { cause },
    );
  }
}

/** What {@link probeVideo} learns about a video file. */
export interface VideoInfo {
  readonly width: number;
  readonly height: number;
  /** Frames per second, as the container states it. */
  readonly fps: number;
  /** Duration in seconds, when known. */
  readonly durationSeconds?: number;
  /** Estimated frame count (duration × fps), when known. */
  readonly frameCount?: number;
}

/**
 * Reads a video's size, frame rate and duration from ffmpeg's stream description.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `ffmpeg` is not an {@link FfmpegBinary} or
 *   `file` not a path, `UNSUPPORTED_VIDEO` naming the file when it has no decodable video stream.
 * @example
 * ```ts
 * const info = probeVideo(findFfmpeg(), 'actor.mp4');
 * ```
 */
export function probeVideo(ffmpeg: FfmpegBinary, file: string): VideoInfo {
  assertObject(ffmpeg, 'ffmpeg');
  assertNonEmptyString(ffmpeg.path, 'ffmpeg.path');
  assertNonEmptyString(file, 'file');
  const run = spawnSync(ffmpeg.path, ['-hide_banner', '-i', file], { encoding: 'utf8' });
  const text = `${run.stderr ?? ''}`;
  const stream = /Stream #.*Video:.*?(\d{2,5})x(\d{2,5})[^\n]*?(?:([\d.]+) fps|([\d.]+) tbr)/.exec(
    text,
  );
  if (!stream) {
    const why =
      /No such file|Invalid data|does not contain any stream/i.exec(text)?.[0] ?? 'no video stream';
    throw new FreeAvatarError('UNSUPPORTED_VIDEO', `Cannot decode video ${file}: ${why}`, {
      subject: file,
    });
  }
  const width = Number(stream[1]);
  const height = Number(stream[2]);
  const fps = Number(stream[3] ?? stream[4]);
  const duration = /Duration: (\d+):(\d+):([\d.]+)/.exec(text);
  const durationSeconds = duration
    ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])
    : undefined;
  return {
    width,
    height,
    fps,
    durationSeconds,
    frameCount: durationSeconds === undefined ? undefined : Math.round(durationSeconds * fps),
  };
}

/** One decoded video frame. */
export interface VideoFrame {
  readonly index: number;
  readonly timestampMs: number;
  readonly image: RgbImage;
}

/**
 * Decodes a video into RGB frames, streaming: ffmpeg writes raw rgb24 to a pipe and frames are
 * yielded as they arrive, so memory stays flat for long videos.
 *
 * @param options - `fps` resamples to that frame rate (default: the video's own); `ffmpeg` picks the binary.
 * @example
 * ```ts
 * for await (const frame of readVideoFrames('actor.mp4')) console.log(frame.index, frame.image.width);
 * ```
 */
export async function* readVideoFrames(
  file: string,
  options: { fps?: number; ffmpeg?: FfmpegBinary } = {},
): AsyncGenerator<VideoFrame> {
  assertNonEmptyString(file, 'file');
  assertObject(options, 'options');
  const ffmpeg = options.ffmpeg ?? findFfmpeg();
  const info = probeVideo(ffmpeg, file);
  const fps = options.fps ?? info.fps;
  const args = ['-hide_banner', '-loglevel', 'error', '-i', file];
  if (options.fps !== undefined) args.push('-vf', `fps=${options.fps}`);
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const child = spawn(ffmpeg.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const frameBytes = info.width * info.height * 3;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= frameBytes) {
        const data = new Uint8Array(frameBytes);
        data.set(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
        yield {
          index,
          timestampMs: (index * 1000) / fps,
          image: { width: info.width, height: info.height, data },
        };
        index++;
      }
    }
    const code = await exited;
    if (code !== 0 && index === 0) {
      throw new FreeAvatarError(
        'UNSUPPORTED_VIDEO',
        `Cannot decode video ${file}: ${stderr.trim() || `ffmpeg exited with ${code}`}`,
        {
          subject: file,
        },
      );
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * Writes RGB frames to a video file (H.264 MP4, or GIF by extension) through ffmpeg.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a `file` that is not a path, no frames, a
 *   malformed frame, frames of different sizes or an `fps` that is not a positive number; `UNSUPPORTED_VIDEO` naming the
 *   file when ffmpeg fails.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const frames: RgbImage[];
 * await writeVideo('preview.mp4', frames, 25);
 * ```
 */
export async function writeVideo(
  file: string,
  frames: readonly RgbImage[],
  fps: number,
  ffmpeg?: FfmpegBinary,
): Promise<void> {
  assertNonEmptyString(file, 'file');
  assertArray(frames, 'frames');
  assertArgument(
    Number.isFinite(fps) && fps > 0,
    `fps must be a positive number, got ${describeValue(fps)}`,
  );
  if (frames.length === 0)
    throw new FreeAvatarError('INVALID_ARGUMENT', 'writeVideo needs at least one frame');
  for (const frame of frames) assertRgbImage(frame);
  const binary = ffmpeg ?? findFfmpeg();
  const { width, height } = frames[0];
  const codec = file.toLowerCase().endsWith('.gif')
    ? []
    : ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '26'];
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${width}x${height}`,
  ];
  args.push('-r', String(fps), '-i', 'pipe:0', ...codec, file);
  const child = spawn(binary.path, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (const frame of frames) {
    if (frame.width !== width || frame.height !== height) {
      child.kill('SIGKILL');
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `all frames must be ${width}x${height}, got ${frame.width}x${frame.height}`,
      );
    }
    if (!child.stdin.write(frame.data))
      await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0)
    throw new FreeAvatarError('UNSUPPORTED_VIDEO', `Cannot write video ${file}: ${stderr.trim()}`, {
      subject: file,
    });
}
