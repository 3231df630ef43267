import * as tf from '@tensorflow/tfjs';
import type { FaceAlignment } from '@freeavatar/face-crop';
import { FreeAvatarError, assertObject, type RgbImage } from '@freeavatar/core';
import {
  ARKIT_BLENDSHAPE_COUNT,
  createExpressionDistance,
  createFaceSceneStream,
  perceptualTargetWeights,
  type FaceBatch,
  type TripletImageBatch,
} from '@freeavatar/synth';
import {
  fecTripletBatches,
  imageFolderBatches,
  labelledFaceBatches,
  listImageFiles,
  readLabelledFaces,
  readFecTriplets,
  shuffledFileBatches,
  type BatchSource,
  targetStatistics,
  type ExpressionTargetBatch,
  type TargetStatistics,
  type TripletBatch,
} from '@freeavatar/expression-encoder';
import { readSceneConfig, type SceneConfig } from './training-configs.js';
import { renderedSynthBatches } from './synth-batch-remote.js';
import {
  assertDataFlags,
  isHeadFitData,
  type EncoderDataFlags,
  type EncoderStage,
} from './train-encoder-flags.js';

/**
 * Batches for one stage, with a line describing where they come from.
 *
 * @example
 * ```ts
 * import { runMaePretraining } from '@freeavatar/expression-encoder';
 * declare const flags: EncoderDataFlags;
 * declare const shape: EncoderBatchShape;
 * const data: EncoderTrainingData = await encoderTrainingData(flags, shape);
 * if (data.stage === 'mae') {
 *   await runMaePretraining({ data: data.batches, maxSteps: 10, outDir: 'runs/mae' });
 * }
 * ```
 */
export type EncoderTrainingData =
  | {
      readonly stage: 'mae';
      readonly batches: BatchSource<tf.Tensor4D>;
      readonly description: string;
    }
  | {
      readonly stage: 'triplet';
      readonly batches: BatchSource<TripletBatch>;
      readonly description: string;
    }
  | {
      readonly stage: 'expression';
      readonly batches: BatchSource<ExpressionTargetBatch>;
      readonly description: string;
      /** Mean and spread of each ARKit weight over the stream, to standardise the targets. */
      readonly targetStats: TargetStatistics;
      /** Loss weights of the ARKit targets by perceptual salience (`perceptualTargetWeights`). */
      readonly perceptualWeights: Float32Array;
    }
  | ({ readonly stage: 'head-fit' } & CoordinateData)
  | ({ readonly stage: 'eye-reader' } & CoordinateData);

/**
 * Faces with their expression-distance coordinates: the data of the head fit and the eye reader.
 *
 * @example
 * ```ts
 * declare const shape: EncoderBatchShape;
 * const data = await encoderTrainingData({ stage: 'eye-reader', synth: true }, shape);
 * if (data.stage === 'eye-reader') console.log(data.targetStats.mean.length); // the coordinates
 * ```
 */
export interface CoordinateData {
  /** Faces with their coordinates in the expression distance's space. */
  readonly batches: BatchSource<ExpressionTargetBatch>;
  readonly description: string;
  /** Mean and spread of each coordinate, to standardise them (stage `eye-reader`). */
  readonly targetStats: TargetStatistics;
}

/** Expressions sampled to estimate the ARKit targets' mean and spread. */
const STATISTICS_SAMPLES = 4096;

/** Samples of the synth train stream's expressions, for target statistics and weights. */
function expressionSamples(synthSeed: number): Float32Array[] {
  const scenes = createFaceSceneStream({ split: 'train', seed: synthSeed });
  return Array.from({ length: STATISTICS_SAMPLES }, (_, i) => scenes.sceneAt(i).expression);
}

/**
 * How {@link encoderTrainingData} shapes its batches.
 *
 * @example
 * ```ts
 * const shape: EncoderBatchShape = { imageSize: 64, batchSize: 32, seed: 1 };
 * ```
 */
export interface EncoderBatchShape {
  /** The encoder's input size in pixels. */
  readonly imageSize: number;
  /** With `synth`: how the rendered faces are cropped (default `'eyes-mouth'`). */
  readonly alignment?: FaceAlignment;
  /** Images (MAE) or triplets per batch. */
  readonly batchSize: number;
  /** Seeds the shuffling. */
  readonly seed: number;
  /** Receives notes such as skipped files. */
  readonly log?: (line: string) => void;
}

/**
 * Picks and opens the data source of a `train encoder` run from its flags: a folder of face
 * images for stage `mae`, an FEC-format CSV with its image folder for stage `triplet`, or with
 * `synth` faces (`mae`) or triplets (`triplet`) rendered on the fly from the synth world's train
 * split as face-crop's aligned `imageSize²` crops (see `createAlignedFaceRenderer` in `@freeavatar/synth`), batch `b` being the stream's batch `b` so a resumed run continues with
 * the same batches. The one place to add a data source.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `flags` or `shape` is not an object, a flag is
 *   missing or belongs to the other stage, `FILE_NOT_FOUND` for a missing folder or CSV, `UNSUPPORTED_IMAGE` when a folder holds
 *   no images or no FEC row has all its images.
 * @example
 * ```ts
 * const data = await encoderTrainingData(
 *   { stage: 'mae', data: 'faces/' },
 *   { imageSize: 64, batchSize: 32, seed: 1, log: console.log },
 * );
 * console.log(data.description); // 'image folder faces/ (1200 images)'
 * const synth = await encoderTrainingData({ stage: 'triplet', synth: true }, { imageSize: 64, batchSize: 16, seed: 1 });
 * ```
 */
export async function encoderTrainingData(
  flags: EncoderDataFlags,
  shape: EncoderBatchShape,
): Promise<EncoderTrainingData> {
  assertDataFlags(flags);
  assertObject(shape, 'shape');
  const log = shape.log ?? (() => {});
  const { imageSize, batchSize, seed } = shape;
  if (flags.synth === true) {
    const scene = flags.scene === undefined ? {} : await readSceneConfig(flags.scene);
    return synthTrainingData(flags.stage, shape, flags.synthSeed ?? seed, scene, flags);
  }
  if (flags.stage === 'mae' && flags.data !== undefined) {
    const files = await listImageFiles(flags.data);
    if (files.length === 0) {
      throw new FreeAvatarError('UNSUPPORTED_IMAGE', `--data ${flags.data} holds no images`, {
        subject: flags.data,
      });
    }
    return {
      stage: 'mae',
      batches: imageFolderBatches(files, {
        imageSize,
        batchSize,
        seed,
        onSkip: (file, reason) => log(`skipped ${file}: ${reason}`),
      }),
      description: `image folder ${flags.data} (${files.length} images)`,
    };
  }
  if ((flags.stage === 'expression' || isHeadFitData(flags.stage)) && flags.data !== undefined) {
    return labelledTrainingData(flags.stage, flags.data, shape, flags.targetMinStd);
  }
  if (flags.fec === undefined || flags.images === undefined) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `no data source for --stage ${flags.stage}`);
  }
  const { triplets, summary } = await readFecTriplets(flags.fec, flags.images);
  log(summary.message);
  if (triplets.length === 0) {
    throw new FreeAvatarError(
      'UNSUPPORTED_IMAGE',
      `no usable triplets in ${flags.fec} with images from ${flags.images}: ${summary.message}`,
      { subject: flags.fec },
    );
  }
  return {
    stage: 'triplet',
    batches: fecTripletBatches(triplets, flags.images, { imageSize, batchSize, seed }),
    description: `FEC triplets ${flags.fec} with images ${flags.images} (${triplets.length} triplets)`,
  };
}

/** Mean and spread of the expression-distance coordinates of ARKit weight rows. */
function coordinateStatistics(weights: readonly ArrayLike<number>[]): TargetStatistics {
  const distance = createExpressionDistance();
  return targetStatistics(weights.map((w) => distance.embed(w)));
}

/** Labelled faces read from a folder, for the expression stage, the head fit or the eye reader. */
async function labelledTrainingData(
  stage: 'expression' | 'head-fit' | 'eye-reader',
  dir: string,
  shape: EncoderBatchShape,
  targetMinStd: number | undefined,
): Promise<EncoderTrainingData> {
  const { imageSize, batchSize, seed } = shape;
  const log = shape.log ?? (() => {});
  const faces = await readLabelledFaces(dir);
  const width = faces[0].weights.length;
  if (width !== ARKIT_BLENDSHAPE_COUNT) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--data ${dir}: its labels hold ${width} weights per face, not the ${ARKIT_BLENDSHAPE_COUNT} ARKit blendshapes`,
      { subject: dir },
    );
  }
  const onSkip = (file: string, reason: string): void => log(`skipped ${file}: ${reason}`);
  const options = { imageSize, batchSize, seed, onSkip };
  const where = `labelled faces ${dir} (${faces.length} images)`;
  if (isHeadFitData(stage)) {
    const distance = createExpressionDistance();
    const files = shuffledFileBatches(
      faces.map((f) => f.file),
      options,
    );
    return {
      stage,
      targetStats: coordinateStatistics(faces.map((f) => f.weights)),
      batches: (startStep: number) =>
        (async function* () {
          for await (const { images, files: taken } of files(startStep)) {
            const coordinates = new Float32Array(taken.length * distance.dimension);
            taken.forEach((f, i) =>
              coordinates.set(distance.embed(faces[f].weights), i * distance.dimension),
            );
            yield {
              images,
              targets: tf.tensor2d(coordinates, [taken.length, distance.dimension]),
            };
          }
        })(),
      description: `${where} with their expression-distance coordinates`,
    };
  }
  const samples = faces.map((f) => f.weights);
  return {
    stage: 'expression',
    batches: labelledFaceBatches(faces, options),
    description: `${where} with their ARKit-52 weights`,
    targetStats: targetStatistics(samples, targetMinStd),
    perceptualWeights: perceptualTargetWeights(samples),
  };
}

/** Stacks rendered images into one float batch `[n, h, w, 3]` in 0–1. */
function stackImages(images: readonly RgbImage[]): tf.Tensor4D {
  const { width, height } = images[0];
  const pixels = width * height * 3;
  const values = new Float32Array(images.length * pixels);
  images.forEach((image, i) => {
    for (let j = 0; j < pixels; j++) values[i * pixels + j] = image.data[j] / 255;
  });
  return tf.tensor4d(values, [images.length, height, width, 3]);
}

function synthTrainingData(
  stage: EncoderStage,
  shape: EncoderBatchShape,
  synthSeed: number,
  scene: SceneConfig,
  {
    scene: sceneFile,
    targetMinStd,
    renderWorker,
  }: Pick<EncoderDataFlags, 'scene' | 'targetMinStd' | 'renderWorker'>,
): EncoderTrainingData {
  const { imageSize: size, batchSize, alignment = 'eyes-mouth' } = shape;
  const stream = { ...scene, batchSize, size, split: 'train', seed: synthSeed } as const;
  const rendered = <T>(kind: 'faces' | 'triplets', startBatch: number) =>
    renderedSynthBatches<T>(
      { kind, options: { ...stream, startBatch }, alignment },
      { worker: renderWorker !== false },
    );
  const scenes = sceneFile === undefined ? '' : `, scenes of ${sceneFile}`;
  const where = `synth train split, seed ${synthSeed}${scenes}, ${size} px crops aligned ${alignment}, rendered on the fly`;
  if (stage === 'mae') {
    return {
      stage: 'mae',
      batches: (startStep: number) =>
        (async function* () {
          for await (const batch of rendered<FaceBatch>('faces', startStep)) {
            yield stackImages(batch.images);
          }
        })(),
      description: `synth faces (${where})`,
    };
  }
  if (isHeadFitData(stage)) {
    const distance = createExpressionDistance();
    const width = distance.dimension;
    return {
      stage,
      targetStats: coordinateStatistics(expressionSamples(synthSeed)),
      batches: (startStep: number) =>
        (async function* () {
          for await (const batch of rendered<FaceBatch>('faces', startStep)) {
            const targets = new Float32Array(batch.labels.length * width);
            batch.labels.forEach((label, i) =>
              targets.set(distance.embed(label.weights), i * width),
            );
            yield {
              images: stackImages(batch.images),
              targets: tf.tensor2d(targets, [batch.labels.length, width]),
            };
          }
        })(),
      description: `synth faces with their expression-distance coordinates (${where})`,
    };
  }
  if (stage === 'expression') {
    const samples = expressionSamples(synthSeed);
    return {
      stage: 'expression',
      batches: (startStep: number) =>
        (async function* () {
          for await (const batch of rendered<FaceBatch>('faces', startStep)) {
            const width = batch.labels[0].weights.length;
            const targets = new Float32Array(batch.labels.length * width);
            batch.labels.forEach((label, i) => targets.set(label.weights, i * width));
            yield {
              images: stackImages(batch.images),
              targets: tf.tensor2d(targets, [batch.labels.length, width]),
            };
          }
        })(),
      description: `synth faces with their ARKit-52 weights (${where})`,
      targetStats: targetStatistics(samples, targetMinStd),
      perceptualWeights: perceptualTargetWeights(samples),
    };
  }
  return {
    stage: 'triplet',
    batches: (startStep: number) =>
      (async function* () {
        for await (const batch of rendered<TripletImageBatch>('triplets', startStep)) {
          yield {
            anchor: stackImages(batch.anchor),
            positive: stackImages(batch.positive),
            negative: stackImages(batch.negative),
            types: batch.types,
          };
        }
      })(),
    description: `synth triplets (${where})`,
  };
}
