import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, isNode } from '@freeavatar/core';
import {
  classifyInBatches,
  resolveClassifierOptions,
  type ClassifierOptions,
} from './classifier.js';
import { rgbFaceBatch } from './face-batch.js';
import {
  faceExpressionForward,
  loadFaceExpressionWeights,
  type FaceExpressionWeights,
} from './face-expression-net.js';
import { assertPeerFaces, faceImage } from './faces.js';
import type { ExpressionFeatureMethod } from './types.js';

/**
 * The seven classes of `@vladmandic/face-api`'s expression network, in the order of its output.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const crop: RgbImage; // an aligned face crop
 * const faceApi = await faceApiExpressionMethod();
 * const [p] = await faceApi.features([crop]);
 * const top = FACE_API_EXPRESSIONS[p.indexOf(Math.max(...p))]; // e.g. 'happy'
 * ```
 */
export const FACE_API_EXPRESSIONS = [
  'neutral',
  'happy',
  'sad',
  'angry',
  'fearful',
  'disgusted',
  'surprised',
] as const;

/**
 * One of {@link FACE_API_EXPRESSIONS}.
 *
 * @example
 * ```ts
 * const label: FaceApiExpression = 'fearful';
 * ```
 */
export type FaceApiExpression = (typeof FACE_API_EXPRESSIONS)[number];

/**
 * Options of {@link faceApiExpressionMethod}.
 *
 * @example
 * ```ts
 * const options: FaceApiExpressionOptions = {
 *   model: 'models/face_expression_model-weights_manifest.json',
 * };
 * ```
 */
export interface FaceApiExpressionOptions extends ClassifierOptions {
  /**
   * The weights manifest (`face_expression_model-weights_manifest.json`, its `.bin` beside it):
   * `'default'` (the default) is the one in the installed `@vladmandic/face-api` package's
   * `model/` folder (Node only); otherwise a file path or URL. The name defaults to
   * `'face-api expressions'`.
   */
  model?: string;
}

/** The network's input side. */
const INPUT_SIZE = 112;

async function defaultManifest(): Promise<string> {
  if (!isNode()) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      'The face-api expression weights are only found automatically in Node.js; in a browser pass model: the URL where you serve face_expression_model-weights_manifest.json',
    );
  }
  const { createRequire } = await import(/* @vite-ignore */ 'node:module');
  const path = await import(/* @vite-ignore */ 'node:path');
  try {
    const manifest = createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json');
    return path.join(
      path.dirname(manifest),
      'model',
      'face_expression_model-weights_manifest.json',
    );
  } catch (cause) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      'Cannot find the @vladmandic/face-api package that ships the expression weights; install it or pass model',
      { subject: '@vladmandic/face-api', cause },
    );
  }
}

/**
 * Loads the expression network of `@vladmandic/face-api` (a classifier of 7 expressions on
 * 112×112 colour faces) as an expression peer whose features are its class probabilities, order
 * {@link FACE_API_EXPRESSIONS}. The network runs here on TensorFlow.js ops from the package's
 * weights (face-api's own JavaScript is not used). Each face's crop is centre-squared, optionally
 * inset, area-averaged and bilinearly resized to 112², and its mean colour (122.782, 117.001,
 * 104.298 of 255) subtracted, as the network was trained.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options, `MODEL_LOAD_FAILED` when the
 *   weights cannot be found or read or do not fit the network; from `features`,
 *   `INVALID_ARGUMENT` for bad faces and `DISPOSED` after `dispose`.
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const faceApi = await faceApiExpressionMethod();
 * const [p] = await faceApi.features(await cropper.detect('photo.jpg'));
 * console.log(FACE_API_EXPRESSIONS.map((c, i) => `${c} ${p[i].toFixed(2)}`).join(', '));
 * faceApi.dispose();
 * ```
 */
export async function faceApiExpressionMethod(
  options: FaceApiExpressionOptions = {},
): Promise<ExpressionFeatureMethod> {
  const { inset, batchSize, distance } = resolveClassifierOptions(options);
  if (options.model !== undefined && typeof options.model !== 'string') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `model must be 'default' or a path or URL of a weights manifest, got ${typeof options.model}`,
    );
  }
  const manifest =
    options.model === undefined || options.model === 'default'
      ? await defaultManifest()
      : options.model;
  let weights: FaceExpressionWeights | undefined = await loadFaceExpressionWeights(manifest);
  return {
    name: options.name ?? 'face-api expressions',
    distance,
    async features(faces) {
      const live = weights;
      if (live === undefined) {
        throw new FreeAvatarError('DISPOSED', 'This face-api expression method was disposed');
      }
      assertPeerFaces(faces, 'faceApiExpressionMethod.features');
      return classifyInBatches(
        faces.map(faceImage),
        batchSize,
        FACE_API_EXPRESSIONS.length,
        (batch) => faceExpressionForward(rgbFaceBatch(batch, INPUT_SIZE, inset), live),
      );
    },
    dispose() {
      if (weights !== undefined) tf.dispose(Object.values(weights));
      weights = undefined;
    },
  };
}
