import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  describeSource,
  loadGraphModel,
  type ModelSource,
} from '@freeavatar/core';
import { locateDefaultModels } from '@freeavatar/face-crop';
import { assertPeerFaces, faceImage } from './faces.js';
import { greyFaceBatch } from './face-batch.js';
import type { ExpressionFeatureMethod } from './types.js';
import {
  classifyInBatches,
  resolveClassifierOptions,
  type ClassifierOptions,
} from './classifier.js';

/**
 * The seven classes of the emotion model shipped in `@vladmandic/human` (trained on FER-2013),
 * in the order of its output vector.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const crop: RgbImage; // an aligned face crop
 * const emotion = await emotionClassifierMethod();
 * const [p] = await emotion.features([crop]);
 * const top = EMOTION_CLASSES[p.indexOf(Math.max(...p))]; // e.g. 'happy'
 * ```
 */
export const EMOTION_CLASSES = [
  'angry',
  'disgust',
  'fear',
  'happy',
  'sad',
  'surprise',
  'neutral',
] as const;

/**
 * One of {@link EMOTION_CLASSES}.
 *
 * @example
 * ```ts
 * const label: EmotionClass = 'surprise';
 * ```
 */
export type EmotionClass = (typeof EMOTION_CLASSES)[number];

/**
 * Options of {@link emotionClassifierMethod}.
 *
 * @example
 * ```ts
 * const options: EmotionClassifierOptions = { model: 'models/emotion.json', inset: 0.1 };
 * ```
 */
export interface EmotionClassifierOptions extends ClassifierOptions {
  /**
   * The model: `'default'` (the default) is `models/emotion.json` of the installed
   * `@vladmandic/human` package (Node only); otherwise a path, URL or `tf.io.IOHandler` of a
   * graph model with one grey input `[n, s, s, 1]` in −1…1 and 7 softmax outputs in the order
   * of {@link EMOTION_CLASSES}. The name defaults to `'emotion classifier'`.
   */
  model?: ModelSource | 'default';
}

/**
 * The emotion-classifier peer, made by {@link emotionClassifierMethod}: its features are the
 * class probabilities (7 numbers summing to 1, order {@link EMOTION_CLASSES}).
 *
 * @example
 * ```ts
 * const emotion: EmotionClassifierMethod = await emotionClassifierMethod();
 * console.log(emotion.classes); // ['angry', 'disgust', …, 'neutral']
 * ```
 */
export interface EmotionClassifierMethod extends ExpressionFeatureMethod {
  /** The class of each output, in order. */
  readonly classes: readonly EmotionClass[];
  /** The model's input side in pixels (64 for the default model). */
  readonly inputSize: number;
}

async function defaultEmotionModel(): Promise<string> {
  const { packageDir } = await locateDefaultModels();
  const path = await import(/* @vite-ignore */ 'node:path');
  return path.join(packageDir, 'models', 'emotion.json');
}

/**
 * The input side of a grey 7-class classifier, checked by its input signature and one call on a
 * blank image; otherwise a `MODEL_LOAD_FAILED` error naming what the model is.
 */
function modelInputSize(model: tf.GraphModel, source: string): number {
  const shape = model.inputs[0]?.shape;
  const side = shape?.[1];
  let output: number[] | string = 'not run';
  if (
    model.inputs.length === 1 &&
    shape?.length === 4 &&
    side !== undefined &&
    side > 0 &&
    side === shape[2] &&
    shape[3] === 1
  ) {
    try {
      output = tf.tidy(() => (model.execute(tf.zeros([1, side, side, 1])) as tf.Tensor).shape);
    } catch (cause) {
      output = `failed (${(cause as Error).message})`;
    }
    if (Array.isArray(output) && output.length === 2 && output[1] === EMOTION_CLASSES.length) {
      return side;
    }
  }
  throw new FreeAvatarError(
    'MODEL_LOAD_FAILED',
    `${source} is not a grey 7-class emotion model: expected input [n, s, s, 1] and output [n, 7], got input ${JSON.stringify(shape)} and output ${JSON.stringify(output)}`,
    { subject: source },
  );
}

/**
 * Loads the 7-class emotion classifier (the FER-2013 CNN shipped in `@vladmandic/human`) as an
 * expression peer whose features are its class probabilities. Each face's crop (a detected
 * face's aligned crop, or the image given) is centre-squared, optionally inset, area-averaged and
 * bilinearly resized to the model's input, turned grey (0.2989 R + 0.587 G + 0.114 B) and scaled
 * from 0…1 to −1…1, as the model was trained.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options, `MODEL_LOAD_FAILED` when the model
 *   cannot be found, read, or is not a grey 7-class classifier; from `features`,
 *   `INVALID_ARGUMENT` for bad faces and `DISPOSED` after `dispose`.
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const emotion = await emotionClassifierMethod();
 * const faces = await cropper.detect('photo.jpg');
 * const [p] = await emotion.features(faces);
 * console.log(EMOTION_CLASSES.map((c, i) => `${c} ${p[i].toFixed(2)}`).join(', '));
 * emotion.dispose();
 * ```
 */
export async function emotionClassifierMethod(
  options: EmotionClassifierOptions = {},
): Promise<EmotionClassifierMethod> {
  const { inset, batchSize, distance } = resolveClassifierOptions(options);
  const source =
    options.model === undefined || options.model === 'default'
      ? await defaultEmotionModel()
      : options.model;
  const model = await loadGraphModel(source);
  let inputSize: number;
  try {
    inputSize = modelInputSize(model, describeSource(source));
  } catch (err) {
    model.dispose();
    throw err;
  }
  let live: tf.GraphModel | undefined = model;
  return {
    name: options.name ?? 'emotion classifier',
    distance,
    classes: EMOTION_CLASSES,
    inputSize,
    async features(faces) {
      if (live === undefined) {
        throw new FreeAvatarError('DISPOSED', 'This emotion classifier was disposed');
      }
      assertPeerFaces(faces, 'emotionClassifierMethod.features');
      const net = live;
      return classifyInBatches(
        faces.map(faceImage),
        batchSize,
        EMOTION_CLASSES.length,
        (batch) =>
          net.execute(tf.sub(tf.mul(greyFaceBatch(batch, inputSize, inset), 2), 1)) as tf.Tensor2D,
      );
    },
    dispose() {
      live?.dispose();
      live = undefined;
    },
  };
}
