import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { basename, dirname, extname, join } from 'node:path';
import {
  BACKEND_NAMES,
  FreeAvatarError,
  assertNonEmptyString,
  assertObject,
  initBackend,
  progressReporter,
  readImageFile,
  type BackendName,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import { createFaceCropper } from '@freeavatar/face-crop';
import {
  arkitTrack,
  clipFrameCount,
  createReenactor,
  parseClipScript,
  renderClipFrames,
  type ClipFrame,
} from '@freeavatar/synth';
import { createProgressBar } from '../terminal/progress-bar.js';
import { writeVideo } from '../video/ffmpeg.js';

/** Options of {@link runSynthClip}. */
export interface SynthClipOptions {
  /** JSON script: keyframes `{ timeMs, weights | emotion }[]`, or `{ keyframes, rest?, easing? }`. */
  readonly script: string;
  /** The face photo to reenact. */
  readonly photo: string;
  /** Output video (`.mp4`, H.264; `.gif` also works). */
  readonly out: string;
  /** Ground-truth track path; default `<out without extension>.arkit.json`. */
  readonly track?: string;
  /** Frames per second (default 25). */
  readonly fps?: number;
  /** Side of the square frames, pixels (default 256). */
  readonly size?: number;
  /** Also run the face detector on every frame and report how often it finds the face. */
  readonly checkFaces?: boolean;
  /** Backend preference for the face detector, e.g. `'wasm'`. */
  readonly backend?: BackendName;
  readonly onProgress?: ProgressCallback;
  /** Receives human-readable status lines. */
  readonly log?: (line: string) => void;
}

/** What {@link runSynthClip} wrote. */
export interface SynthClipSummary {
  readonly video: string;
  readonly track: string;
  readonly frames: number;
  readonly durationMs: number;
  readonly fps: number;
  readonly size: number;
  /** Frames in which the face detector found a face, when `checkFaces` was set. */
  readonly framesWithFace?: number;
  readonly seconds: number;
  readonly backend: string;
}

/**
 * The default track path beside a video: `actor.mp4` → `actor.arkit.json`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `video` is not a non-empty string.
 * @example
 * ```ts
 * defaultTrackPath('out/actor.mp4'); // 'out/actor.arkit.json'
 * ```
 */
export function defaultTrackPath(video: string): string {
  assertNonEmptyString(video, 'video');
  return join(dirname(video), `${basename(video, extname(video))}.arkit.json`);
}

async function readScript(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot read script file ${path}`, {
      subject: path,
      cause,
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `Script ${path} is not valid JSON: ${(cause as Error).message}`,
      { subject: path, cause },
    );
  }
}

/**
 * `freeavatar synth clip`: renders a scripted performance by reenacting a face photo, writes
 * it as a video and, beside it, its ground-truth ARKit track (per frame: time and the 52
 * weights) as JSON.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object or lacks `script`,
 *   `photo` or `out`, or the script is not valid; `FILE_NOT_FOUND` for a script that cannot be
 *   read.
 * @example
 * ```ts
 * const summary = await runSynthClip({
 *   script: 'script.json',
 *   photo: 'astronaut.png',
 *   out: 'out/actor.mp4',
 * });
 * console.log(`${summary.frames} frames → ${summary.video}, track ${summary.track}`);
 * ```
 */
export async function runSynthClip(options: SynthClipOptions): Promise<SynthClipSummary> {
  assertObject(options, 'options');
  for (const key of ['script', 'photo', 'out'] as const) {
    assertNonEmptyString(options[key], `options.${key}`);
  }
  if (options.track !== undefined) assertNonEmptyString(options.track, 'options.track');
  const log = options.log ?? (() => {});
  const report = progressReporter(options.onProgress);
  const started = performance.now();
  const fps = options.fps ?? 25;
  const size = options.size ?? 256;
  const script = parseClipScript(await readScript(options.script));
  const backend = await initBackend(options.backend ? { prefer: options.backend } : {});
  log(`backend: ${backend.name}`);
  const cropper = await createFaceCropper();
  const reenactor = await createReenactor({ cropper });
  const frames: ClipFrame[] = [];
  let framesWithFace: number | undefined;
  try {
    const photo = await readImageFile(options.photo);
    const prepared = await reenactor.prepare(photo, { restWeights: script.restWeights });
    const first = script.keyframes[0].timeMs;
    const last = script.keyframes[script.keyframes.length - 1].timeMs;
    const total = clipFrameCount(last - first, fps);
    for (const frame of renderClipFrames(reenactor, prepared, script, { fps, size })) {
      frames.push(frame);
      report({ task: 'render', done: frame.index + 1, total, unit: 'frames' });
    }
    if (options.checkFaces) {
      framesWithFace = 0;
      for (const [i, frame] of frames.entries()) {
        if ((await cropper.detect(frame.image)).length > 0) framesWithFace++;
        report({ task: 'check', done: i + 1, total, unit: 'frames' });
      }
    }
  } finally {
    reenactor.dispose();
    cropper.dispose();
  }
  await mkdir(dirname(options.out), { recursive: true });
  await writeVideo(
    options.out,
    frames.map((f): RgbImage => f.image),
    fps,
  );
  const track = options.track ?? defaultTrackPath(options.out);
  await mkdir(dirname(track), { recursive: true });
  const description =
    `${basename(options.photo)} reenacted by freeavatar synth clip from ${basename(options.script)}` +
    (script.description ? `: ${script.description}` : '');
  const { frames: rows, ...header } = arkitTrack(frames, fps, description);
  // One frame per line: small, and readable in a diff.
  await writeFile(
    track,
    `${JSON.stringify(header).slice(0, -1)},"frames":[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`,
  );
  return {
    video: options.out,
    track,
    frames: frames.length,
    durationMs: frames.length > 0 ? frames[frames.length - 1].timeMs - frames[0].timeMs : 0,
    fps,
    size,
    framesWithFace,
    seconds: (performance.now() - started) / 1000,
    backend: backend.name,
  };
}

function parseNumber(name: string, min: number, max: number, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(
        `${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${value}`,
      );
    return n;
  };
}

/**
 * The `synth clip` command, for the `freeavatar synth` group: options, progress bar and a
 * summary printed through `out`.
 *
 * @example
 * ```ts
 * const synth = new Command('synth');
 * synth.addCommand(synthClipCommand(console.log));
 * ```
 */
export function synthClipCommand(out: (line: string) => void = console.log): Command {
  return new Command('clip')
    .description('Reenact a face photo through a scripted performance: video + ARKit track')
    .requiredOption('--script <file>', 'JSON keyframes: [{ timeMs, weights | emotion }]')
    .requiredOption('--photo <image>', 'face photo to reenact')
    .requiredOption('--out <video>', 'output video (.mp4)')
    .option('--track <file>', 'ground-truth track JSON (default: <out>.arkit.json)')
    .option('--fps <n>', 'frames per second (1..120)', parseNumber('--fps', 1, 120, false), 25)
    .option(
      '--size <px>',
      'frame size in pixels (16..1024)',
      parseNumber('--size', 16, 1024, true),
      256,
    )
    .option('--check-faces', 'run the face detector on every frame and report the hit rate')
    .addOption(new Option('--backend <name>', 'tfjs backend to prefer').choices([...BACKEND_NAMES]))
    .action(async (opts: Omit<SynthClipOptions, 'onProgress' | 'log'>) => {
      const bar = createProgressBar();
      try {
        const s = await runSynthClip({ ...opts, onProgress: bar.onProgress, log: out });
        bar.stop();
        out(
          `${s.frames} frames (${(s.durationMs / 1000).toFixed(2)} s at ${s.fps} fps, ${s.size}x${s.size})`,
        );
        if (s.framesWithFace !== undefined)
          out(`face found in ${s.framesWithFace}/${s.frames} frames`);
        out(`wrote ${s.video} and ${s.track}`);
      } finally {
        bar.stop();
      }
    });
}
