import { FreeAvatarError, assertArgument, type ModelSource } from '@freeavatar/core';
import type { FaceCropper } from '@freeavatar/face-crop';
import { createExpressionEncoder } from '@freeavatar/expression-encoder';
import { emotionClassifierMethod } from '../peers/emotion.js';
import { encoderMethod } from '../peers/encoder-method.js';
import { faceApiExpressionMethod } from '../peers/face-api.js';
import { landmarkGeometryMethod } from '../peers/geometry-method.js';
import { kalidokitMethod } from '../peers/kalidokit.js';
import type { ExpressionFeatureMethod } from '../peers/types.js';
import type { EvalMethod } from './evaluate.js';

/**
 * The methods `freeavatar eval encoder` runs, by id: face-mesh geometry, the emotion classifier
 * of `@vladmandic/human`, face-api's expression net, kalidokit's face-solver outputs, and
 * FreeAvatar's expression encoder.
 *
 * @example
 * ```ts
 * for (const id of DEFAULT_METHOD_IDS) console.log(id);
 * ```
 */
export const DEFAULT_METHOD_IDS = [
  'geometry',
  'emotion',
  'face-api',
  'kalidokit',
  'encoder',
] as const;

/**
 * One of {@link DEFAULT_METHOD_IDS}.
 *
 * @example
 * ```ts
 * const include: DefaultMethodId[] = ['geometry', 'encoder'];
 * ```
 */
export type DefaultMethodId = (typeof DEFAULT_METHOD_IDS)[number];

/**
 * The name FreeAvatar's encoder has in reports.
 *
 * @example
 * ```ts
 * const ours = evaluation.methods.find((m) => m.name === ENCODER_METHOD_NAME);
 * ```
 */
export const ENCODER_METHOD_NAME = 'FreeAvatar encoder';

/**
 * Options of {@link createDefaultMethods}.
 *
 * @example
 * ```ts
 * const options: DefaultMethodOptions = { faceCropper: cropper, model: 'runs/triplet/model.json' };
 * ```
 */
export interface DefaultMethodOptions {
  /** Shared by the landmark peers for faces given as plain images (not disposed here). */
  faceCropper?: FaceCropper;
  /**
   * The encoder's weights (a `model.json` path, URL or IOHandler). Default: the package's
   * shipped weights; when there are none, the encoder is reported as not available.
   */
  model?: ModelSource;
  /** Which methods, in report order. Default: all of {@link DEFAULT_METHOD_IDS}. */
  include?: readonly DefaultMethodId[];
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Creates the methods of the encoder evaluation. A peer whose model cannot be loaded becomes an
 * `UnavailableMethod` with the reason, and so does the encoder when no `model` is given and the
 * package ships no trained weights ("not available (no trained weights)"). The landmark peers
 * mark faces they cannot find with `NaN`s (`missingFace: 'nan'`) so that those are counted, not
 * fatal. Dispose the returned methods when done.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown id; the encoder's load error (e.g.
 *   `MODEL_LOAD_FAILED`) when an explicit `model` cannot be loaded.
 * @example
 * ```ts
 * const methods = await createDefaultMethods({ faceCropper: cropper });
 * try {
 *   const evaluation = await evaluateFeatureMethods(set, methods);
 * } finally {
 *   methods.forEach((m) => 'dispose' in m && m.dispose());
 * }
 * ```
 */
export async function createDefaultMethods(
  options: DefaultMethodOptions = {},
): Promise<EvalMethod[]> {
  const include: readonly DefaultMethodId[] = options.include ?? DEFAULT_METHOD_IDS;
  assertArgument(
    Array.isArray(options.include ?? []),
    `include must be a list of method ids, got ${String(options.include)}`,
  );
  for (const id of include) {
    assertArgument(
      (DEFAULT_METHOD_IDS as readonly string[]).includes(id),
      `unknown method '${String(id)}'; expected one of ${DEFAULT_METHOD_IDS.join(', ')}`,
    );
  }
  const located = { faceCropper: options.faceCropper, missingFace: 'nan' as const };
  const makers: Record<DefaultMethodId, [string, () => Promise<ExpressionFeatureMethod>]> = {
    geometry: ['face mesh geometry', async () => landmarkGeometryMethod(located)],
    emotion: ['emotion classifier', () => emotionClassifierMethod()],
    'face-api': ['face-api expressions', () => faceApiExpressionMethod()],
    kalidokit: ['kalidokit', () => kalidokitMethod(located)],
    encoder: [
      ENCODER_METHOD_NAME,
      async () =>
        encoderMethod(
          await createExpressionEncoder({
            model: options.model ?? 'default',
            faceCropper: options.faceCropper,
          }),
          { name: ENCODER_METHOD_NAME, ownsEncoder: true },
        ),
    ],
  };
  const methods: EvalMethod[] = [];
  for (const id of include) {
    const [name, make] = makers[id];
    try {
      methods.push(await make());
    } catch (err) {
      if (id === 'encoder' && options.model !== undefined) {
        methods.forEach((m) => 'dispose' in m && m.dispose());
        throw err;
      }
      const noWeights =
        id === 'encoder' &&
        err instanceof FreeAvatarError &&
        err.code === 'MODEL_LOAD_FAILED' &&
        /not present/.test(err.message);
      methods.push({
        name,
        unavailable: noWeights
          ? 'not available (no trained weights)'
          : `not available: ${messageOf(err)}`,
      });
    }
  }
  return methods;
}
