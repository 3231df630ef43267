import { join } from 'node:path';
import { writeImageFile, type RgbImage } from '@freeavatar/core';
import { AVATARS, createAvatarRenderer, type AvatarId } from '@freeavatar/synth';
import type { FfmpegBinary } from '../video/ffmpeg.js';
import { createPreviewCompositor } from './animate-preview.js';
import { openPreviewWorker } from './animate-preview-remote.js';
import { openVideoWriter, type VideoFormat, type VideoWriter } from './animate-video-writer.js';

/**
 * Options of {@link openPreviewOutput}.
 *
 * @example
 * ```ts
 * const options: PreviewOutputOptions = {
 *   dir: 'out/take-1', format: 'mp4', avatars: ['human', 'robot'], cellSize: 128, fps: 25,
 * };
 * ```
 */
export interface PreviewOutputOptions {
  /** Folder of the preview file (which is `preview.mp4`, `preview.gif` or `preview.png`). */
  readonly dir: string;
  /** `'png'` writes the first frame as a still picture (for a single image). */
  readonly format: VideoFormat | 'png';
  /** Avatar ids, one cell each after the actor; ids that are not shipped avatars get a blank cell. */
  readonly avatars: readonly string[];
  /** Side of each cell in pixels (even, 32..1024). */
  readonly cellSize: number;
  /** Frame rate of the video. */
  readonly fps: number;
  readonly ffmpeg?: FfmpegBinary;
  /**
   * Anti-aliasing samples per pixel side of the avatar renders (1..4). Default 1 for videos,
   * whose frames are rendered at the speed of the animation, and 2 for a still picture.
   */
  readonly supersample?: number;
  /**
   * Render and encode the frames on a worker thread, so that they overlap with face detection,
   * encoding and animation on the main thread. Default `true` for videos, `false` for a still
   * picture; where no worker can be started, the frames are rendered on the calling thread.
   */
  readonly worker?: boolean;
}

/**
 * The preview being written; see {@link openPreviewOutput}.
 *
 * @example
 * ```ts
 * const preview: PreviewOutput = await openPreviewOutput(options);
 * await preview.add(face.crop, { robot: rig }, true);
 * await preview.close();
 * ```
 */
export interface PreviewOutput {
  /** The file it writes. */
  readonly file: string;
  /** Frames added so far. */
  readonly frames: number;
  /**
   * Adds one frame: the actor (face crop, or the whole frame when no face was found) and each
   * avatar rendered with its rig vector (avatar id → values in rig order).
   */
  add(
    actor: RgbImage,
    rigs: Readonly<Record<string, ArrayLike<number>>>,
    faceFound: boolean,
  ): Promise<void>;
  /** Finishes the file; with no frame added, writes nothing and returns `undefined`. */
  close(): Promise<string | undefined>;
  /** Drops the file being written. */
  abort(): void;
}

const isShipped = (id: string): id is AvatarId => Object.hasOwn(AVATARS, id);

/**
 * Opens the preview of `freeavatar animate`: each frame shows the actor's face crop and every
 * avatar rendered with its predicted rig by `@freeavatar/synth`'s avatar renderer, side by side
 * and labelled; frames stream to ffmpeg (MP4 or GIF) as they come. Videos are rendered on a
 * worker thread unless `worker` is `false` (see {@link PreviewOutputOptions.worker}); `add` then
 * returns once the frame is handed over, and `close` once every frame is written.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a bad cell size, frame rate or supersampling.
 * @example
 * ```ts
 * const preview = await openPreviewOutput({
 *   dir: 'out', format: 'gif', avatars: ['toon'], cellSize: 96, fps: 12,
 * });
 * await preview.add(frameImage, { toon: new Float32Array(21) }, false);
 * console.log(await preview.close()); // out/preview.gif
 * ```
 */
export async function openPreviewOutput(options: PreviewOutputOptions): Promise<PreviewOutput> {
  if (options.worker ?? options.format !== 'png') {
    const remote = await openPreviewWorker(options);
    if (remote !== undefined) return remote;
  }
  return openLocalPreview(options);
}

/**
 * {@link openPreviewOutput} on the calling thread: what the worker thread runs.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a bad cell size, frame rate or supersampling.
 * @example
 * ```ts
 * const preview = await openLocalPreview({ dir: 'out', format: 'png', avatars: ['toon'], cellSize: 96, fps: 1 });
 * ```
 */
export async function openLocalPreview(options: PreviewOutputOptions): Promise<PreviewOutput> {
  const { avatars, cellSize, format } = options;
  const compositor = await createPreviewCompositor({
    cellSize,
    labels: ['actor', ...avatars.map((id) => (isShipped(id) ? AVATARS[id].name : id))],
  });
  const renderer = createAvatarRenderer({
    size: cellSize,
    supersample: options.supersample ?? (format === 'png' ? 2 : 1),
  });
  const blank: RgbImage = {
    width: cellSize,
    height: cellSize,
    data: new Uint8Array(cellSize * cellSize * 3).fill(90),
  };
  const file = join(options.dir, `preview.${format}`);
  let writer: VideoWriter | undefined;
  let still: RgbImage | undefined;
  let count = 0;
  return {
    file,
    get frames() {
      return count;
    },
    async add(actor, rigs, faceFound) {
      const cells = avatars.map((id) =>
        isShipped(id) && rigs[id] !== undefined ? renderer.render(id, rigs[id]) : blank,
      );
      const frame = compositor.compose(actor, cells, faceFound);
      count++;
      if (format === 'png') {
        still ??= frame;
        return;
      }
      writer ??= openVideoWriter(file, {
        width: compositor.width,
        height: compositor.height,
        fps: options.fps,
        format,
        ffmpeg: options.ffmpeg,
      });
      await writer.write(frame);
    },
    async close() {
      if (count === 0) return undefined;
      if (still !== undefined) await writeImageFile(file, still);
      else await writer?.close();
      return file;
    },
    abort() {
      writer?.abort();
    },
  };
}
