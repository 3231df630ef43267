import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, nodeIo } from '@freeavatar/core';
import type { ExpressionTargetBatch } from './expression-regression.js';
import { shuffledFileBatches, type ImageFolderOptions } from './image-folder.js';

/**
 * One labelled face of a folder read by {@link readLabelledFaces}.
 *
 * @example
 * ```ts
 * const face: LabelledFace = {
 *   file: 'data/crops/images/shard-0000/face-0000000.png',
 *   weights: new Float32Array(52),
 * };
 * ```
 */
export interface LabelledFace {
  /** Path of the image file. */
  readonly file: string;
  /** The expression it shows, e.g. its ARKit-52 blendshape weights. */
  readonly weights: Float32Array;
}

/**
 * Reads a folder of labelled faces: `labels.jsonl` with one JSON object per line holding `file`
 * (the image's path, relative to the folder) and `weights` (its expression targets, e.g. the 52
 * ARKit weights). This is the layout `freeavatar synth faces` writes (with `--crop-size`, of
 * face-crop's crops), and any capture with per-frame blendshapes can be written in it. Blank
 * lines are ignored; the images are not opened here.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` when the folder has no `labels.jsonl`;
 *   `INVALID_ARGUMENT` naming the line of a malformed record, weights of another length than
 *   the first line's, or a file without records.
 * @example
 * ```ts
 * const faces = await readLabelledFaces('data/crops');
 * console.log(`${faces.length} faces, ${faces[0].weights.length} targets each`);
 * ```
 */
export async function readLabelledFaces(dir: string): Promise<LabelledFace[]> {
  assertArgument(typeof dir === 'string' && dir !== '', `dir must be a folder path, got ${dir}`);
  const { fs, path } = await nodeIo();
  const labels = path.join(dir, 'labels.jsonl');
  let text: string;
  try {
    text = await fs.readFile(labels, 'utf8');
  } catch (cause) {
    throw new FreeAvatarError(
      'FILE_NOT_FOUND',
      `${dir} holds no labels.jsonl (one {"file", "weights"} record per line)`,
      { subject: labels, cause },
    );
  }
  const faces: LabelledFace[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${labels} line ${i + 1}`;
    let record: { file?: unknown; weights?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      throw new FreeAvatarError('INVALID_ARGUMENT', `${where} is not JSON`, { subject: labels });
    }
    const { file, weights } = record ?? {};
    if (typeof file !== 'string' || file === '') {
      throw new FreeAvatarError('INVALID_ARGUMENT', `${where} has no "file" string`, {
        subject: labels,
      });
    }
    if (
      !Array.isArray(weights) ||
      weights.length === 0 ||
      !weights.every((w) => typeof w === 'number' && Number.isFinite(w))
    ) {
      throw new FreeAvatarError('INVALID_ARGUMENT', `${where} has no "weights" list of numbers`, {
        subject: labels,
      });
    }
    const width = faces[0]?.weights.length ?? weights.length;
    if (weights.length !== width) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `${where} has ${weights.length} weights, the first record ${width}`,
        { subject: labels },
      );
    }
    faces.push({ file: path.resolve(dir, file), weights: Float32Array.from(weights as number[]) });
  });
  if (faces.length === 0) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `${labels} holds no records`, {
      subject: labels,
    });
  }
  return faces;
}

/**
 * An endless, seekable source of labelled face batches for the expression stage: each epoch a
 * seeded shuffle of `faces`, the images resized to `imageSize` as the encoder resizes its
 * inputs, and their weights as targets. Images that fail to decode are reported through
 * `onSkip` and left out from then on.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an empty list or a bad batch size.
 * @example
 * ```ts
 * const faces = await readLabelledFaces('data/crops');
 * const data = labelledFaceBatches(faces, { imageSize: 64, seed: 1 });
 * for await (const { images, targets } of data(0)) {
 *   console.log(targets.shape);
 *   tf.dispose([images, targets]);
 *   break;
 * }
 * ```
 */
export function labelledFaceBatches(
  faces: readonly LabelledFace[],
  options: ImageFolderOptions,
): (startStep: number) => AsyncIterable<ExpressionTargetBatch> {
  assertArgument(
    Array.isArray(faces) && faces.length > 0,
    'labelledFaceBatches needs at least one labelled face',
  );
  const width = faces[0].weights.length;
  const batches = shuffledFileBatches(
    faces.map((f) => f.file),
    options,
  );
  return (startStep) => ({
    async *[Symbol.asyncIterator]() {
      for await (const { images, files } of batches(startStep)) {
        const targets = new Float32Array(files.length * width);
        files.forEach((f, i) => targets.set(faces[f].weights, i * width));
        yield { images, targets: tf.tensor2d(targets, [files.length, width]) };
      }
    },
  });
}
