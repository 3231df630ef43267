import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertArgument,
  assertArray,
  assertNonEmptyString,
  assertObject,
  createRng,
  describeValue,
  progressReporter,
  readImageFile,
  rgbImageToTensor,
  type ProgressCallback,
  type RgbImage,
  nodeIo,
} from '@freeavatar/core';
import type { DetectedFace, FaceCropper } from '@freeavatar/face-crop';
import {
  fecTriplet,
  parseFecCsv,
  type FecFace,
  type FecMalformed,
  type FecTriplet,
} from './fec-csv.js';
import { cropBox } from './image-batch.js';
import type { TripletBatch } from './training-steps.js';
import type { TripletType } from './triplet-loss.js';

/** Counts of what {@link readFecTriplets} kept and skipped. */
export interface FecSummary {
  /** Non-empty data lines in the CSV. */
  readonly rows: number;
  /** Triplets kept. */
  readonly triplets: number;
  /** Lines that did not parse (see `malformedLines`). */
  readonly malformed: number;
  /** Rows without a majority answer (no annotations, or a tie). */
  readonly noMajority: number;
  /** Rows skipped because at least one of their images is not in the folder. */
  readonly missingImages: number;
  /** Distinct image files referenced but not found. */
  readonly missingFiles: number;
  /** Kept triplets by type. */
  readonly byType: Readonly<Record<TripletType, number>>;
  /** The first few malformed lines with reasons. */
  readonly malformedLines: readonly FecMalformed[];
  /** A one-line human-readable summary. */
  readonly message: string;
}

/** Options of {@link readFecTriplets}. */
export interface ReadFecOptions {
  /** Drop triplets whose majority share is below this (default 0: keep all with a majority). */
  minAgreement?: number;
  onProgress?: ProgressCallback;
}

/**
 * Reads an FEC-format CSV and keeps the triplets whose three images are present in
 * `imageDir` (looked up by the file name of each URL). Rows with missing images, no majority
 * or a parse error are counted and skipped, never fatal; the summary says how many of each.
 * Node only.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` when the CSV or the folder does not exist.
 * @example
 * ```ts
 * const { triplets, summary } = await readFecTriplets('fec/train.csv', 'fec/images');
 * console.log(summary.message);
 * ```
 */
export async function readFecTriplets(
  csvPath: string,
  imageDir: string,
  options: ReadFecOptions = {},
): Promise<{ triplets: FecTriplet[]; summary: FecSummary }> {
  const { fs } = await nodeIo();
  const report = progressReporter(options.onProgress);
  let text: string;
  try {
    text = await fs.readFile(csvPath, 'utf8');
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot read FEC CSV ${csvPath}`, {
      subject: csvPath,
      cause,
    });
  }
  let present: Set<string>;
  try {
    present = new Set(await fs.readdir(imageDir));
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `Cannot read FEC image folder ${imageDir}`, {
      subject: imageDir,
      cause,
    });
  }
  const minAgreement = options.minAgreement ?? 0;
  assertArgument(
    minAgreement >= 0 && minAgreement <= 1,
    `minAgreement must be in [0, 1], got ${minAgreement}`,
  );
  const { rows, malformed } = parseFecCsv(text);
  const triplets: FecTriplet[] = [];
  const missing = new Set<string>();
  let noMajority = 0;
  let missingImages = 0;
  const byType: Record<TripletType, number> = { ONE_CLASS: 0, TWO_CLASS: 0, THREE_CLASS: 0 };
  rows.forEach((row, i) => {
    const absent = row.faces.filter((f) => !present.has(f.file));
    if (absent.length > 0) {
      absent.forEach((f) => missing.add(f.file));
      missingImages++;
      return;
    }
    const triplet = fecTriplet(row);
    if (triplet === undefined || triplet.agreement < minAgreement) {
      noMajority++;
      return;
    }
    triplets.push(triplet);
    byType[triplet.type]++;
    if ((i + 1) % 10000 === 0)
      report({ task: 'read:fec', done: i + 1, total: rows.length, unit: 'rows' });
  });
  const total = rows.length + malformed.length;
  const message =
    `${triplets.length} of ${total} FEC rows kept; skipped ${missingImages} with missing images ` +
    `(${missing.size} files), ${noMajority} without a majority` +
    (minAgreement > 0 ? ` or below ${minAgreement} agreement` : '') +
    `, ${malformed.length} malformed`;
  report({ task: 'read:fec', done: total, total, unit: 'rows', message });
  return {
    triplets,
    summary: {
      rows: total,
      triplets: triplets.length,
      malformed: malformed.length,
      noMajority,
      missingImages,
      missingFiles: missing.size,
      byType,
      malformedLines: malformed.slice(0, 20),
      message,
    },
  };
}

/** The detected face whose centre is inside the FEC box and nearest its centre. */
function nearestFace(
  faces: DetectedFace[],
  face: FecFace,
  image: RgbImage,
): DetectedFace | undefined {
  const { left, right, top, bottom } = face.box;
  const [x0, x1, y0, y1] = [
    left * image.width,
    right * image.width,
    top * image.height,
    bottom * image.height,
  ];
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  let best: DetectedFace | undefined;
  let bestDistance = Infinity;
  for (const f of faces) {
    const fx = f.box.x + f.box.width / 2;
    const fy = f.box.y + f.box.height / 2;
    if (fx < x0 || fx > x1 || fy < y0 || fy > y1) continue;
    const d = Math.hypot(fx - cx, fy - cy);
    if (d < bestDistance) {
      bestDistance = d;
      best = f;
    }
  }
  return best;
}

/** Options of {@link fecTripletBatches}. */
export interface FecBatchOptions {
  /** The encoder's input size. */
  imageSize: number;
  /** Triplets per batch (default 16). */
  batchSize?: number;
  /** Seeds the shuffling of every epoch (default 0). */
  seed?: number;
  /** Grow each face box by this fraction of its side (default 0.1). */
  margin?: number;
  /** Decoded images kept in memory for reuse (default 256). */
  cacheSize?: number;
  /**
   * Align faces the way inference does: each image goes through this face cropper (from
   * `@freeavatar/face-crop`) and the detected face whose centre lies nearest the FEC box centre
   * (inside the box) gives the crop. Faces it cannot find fall back to the box crop. Default:
   * box crops only.
   */
  cropper?: Pick<FaceCropper, 'detect'>;
}

/**
 * An endless, seekable source of {@link TripletBatch}es over FEC triplets: each epoch is a
 * seeded shuffle; batch `s` holds triplets `s·batchSize … (s+1)·batchSize − 1` of the epoch
 * sequence, so a resumed run continues with the same batches. Faces are cropped from their
 * boxes (widened to squares) and resized, or aligned by a face cropper when one is given (as
 * `embedImages` does at inference). Pass it as `data` to `train`.
 *
 * @example
 * ```ts
 * declare const model: ExpressionModel;
 * const { triplets } = await readFecTriplets('fec/train.csv', 'fec/images');
 * const data = fecTripletBatches(triplets, 'fec/images', { imageSize: 64, seed: 1 });
 * const optimizer = createSgd();
 * const step = tripletTrainingStep(model, optimizer);
 * await train({
 *   task: 'train:triplet', params: model.params, optimizer, step, data, maxSteps: 2000, seed: 1,
 * });
 * ```
 */
export function fecTripletBatches(
  triplets: readonly FecTriplet[],
  imageDir: string,
  options: FecBatchOptions,
): (startStep: number) => AsyncIterable<TripletBatch> {
  assertArray(triplets, 'triplets');
  assertNonEmptyString(imageDir, 'imageDir');
  assertObject(options, 'options');
  assertArgument(
    Number.isInteger(options.imageSize) && options.imageSize > 0,
    `options.imageSize must be a positive integer, got ${describeValue(options.imageSize)}`,
  );
  const batchSize = options.batchSize ?? 16;
  const seed = options.seed ?? 0;
  const margin = options.margin ?? 0.1;
  const cacheSize = options.cacheSize ?? 256;
  assertArgument(triplets.length > 0, 'fecTripletBatches needs at least one triplet');
  assertArgument(
    Number.isInteger(batchSize) && batchSize > 0,
    `batchSize must be a positive integer, got ${batchSize}`,
  );
  const order = (epoch: number): number[] =>
    createRng(seed)
      .fork(`epoch:${epoch}`)
      .shuffle(Array.from({ length: triplets.length }, (_, i) => i));
  return (startStep) => ({
    async *[Symbol.asyncIterator]() {
      const { path } = await nodeIo();
      const cache = new Map<string, { image: RgbImage; faces?: DetectedFace[] }>();
      const load = async (face: FecFace): Promise<tf.Tensor3D> => {
        let entry = cache.get(face.file);
        if (entry === undefined) {
          const image = await readImageFile(path.join(imageDir, face.file));
          entry = {
            image,
            faces: options.cropper ? await options.cropper.detect(image) : undefined,
          };
          cache.set(face.file, entry);
          if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
        }
        const aligned = entry.faces && nearestFace(entry.faces, face, entry.image);
        if (aligned !== undefined) {
          return tf.tidy(() => {
            const t = tf.div(rgbImageToTensor(aligned.crop), 255) as tf.Tensor3D;
            return tf.image.resizeBilinear(t, [options.imageSize, options.imageSize], false, true);
          });
        }
        return cropBox(entry.image, face.box, options.imageSize, margin);
      };
      let epoch = -1;
      let perm: number[] = [];
      for (let step = startStep; ; step++) {
        const anchor: tf.Tensor3D[] = [];
        const positive: tf.Tensor3D[] = [];
        const negative: tf.Tensor3D[] = [];
        const types: TripletType[] = [];
        try {
          for (let j = 0; j < batchSize; j++) {
            const index = step * batchSize + j;
            const e = Math.floor(index / triplets.length);
            if (e !== epoch) {
              epoch = e;
              perm = order(e);
            }
            const t = triplets[perm[index % triplets.length]];
            anchor.push(await load(t.anchor));
            positive.push(await load(t.positive));
            negative.push(await load(t.negative));
            types.push(t.type);
          }
          const batch: TripletBatch = {
            anchor: tf.stack(anchor) as tf.Tensor4D,
            positive: tf.stack(positive) as tf.Tensor4D,
            negative: tf.stack(negative) as tf.Tensor4D,
            types,
          };
          tf.dispose([...anchor, ...positive, ...negative]);
          yield batch;
        } catch (err) {
          tf.dispose([...anchor, ...positive, ...negative]);
          throw err;
        }
      }
    },
  });
}
