import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertArgument,
  assertArray,
  assertObject,
  createRng,
  describeValue,
  isImageFileName,
  readImageFile,
  rgbImageToTensor,
  nodeIo,
} from '@freeavatar/core';
import { facesToBatch } from './image-batch.js';

/**
 * Lists the image files (by extension) under a folder, sorted, with paths joined to `dir`.
 * Node only.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` when the folder cannot be read.
 * @example
 * ```ts
 * const files = await listImageFiles('faces/', { recursive: true });
 * ```
 */
export async function listImageFiles(
  dir: string,
  options: { recursive?: boolean } = {},
): Promise<string[]> {
  const { fs, path } = await nodeIo();
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, recursive: options.recursive ?? true });
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot read image folder ${dir}`, {
      subject: dir,
      cause,
    });
  }
  return entries
    .filter((e) => e.isFile() && isImageFileName(e.name))
    .map((e) => path.join((e as { parentPath?: string }).parentPath ?? dir, e.name))
    .sort();
}

/** Options of {@link imageFolderBatches}. */
export interface ImageFolderOptions {
  /** The encoder's input size; images are centre-cropped to squares and resized. */
  imageSize: number;
  /** Images per batch (default 32). */
  batchSize?: number;
  /** Seeds the shuffling of every epoch (default 0). */
  seed?: number;
  /** Called once per file that cannot be decoded; the file is skipped from then on. */
  onSkip?: (file: string, reason: string) => void;
}

/**
 * An endless, seekable source of image batches `[n, size, size, 3]` in 0–1 for MAE
 * pretraining: each epoch a seeded shuffle of `files`; batch `s` holds images
 * `s·batchSize … (s+1)·batchSize − 1` of the epoch sequence. Files that fail to decode are
 * reported through `onSkip` and replaced by the next file, never fatal (a resume then lines up
 * again only from the next epoch on).
 *
 * @example
 * ```ts
 * const data = imageFolderBatches(await listImageFiles('faces/'), { imageSize: 64, seed: 1 });
 * ```
 */
export function imageFolderBatches(
  files: readonly string[],
  options: ImageFolderOptions,
): (startStep: number) => AsyncIterable<tf.Tensor4D> {
  assertArray(files, 'files');
  assertArgument(files.length > 0, 'imageFolderBatches needs at least one image file');
  const batches = shuffledFileBatches(files, options);
  return (startStep) => ({
    async *[Symbol.asyncIterator]() {
      for await (const { images } of batches(startStep)) yield images;
    },
  });
}

/**
 * The batches of {@link shuffledFileBatches}: the images, and which of the files they are.
 *
 * @example
 * ```ts
 * const batch: FileBatch = { images: tf.zeros([2, 64, 64, 3]), files: [4, 9] };
 * ```
 */
export interface FileBatch {
  /** `[n, size, size, 3]` in 0–1. */
  readonly images: tf.Tensor4D;
  /** Index into the file list of each image, in batch order. */
  readonly files: readonly number[];
}

/**
 * An endless, seekable source of batches of image files: each epoch a seeded shuffle of
 * `files`; batch `s` holds images `s·batchSize … (s+1)·batchSize − 1` of the epoch sequence,
 * with the index of each file so that callers can attach labels. Files that fail to decode are
 * reported through `onSkip` and replaced by the next file, never fatal.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an empty list, a bad image or batch size;
 *   `UNSUPPORTED_IMAGE` (while iterating) when no file decodes.
 * @example
 * ```ts
 * const batches = shuffledFileBatches(['a.png', 'b.png'], { imageSize: 64, batchSize: 2 });
 * for await (const { images, files } of batches(0)) { images.dispose(); break; }
 * ```
 */
export function shuffledFileBatches(
  files: readonly string[],
  options: ImageFolderOptions,
): (startStep: number) => AsyncIterable<FileBatch> {
  assertArray(files, 'files');
  assertObject(options, 'options');
  assertArgument(
    Number.isInteger(options.imageSize) && options.imageSize > 0,
    `options.imageSize must be a positive integer, got ${describeValue(options.imageSize)}`,
  );
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 0;
  assertArgument(files.length > 0, 'shuffledFileBatches needs at least one image file');
  assertArgument(
    Number.isInteger(batchSize) && batchSize > 0,
    `batchSize must be a positive integer, got ${batchSize}`,
  );
  const order = (epoch: number): number[] =>
    createRng(seed)
      .fork(`epoch:${epoch}`)
      .shuffle(Array.from({ length: files.length }, (_, i) => i));
  return (startStep) => ({
    async *[Symbol.asyncIterator]() {
      const bad = new Set<number>();
      let index = startStep * batchSize;
      let epoch = -1;
      let perm: number[] = [];
      for (;;) {
        const images: tf.Tensor3D[] = [];
        const taken: number[] = [];
        try {
          while (images.length < batchSize) {
            if (bad.size === files.length) {
              throw new FreeAvatarError(
                'UNSUPPORTED_IMAGE',
                'None of the image files could be decoded',
              );
            }
            const e = Math.floor(index / files.length);
            if (e !== epoch) {
              epoch = e;
              perm = order(e);
            }
            const fileIndex = perm[index % files.length];
            index++;
            if (bad.has(fileIndex)) continue;
            try {
              images.push(rgbImageToTensor(await readImageFile(files[fileIndex])));
              taken.push(fileIndex);
            } catch (err) {
              bad.add(fileIndex);
              options.onSkip?.(files[fileIndex], err instanceof Error ? err.message : String(err));
            }
          }
          yield { images: await facesToBatch(images, options.imageSize), files: taken };
        } finally {
          tf.dispose(images);
        }
      }
    },
  });
}
