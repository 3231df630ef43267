import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  FreeAvatarError,
  assertArray,
  assertNonEmptyString,
  assertObject,
  progressReporter,
  writeImageFile,
  type BackendName,
  type ModelSource,
  type ProgressCallback,
} from '@freeavatar/core';
import type { DetectedFace, FaceBox } from '@freeavatar/face-crop';
import { ExpressionIndex } from '@freeavatar/expression-encoder';
import { classifyInput, type InputKind } from '../inputs.js';
import { createProgressBar } from '../terminal/progress-bar.js';
import { findFfmpeg, probeVideo, type FfmpegBinary } from '../video/ffmpeg.js';
import { facesOfJob, type FaceFindJob, type FacesOf } from './embed-faces-worker.js';
import { openEncoder } from './open-encoder.js';
import { integerArg, positiveArg } from './option-parsers.js';
import { workerScript } from './worker-script.js';
import { workerItems } from './worker-stream.js';

/** Images or frames whose faces the worker finds ahead of the encoder. */
const FACES_AHEAD = 4;

/**
 * The metadata `freeavatar embed --index` stores with each face: enough to find the face again
 * (`freeavatar search` cuts its crop from it for the contact sheet).
 *
 * @example
 * ```ts
 * import { ExpressionIndex } from '@freeavatar/expression-encoder';
 * declare const query: Float32Array; // an expression embedding
 * const index = await ExpressionIndex.load<EmbeddedFaceMetadata>('out/frames.faidx');
 * const [hit] = index.search(query, 1);
 * console.log(hit.metadata?.source, hit.metadata?.frame);
 * ```
 */
export interface EmbeddedFaceMetadata {
  /** Absolute path of the image or video. */
  readonly source: string;
  readonly kind: 'image' | 'video';
  /** Video frame index, counted at `fps`. */
  readonly frame?: number;
  readonly timestampMs?: number;
  /** The `--fps` the video was sampled at (absent: every frame). */
  readonly fps?: number;
  /** Index of the face in its image or frame. */
  readonly face: number;
  /** Face box in source pixels. */
  readonly box: FaceBox;
  /** Face-detector score. */
  readonly score: number;
  /** Absolute path of the saved aligned crop (with `--crops`). */
  readonly crop?: string;
}

/**
 * The index metadata of an embeddings-file record: what `freeavatar embed --index` stores for
 * its face (the source resolved against the working folder; no crop path).
 *
 * @example
 * ```ts
 * const metadata = recordMetadata(JSON.parse(line) as EmbeddingRecord);
 * console.log(metadata.kind, metadata.source); // 'video' '/abs/clip.mp4'
 * ```
 */
export function recordMetadata(record: EmbeddingRecord): EmbeddedFaceMetadata {
  const video = record.frame !== undefined;
  return {
    source: resolve(record.source),
    kind: video ? 'video' : 'image',
    ...(video ? { frame: record.frame, timestampMs: record.timestampMs } : {}),
    ...(video && record.fps !== undefined ? { fps: record.fps } : {}),
    face: record.face,
    box: record.box,
    score: record.score,
  };
}

/**
 * One line of the embeddings JSONL file.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const lines = (await readFile('out/faces.jsonl', 'utf8')).trim().split('\n');
 * const records: EmbeddingRecord[] = lines.map((line) => JSON.parse(line));
 * ```
 */
export interface EmbeddingRecord {
  /** `source#face` for images, `source@frame#face` for video frames (as in the index). */
  readonly id: string;
  /** The path as given on the command line. */
  readonly source: string;
  readonly frame?: number;
  readonly timestampMs?: number;
  /** The `--fps` a video was sampled at (absent: every frame). */
  readonly fps?: number;
  readonly face: number;
  readonly box: FaceBox;
  readonly score: number;
  /** The unit expression embedding. */
  readonly embedding: number[];
}

/**
 * Options of {@link runEmbed}.
 *
 * @example
 * ```ts
 * const options: EmbedCommandOptions = { inputs: ['clip.mp4'], out: 'out/clip.jsonl', fps: 5 };
 * ```
 */
export interface EmbedCommandOptions {
  /** Images, folders of images, and videos. */
  readonly inputs: readonly string[];
  /** The JSONL file to write (parent folders are created). */
  readonly out: string;
  /** Expression model: a `model.json` path, URL or IOHandler; default the shipped weights. */
  readonly model?: 'default' | ModelSource;
  /** Also write an `ExpressionIndex` file with {@link EmbeddedFaceMetadata}. */
  readonly index?: string;
  /** Save every aligned crop as a PNG in this folder (recorded in the index metadata). */
  readonly crops?: string;
  /** Sample videos at this frame rate (default: every frame). */
  readonly fps?: number;
  /** Most faces per image (default 4). */
  readonly maxFaces?: number;
  readonly backend?: BackendName;
  /**
   * Find the faces on a worker thread, a few frames ahead of the encoder (default `true`);
   * `false` finds them between frames on the calling thread. The faces are the same either way.
   */
  readonly cropWorker?: boolean;
  readonly onProgress?: ProgressCallback;
  /** Receives human-readable status lines. */
  readonly log?: (line: string) => void;
}

/**
 * What {@link runEmbed} did.
 *
 * @example
 * ```ts
 * declare const options: EmbedCommandOptions;
 * const { faces, images }: EmbedSummary = await runEmbed(options);
 * ```
 */
export interface EmbedSummary {
  /** Images and video frames read. */
  readonly images: number;
  readonly faces: number;
  /** Embedding width. */
  readonly dim: number;
  readonly seconds: number;
  readonly backend: string;
  readonly out: string;
  readonly index: string | undefined;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
/** Nine significant digits: the float32 value, exactly. */
const float32Number = (v: number): number => Number(v.toPrecision(9));

function roundBox(box: FaceBox): FaceBox {
  return {
    x: round2(box.x),
    y: round2(box.y),
    width: round2(box.width),
    height: round2(box.height),
  };
}

/** Resolves every input once, in order; a file named twice is read once. */
async function resolveInputs(inputs: readonly string[]): Promise<InputKind[]> {
  const seen = new Set<string>();
  const list: InputKind[] = [];
  for (const input of inputs) {
    const kind = await classifyInput(input);
    const files = kind.kind === 'directory' ? kind.images : [kind.path];
    for (const file of files) {
      if (seen.has(resolve(file))) continue;
      seen.add(resolve(file));
      list.push(kind.kind === 'video' ? kind : { kind: 'image', path: file });
    }
  }
  return list;
}

/** The faces of one image or video frame. */
/** Estimated images + video frames, or undefined when a video's length is unknown. */
function countFrames(
  sources: readonly InputKind[],
  ffmpeg: FfmpegBinary | undefined,
  fps: number | undefined,
): number | undefined {
  let total = 0;
  for (const s of sources) {
    if (s.kind !== 'video' || ffmpeg === undefined) {
      total++;
      continue;
    }
    const info = probeVideo(ffmpeg, s.path);
    if (info.frameCount === undefined) return undefined;
    total += Math.round((info.frameCount * (fps ?? info.fps)) / info.fps);
  }
  return total;
}

/**
 * The faces of every image and video frame of `job`, in order: found on a worker thread a few
 * frames ahead of the encoder, or (`worker` false, or no worker script) on this thread.
 */
async function* facesOf(job: FaceFindJob, worker: boolean): AsyncGenerator<FacesOf> {
  const script = worker ? workerScript('embed-faces-worker', import.meta.url) : undefined;
  if (script === undefined) {
    yield* facesOfJob(job);
    return;
  }
  yield* workerItems<FacesOf>(script, { faces: true, job }, FACES_AHEAD, 'the face finding worker');
}

async function openOutput(path: string): Promise<FileHandle> {
  try {
    await mkdir(dirname(path), { recursive: true });
    return await open(path, 'w');
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot write ${path}`, { subject: path, cause });
  }
}

/** Saves aligned crops under unique names in a folder. */
function cropSaver(
  dir: string | undefined,
): (face: DetectedFace, stem: string) => Promise<string | undefined> {
  const used = new Set<string>();
  return async (face, stem) => {
    if (dir === undefined) return undefined;
    let name = `${stem}.png`;
    for (let n = 2; used.has(name); n++) name = `${stem}-${n}.png`;
    used.add(name);
    const file = resolve(dir, name);
    await writeImageFile(file, face.crop);
    return file;
  };
}

/**
 * `freeavatar embed`: finds every face in images, folders of images and videos, and writes one
 * JSON line per face (source, frame and timestamp for videos, face index, box, score, embedding)
 * to `out`. With `index` it also writes an `ExpressionIndex` whose metadata
 * ({@link EmbeddedFaceMetadata}) says where each face came from, for `freeavatar search`; with
 * `crops` it saves each aligned crop as a PNG.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object or lacks `inputs` or
 *   `out`, `FILE_NOT_FOUND` / `UNSUPPORTED_IMAGE` / `UNSUPPORTED_VIDEO` naming a bad input,
 *   `MODEL_LOAD_FAILED` when the model cannot be loaded (including the default model while the
 *   package ships no weights).
 * @example
 * ```ts
 * const summary = await runEmbed({
 *   inputs: ['frames/'], out: 'out/embeddings.jsonl', model: 'runs/triplet/model/model.json',
 *   index: 'out/frames.faidx',
 * });
 * console.log(`${summary.faces} faces in ${summary.images} images`);
 * ```
 */
export async function runEmbed(options: EmbedCommandOptions): Promise<EmbedSummary> {
  assertObject(options, 'options');
  assertArray(options.inputs, 'options.inputs');
  assertNonEmptyString(options.out, 'options.out');
  const log = options.log ?? (() => {});
  const report = progressReporter(options.onProgress);
  const started = performance.now();
  const sources = await resolveInputs(options.inputs);
  const ffmpeg = sources.some((s) => s.kind === 'video') ? findFfmpeg() : undefined;
  const total = countFrames(sources, ffmpeg, options.fps);
  const encoder = await openEncoder(options.model, options.backend);
  const dim = encoder.config.embeddingDim;
  const backend = encoder.backend;
  log(`backend: ${backend}`);
  const index = options.index ? new ExpressionIndex<EmbeddedFaceMetadata>({ dim }) : undefined;
  const saveCrop = cropSaver(options.crops);
  if (options.crops) await mkdir(options.crops, { recursive: true });
  let file: FileHandle | undefined;
  let images = 0;
  let faces = 0;
  try {
    file = await openOutput(options.out);
    const job: FaceFindJob = {
      sources,
      cropper: {
        cropSize: Math.min(512, Math.max(32, encoder.config.imageSize * 2)),
        alignment: encoder.config.alignment,
        maxFaces: options.maxFaces,
      },
      ffmpeg,
      fps: options.fps,
      backend: backend as BackendName,
    };
    for await (const found of facesOf(job, options.cropWorker ?? true)) {
      images++;
      const embeddings =
        found.faces.length > 0 ? await encoder.embed(found.faces.map((f) => f.crop)) : [];
      const { source, video } = found;
      const stem =
        basename(source, extname(source)) +
        (video ? `_${String(video.frame).padStart(5, '0')}` : '');
      const lines: string[] = [];
      for (const [i, face] of found.faces.entries()) {
        const id = video ? `${source}@${video.frame}#${i}` : `${source}#${i}`;
        const where = video
          ? {
              frame: video.frame,
              timestampMs: round2(video.timestampMs),
              ...(options.fps !== undefined ? { fps: options.fps } : {}),
            }
          : {};
        const record: EmbeddingRecord = {
          id,
          source,
          ...where,
          face: i,
          box: roundBox(face.box),
          score: round2(face.score),
          embedding: Array.from(embeddings[i], float32Number),
        };
        lines.push(JSON.stringify(record));
        const crop = await saveCrop(face, `${stem}_face${i}`);
        index?.add(id, embeddings[i], { ...recordMetadata(record), ...(crop ? { crop } : {}) });
      }
      if (lines.length > 0) await file.write(`${lines.join('\n')}\n`);
      faces += lines.length;
      report({
        task: 'embed',
        done: images,
        total: total === undefined ? undefined : Math.max(total, images),
        unit: 'images',
      });
    }
  } finally {
    encoder.dispose();
    await file?.close();
  }
  if (index && options.index) await index.save(options.index);
  return {
    images,
    faces,
    dim,
    seconds: (performance.now() - started) / 1000,
    backend,
    out: options.out,
    index: options.index,
  };
}

/**
 * The `embed` command; `out` receives the summary lines.
 *
 * @example
 * ```ts
 * program.addCommand(embedCommand(console.log));
 * ```
 */
export function embedCommand(out: (line: string) => void): Command {
  return new Command('embed')
    .description('Write the expression embedding of every face in images, folders or videos')
    .argument('<inputs...>', 'image files, folders of images, video files')
    .requiredOption('--out <file>', 'embeddings JSONL file (one line per face)')
    .option('--model <path>', 'expression model.json (default: the shipped weights)')
    .option('--index <file>', 'also write an expression index for `freeavatar search`')
    .option('--crops <dir>', 'also save the aligned face crops as PNGs (used by search)')
    .option('--fps <n>', 'sample videos at this frame rate', positiveArg('--fps'))
    .option('--max-faces <n>', 'most faces per image', integerArg('--max-faces', 1, 64), 4)
    .addOption(
      new Option('--backend <name>', 'tfjs backend to prefer').choices([
        'webgpu',
        'tensorflow',
        'wasm',
        'cpu',
      ]),
    )
    .action(
      async (
        inputs: string[],
        flags: Omit<EmbedCommandOptions, 'inputs' | 'onProgress' | 'log'>,
      ) => {
        const bar = createProgressBar();
        try {
          const summary = await runEmbed({
            inputs,
            ...flags,
            onProgress: bar.onProgress,
            log: out,
          });
          bar.stop();
          out(
            `${summary.faces} faces in ${summary.images} ${summary.images === 1 ? 'image' : 'images'}, ` +
              `${summary.dim}-d embeddings, ${summary.seconds.toFixed(1)} s on ${summary.backend}`,
          );
          out(`wrote ${summary.out}${summary.index ? ` and ${summary.index}` : ''}`);
        } finally {
          bar.stop();
        }
      },
    );
}
