import { FreeAvatarError, assertArgument, type RgbImage } from '@freeavatar/core';
import { realignFace, type FaceAlignment } from '@freeavatar/face-crop';
import { assertPeerFaces, faceImage, isDetectedFace } from './faces.js';
import type { ExpressionFeatureMethod, FeatureDistance } from './types.js';

/**
 * What {@link encoderMethod} needs of an encoder: the shape of `ExpressionEncoder` from
 * `@freeavatar/expression-encoder` (any object with these methods will do).
 *
 * @example
 * ```ts
 * import { createExpressionEncoder } from '@freeavatar/expression-encoder';
 * const encoder: EncoderLike = await createExpressionEncoder();
 * ```
 */
export interface EncoderLike {
  /** Expression embeddings, one per aligned face crop. */
  embed(faces: readonly RgbImage[]): Promise<Float32Array[]>;
  /** Backbone features, one per aligned face crop (needed for `output: 'features'`). */
  features?(faces: readonly RgbImage[]): Promise<Float32Array[]>;
  /** Frees the encoder. */
  dispose(): void;
  /**
   * The encoder's config; where it names an `alignment`, detected faces are cropped again that
   * way (face-crop's `realignFace`) before they reach the encoder.
   */
  readonly config?: { readonly alignment?: FaceAlignment };
}

/**
 * Options of {@link encoderMethod}.
 *
 * @example
 * ```ts
 * const options: EncoderMethodOptions = { output: 'features', name: 'ours (backbone)' };
 * ```
 */
export interface EncoderMethodOptions {
  /**
   * Which vectors to return: `'embedding'` (the default; the unit expression embedding the
   * triplet loss shapes) or `'features'` (the pooled backbone features).
   */
  output?: 'embedding' | 'features';
  /** Name in tables and plots. Default `'FreeAvatar'` (`'FreeAvatar features'` for features). */
  name?: string;
  /** How the vectors are compared. Default `'euclidean'`. */
  distance?: FeatureDistance;
  /** Where the encoder's weights come from, shown in reports (e.g. the `model.json` path). */
  source?: string;
  /**
   * Whether the method's `dispose` also disposes the encoder. Default `false`: whoever created
   * the encoder disposes it.
   */
  ownsEncoder?: boolean;
}

/**
 * Wraps FreeAvatar's expression encoder (or any {@link EncoderLike}) as an
 * {@link ExpressionFeatureMethod}, so that the harness runs it exactly as it runs the peers.
 * Detected faces are given to the encoder as their aligned crops, cut again with the encoder's
 * alignment where it has one (`encoder.config.alignment`); plain images as they are.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `encoder` lacks `embed` (or `features` for
 *   `output: 'features'`) or an option is bad; from `features`, for bad faces, a result of the
 *   wrong count, or `DISPOSED` after `dispose`.
 * @example
 * ```ts
 * import { createExpressionEncoder } from '@freeavatar/expression-encoder';
 * declare const faces: PeerFace[];
 * const ours = encoderMethod(await createExpressionEncoder(), { ownsEncoder: true });
 * const vectors = await ours.features(faces);
 * ours.dispose(); // also disposes the encoder
 * ```
 */
export function encoderMethod(
  encoder: EncoderLike,
  options: EncoderMethodOptions = {},
): ExpressionFeatureMethod {
  const output = options.output ?? 'embedding';
  assertArgument(
    output === 'embedding' || output === 'features',
    `output must be 'embedding' or 'features', got ${String(options.output)}`,
  );
  const distance = options.distance ?? 'euclidean';
  assertArgument(
    distance === 'euclidean' || distance === 'cosine',
    `distance must be 'euclidean' or 'cosine', got ${String(options.distance)}`,
  );
  assertArgument(
    typeof encoder?.embed === 'function' && typeof encoder.dispose === 'function',
    `encoder must have embed and dispose methods (an ExpressionEncoder), got ${encoder === null ? 'null' : typeof encoder}`,
  );
  assertArgument(
    output === 'embedding' || typeof encoder.features === 'function',
    "output: 'features' needs an encoder with a features method",
  );
  let live: EncoderLike | undefined = encoder;
  return {
    name: options.name ?? (output === 'embedding' ? 'FreeAvatar' : 'FreeAvatar features'),
    distance,
    ...(options.source === undefined ? {} : { source: options.source }),
    async features(faces) {
      if (live === undefined) throw new FreeAvatarError('DISPOSED', 'This method was disposed');
      assertPeerFaces(faces, 'encoderMethod.features');
      if (faces.length === 0) return [];
      const alignment = live.config?.alignment;
      const crops = faces.map((face) =>
        alignment !== undefined && isDetectedFace(face)
          ? realignFace(face, alignment).crop
          : faceImage(face),
      );
      const vectors =
        output === 'embedding' ? await live.embed(crops) : await live.features!(crops);
      if (!Array.isArray(vectors) || vectors.length !== faces.length) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `The encoder returned ${Array.isArray(vectors) ? vectors.length : String(vectors)} vectors for ${faces.length} faces`,
        );
      }
      return vectors;
    },
    dispose() {
      if (options.ownsEncoder === true) live?.dispose();
      live = undefined;
    },
  };
}
