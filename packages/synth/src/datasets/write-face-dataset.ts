import {
  FreeAvatarError,
  assertArgument,
  contactSheet,
  progressReporter,
  writeImageFile,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_NAMES } from '../blendshapes/arkit.js';
import { EMOTIONS, type Emotion } from '../expressions/prototypes.js';
import { createFaceRenderer } from '../render/face-renderer.js';
import {
  DATASET_FILE,
  PendingWrites,
  describeOptions,
  nodeIo,
  prepareOutput,
} from './dataset-io.js';
import { faceLabelRecord } from './label-record.js';
import { createFaceSceneStream, type FaceStreamOptions } from './scene-stream.js';

/**
 * Options of {@link writeFaceDataset}: where, how many, how large, and the face stream's
 * options (split, seed, identities, pose, framing, light, background, occluders, expressions).
 *
 * @example
 * ```ts
 * const options: FaceDatasetOptions = { out: 'data/faces', count: 2000, size: 112, split: 'train', seed: 1 };
 * ```
 */
export interface FaceDatasetOptions extends FaceStreamOptions {
  /** Output folder; created if missing. */
  out: string;
  /** Number of images, 1..10,000,000. */
  count: number;
  /** Side of the square images in pixels. */
  size: number;
  /** Supersampling (default 2). */
  supersample?: number;
  /** Images per shard folder (default 1000). */
  shardSize?: number;
  /** Also store the 468 projected landmarks in every label (default false; ~6 KB a line). */
  landmarks?: boolean;
  /** Write into a folder that already holds a dataset (default false). */
  overwrite?: boolean;
  /**
   * Replaces each render by what this returns before it is written, e.g. a face detector's
   * aligned crop (`freeavatar synth faces --crop-size 64` passes face-crop's). A render for which
   * it returns `undefined` (no face found) is counted in {@link FaceDatasetSummary.skipped} and
   * left out: its index leaves a gap in the file names and no line in `labels.jsonl`. Cannot be
   * combined with `landmarks`, which are in the render's pixels.
   */
  crop?: FaceDatasetCrop;
  onProgress?: ProgressCallback;
}

/**
 * The `crop` hook of {@link FaceDatasetOptions}: a render in, the picture to store out, or
 * `undefined` to leave the sample out.
 *
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const crop: FaceDatasetCrop = async (image) => (await cropper.detect(image))[0]?.crop;
 * ```
 */
export type FaceDatasetCrop = (image: RgbImage) => Promise<RgbImage | undefined>;

/**
 * What {@link writeFaceDataset} wrote.
 *
 * @example
 * ```ts
 * declare const options: FaceDatasetOptions;
 * const summary: FaceDatasetSummary = await writeFaceDataset(options);
 * console.log(`${summary.count} images, ${summary.imagesPerSecond.toFixed(0)}/s`);
 * ```
 */
export interface FaceDatasetSummary {
  out: string;
  /** Images written: the requested count less the skipped ones. */
  count: number;
  /** Samples that the `crop` hook left out (0 without one). */
  skipped: number;
  shards: number;
  /** `labels.jsonl` path. */
  labels: string;
  /** `preview.png` path: the first 64 images. */
  preview: string;
  /** Distinct identities shown. */
  identities: number;
  byEmotion: Record<Emotion, number>;
  seconds: number;
  imagesPerSecond: number;
}

/**
 * Relative path of image `index` in a dataset with shards of `shardSize`.
 *
 * @example
 * ```ts
 * faceImagePath(1234, 1000); // 'images/shard-0001/face-0001234.png'
 * ```
 */
export function faceImagePath(index: number, shardSize: number): string {
  const shard = String(Math.floor(index / shardSize)).padStart(4, '0');
  return `images/shard-${shard}/face-${String(index).padStart(7, '0')}.png`;
}

/**
 * Renders a face dataset to disk (Node only): PNG images in shard folders
 * (`images/shard-0000/face-0000000.png`, `shardSize` per folder; the expression encoder's
 * image-folder reader lists them recursively), `labels.jsonl` with one {@link FaceLabelRecord}
 * per image in index order (ARKit weights, emotion, identity, pose, camera, light, background,
 * occluders, face box, `source: "rendered"`), `dataset.json` with the options and the ARKit
 * name order, and `preview.png`, a contact sheet of the first 64 images. Image `i` is sample `i`
 * of `createFaceSceneStream(options)`, so the same options always write the same files. With a
 * `crop` hook each render is replaced by its crop, and renders it leaves out are skipped.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options or an `out` that already holds a
 *   dataset (unless `overwrite`); `UNSUPPORTED_IMAGE` when the `crop` hook left out every render.
 * @example
 * ```ts
 * import { writeFaceDataset } from '@freeavatar/synth';
 * const summary = await writeFaceDataset({ out: 'data/faces-val', count: 500, size: 112, split: 'val', seed: 7 });
 * console.log(summary.byEmotion);
 * ```
 */
export async function writeFaceDataset(options: FaceDatasetOptions): Promise<FaceDatasetSummary> {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  const { out, count } = options;
  assertArgument(typeof out === 'string' && out !== '', `out must be a folder path, got ${out}`);
  assertArgument(
    Number.isInteger(count) && count >= 1 && count <= 10_000_000,
    `count must be an integer in 1..10000000, got ${count}`,
  );
  const shardSize = options.shardSize ?? 1000;
  assertArgument(
    Number.isInteger(shardSize) && shardSize >= 1,
    `shardSize must be a positive integer, got ${shardSize}`,
  );
  const { crop } = options;
  assertArgument(
    crop === undefined || typeof crop === 'function',
    `crop must be a function from a render to its crop, got ${typeof crop}`,
  );
  assertArgument(
    crop === undefined || options.landmarks !== true,
    "crop cannot be combined with landmarks: the landmarks are in the render's pixels",
  );
  const stream = createFaceSceneStream(options);
  const renderer = createFaceRenderer({ size: options.size, supersample: options.supersample });
  await prepareOutput(out, options.overwrite ?? false);
  const { fs, path } = await nodeIo();
  const report = progressReporter(options.onProgress);
  const started = performance.now();
  const shards = Math.ceil(count / shardSize);
  for (let s = 0; s < shards; s++) {
    await fs.mkdir(path.join(out, path.dirname(faceImagePath(s * shardSize, shardSize))), {
      recursive: true,
    });
  }
  const labelsPath = path.join(out, 'labels.jsonl');
  const labels = await fs.open(labelsPath, 'w');
  const writes = new PendingWrites();
  const preview: RgbImage[] = [];
  const identities = new Set<number>();
  const byEmotion = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<Emotion, number>;
  let lines: string[] = [];
  let skipped = 0;
  try {
    for (let i = 0; i < count; i++) {
      const rendered = renderer.render(stream.sceneAt(i));
      const { label, landmarks2d } = rendered;
      const image = crop === undefined ? rendered.image : await crop(rendered.image);
      if (image === undefined) {
        skipped++;
        report({ task: 'synth:faces', done: i + 1, total: count, unit: 'images' });
        continue;
      }
      const file = faceImagePath(i, shardSize);
      await writes.add(path.join(out, file), image);
      const record = faceLabelRecord(label, {
        file,
        index: i,
        landmarks2d: options.landmarks ? landmarks2d : undefined,
      });
      lines.push(JSON.stringify(record));
      if (lines.length >= 256) {
        await labels.write(lines.join('\n') + '\n');
        lines = [];
      }
      if (preview.length < 64) preview.push(image);
      identities.add(label.identitySeed);
      byEmotion[label.emotion]++;
      report({ task: 'synth:faces', done: i + 1, total: count, unit: 'images' });
    }
    if (lines.length > 0) await labels.write(lines.join('\n') + '\n');
    await writes.drain();
  } finally {
    await labels.close();
  }
  if (skipped === count) {
    throw new FreeAvatarError(
      'UNSUPPORTED_IMAGE',
      `the crop left out all ${count} renders (no face found in any); nothing was written to ${out}`,
      { subject: out },
    );
  }
  const previewPath = path.join(out, 'preview.png');
  await writeImageFile(previewPath, contactSheet(preview, { columns: 8 }));
  const seconds = (performance.now() - started) / 1000;
  const written = count - skipped;
  const meta = {
    format: 'freeavatar-synth-faces',
    version: 1,
    count: written,
    size: preview[0]?.width ?? options.size,
    renderSize: options.size,
    skipped,
    supersample: renderer.supersample,
    shardSize,
    images: 'images',
    labels: 'labels.jsonl',
    preview: 'preview.png',
    blendshapes: ARKIT_BLENDSHAPE_NAMES,
    options: describeOptions(stream.options),
  };
  await fs.writeFile(path.join(out, DATASET_FILE), JSON.stringify(meta, null, 2) + '\n');
  return {
    out,
    count: written,
    skipped,
    shards,
    labels: labelsPath,
    preview: previewPath,
    identities: identities.size,
    byEmotion,
    seconds,
    imagesPerSecond: written / seconds,
  };
}
