import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import {
  assertNonEmptyString,
  assertObject,
  contactSheet,
  initBackend,
  progressReporter,
  readImageFile,
  writeImageFile,
  type BackendName,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import { createFaceCropper, type DetectedFace } from '@freeavatar/face-crop';
import { classifyInput } from '../inputs.js';
import { findFfmpeg, probeVideo, readVideoFrames } from '../video/ffmpeg.js';

/** Options of {@link runCrop}. */
export interface CropCommandOptions {
  /** An image, a folder of images or a video. */
  readonly input: string;
  /** Output folder; created if missing. */
  readonly out: string;
  /** Crop size in pixels. */
  readonly size?: number;
  /** Most faces per image. */
  readonly maxFaces?: number;
  /** Backend preference, e.g. `'wasm'`. */
  readonly backend?: BackendName;
  /** Frame rate to sample videos at; default: every frame. */
  readonly fps?: number;
  readonly onProgress?: ProgressCallback;
  /** Receives human-readable status lines. */
  readonly log?: (line: string) => void;
}

/** What {@link runCrop} did. */
export interface CropSummary {
  /** Images read, or video frames decoded. */
  readonly images: number;
  /** What `images` counts: `'images'` for files and folders, `'frames'` for a video. */
  readonly unit: 'images' | 'frames';
  readonly imagesWithFaces: number;
  readonly faces: number;
  readonly seconds: number;
  readonly backend: string;
  readonly facesJson: string;
  readonly contactSheet: string | undefined;
}

interface FaceRecord {
  readonly crop: string;
  readonly score: number;
  readonly box: DetectedFace['box'];
  readonly pose: DetectedFace['pose'];
  readonly landmarks: number[][];
  readonly cropLandmarks: number[][];
}

interface SourceRecord {
  readonly source: string;
  readonly frame?: number;
  readonly timestampMs?: number;
  readonly width: number;
  readonly height: number;
  readonly faces: FaceRecord[];
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

function roundValues<T extends object>(record: T): T {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, typeof v === 'number' ? round2(v) : v]),
  ) as T;
}

function toRows(
  points: ArrayLike<number> | readonly (readonly number[])[],
  stride = 3,
): number[][] {
  if (Array.isArray(points) && Array.isArray(points[0]))
    return (points as number[][]).map((p) => p.map(round2));
  const flat = points as ArrayLike<number>;
  const rows: number[][] = [];
  for (let i = 0; i < flat.length; i += stride)
    rows.push(Array.from({ length: stride }, (_, k) => round2(flat[i + k])));
  return rows;
}

/**
 * `freeavatar crop`: finds, aligns and crops every face in an image, a folder of images or a
 * video; writes the crops as PNGs, a `faces.json` with boxes, landmarks (image and crop
 * coordinates) and head pose, and a `contact-sheet.png` of the crops.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object or lacks `input` or
 *   `out`.
 * @example
 * ```ts
 * const summary = await runCrop({ input: 'astronaut.png', out: 'out/crops', size: 112 });
 * console.log(`${summary.faces} faces in ${summary.images} images`);
 * ```
 */
export async function runCrop(options: CropCommandOptions): Promise<CropSummary> {
  assertObject(options, 'options');
  assertNonEmptyString(options.input, 'options.input');
  assertNonEmptyString(options.out, 'options.out');
  const log = options.log ?? (() => {});
  const report = progressReporter(options.onProgress);
  const started = performance.now();
  const input = await classifyInput(options.input);
  const backend = await initBackend(options.backend ? { prefer: options.backend } : {});
  log(`backend: ${backend.name}`);
  const cropsDir = join(options.out, 'crops');
  await mkdir(cropsDir, { recursive: true });
  const cropper = await createFaceCropper({ cropSize: options.size, maxFaces: options.maxFaces });
  const records: SourceRecord[] = [];
  const crops: RgbImage[] = [];
  const save = async (
    faces: DetectedFace[],
    stem: string,
    record: Omit<SourceRecord, 'faces'>,
  ): Promise<void> => {
    const saved: FaceRecord[] = [];
    for (const [i, face] of faces.entries()) {
      const name = `${stem}_face${i}.png`;
      await writeImageFile(join(cropsDir, name), face.crop);
      crops.push(face.crop);
      saved.push({
        crop: `crops/${name}`,
        score: round2(face.score),
        box: roundValues(face.box),
        pose: roundValues(face.pose),
        landmarks: toRows(face.landmarks),
        cropLandmarks: toRows(face.cropLandmarks),
      });
    }
    records.push({ ...record, faces: saved });
  };
  try {
    if (input.kind === 'video') {
      const ffmpeg = findFfmpeg();
      log(`video decoder: ${ffmpeg.source} ffmpeg`);
      const info = probeVideo(ffmpeg, input.path);
      const total =
        info.frameCount === undefined
          ? undefined
          : Math.round((info.frameCount * (options.fps ?? info.fps)) / info.fps);
      const stem = basename(input.path, extname(input.path));
      for await (const frame of readVideoFrames(input.path, { fps: options.fps, ffmpeg })) {
        const faces = await cropper.detectForVideo(frame.image, frame.timestampMs);
        await save(faces, `${stem}_${String(frame.index).padStart(5, '0')}`, {
          source: input.path,
          frame: frame.index,
          timestampMs: round2(frame.timestampMs),
          width: frame.image.width,
          height: frame.image.height,
        });
        report({
          task: 'crop',
          done: frame.index + 1,
          total: total === undefined ? undefined : Math.max(total, frame.index + 1),
          unit: 'frames',
        });
      }
    } else {
      const files = input.kind === 'image' ? [input.path] : input.images;
      for (const [i, file] of files.entries()) {
        const image = await readImageFile(file);
        const faces = await cropper.detect(image);
        await save(faces, basename(file, extname(file)), {
          source: file,
          width: image.width,
          height: image.height,
        });
        report({ task: 'crop', done: i + 1, total: files.length, unit: 'images' });
      }
    }
  } finally {
    cropper.dispose();
  }
  const facesJson = join(options.out, 'faces.json');
  await writeFile(
    facesJson,
    JSON.stringify(
      { cropSize: options.size ?? crops[0]?.width, backend: backend.name, sources: records },
      null,
      1,
    ),
  );
  let sheet: string | undefined;
  if (crops.length > 0) {
    sheet = join(options.out, 'contact-sheet.png');
    const shown =
      crops.length > 256 ? crops.filter((_, i) => i % Math.ceil(crops.length / 256) === 0) : crops;
    await writeImageFile(sheet, contactSheet(shown, { cellSize: Math.min(112, shown[0].width) }));
  }
  return {
    images: records.length,
    unit: input.kind === 'video' ? 'frames' : 'images',
    imagesWithFaces: records.filter((r) => r.faces.length > 0).length,
    faces: crops.length,
    seconds: (performance.now() - started) / 1000,
    backend: backend.name,
    facesJson,
    contactSheet: sheet,
  };
}
