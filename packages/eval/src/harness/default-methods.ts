import { FreeAvatarError, assertArgument, type ModelSource } from '@freeavatar/core';
import type { FaceCropper } from '@freeavatar/face-crop';
import {
  createExpressionEncoder,
  defaultModelUrl,
  type ExpressionEncoder,
} from '@freeavatar/expression-encoder';
import { emotionClassifierMethod } from '../peers/emotion.js';
import { encoderMethod } from '../peers/encoder-method.js';
import { faceApiExpressionMethod } from '../peers/face-api.js';
import { landmarkGeometryMethod } from '../peers/geometry-method.js';
import { kalidokitMethod } from '../peers/kalidokit.js';
import type { ExpressionFeatureMethod } from '../peers/types.js';
import type { EvalMethod } from './evaluate.js';
import { ENCODER_METHOD_NAME, GEOMETRY_METHOD_NAME, MAE_METHOD_NAME } from './method-names.js';
import { describeModelFile, modelFileInfo } from './model-source.js';

/**
 * The methods `freeavatar eval encoder` runs, by id: face-mesh geometry, the emotion classifier
 * of `@vladmandic/human`, face-api's expression net, kalidokit's face-solver outputs, the
 * pooled backbone features of a stage-1 (MAE) model, and FreeAvatar's expression encoder.
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
  'mae',
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
 * Options of {@link createDefaultMethods}.
 *
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
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
  /**
   * The stage-1 (MAE) model whose pooled backbone features are the `mae` baseline: the
   * `model.json` a finished MAE run writes (`runs/mae/model/model.json`). Without it the `mae`
   * method is reported as not available.
   */
  maeModel?: ModelSource;
  /** Which methods, in report order. Default: all of {@link DEFAULT_METHOD_IDS}. */
  include?: readonly DefaultMethodId[];
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Why the `mae` method is missing when no stage-1 model is given.
 *
 * @example
 * ```ts
 * declare const result: MethodResult;
 * if (result.reason === MAE_NOT_GIVEN) console.log('pass --mae-model');
 * ```
 */
export const MAE_NOT_GIVEN = 'not available (no stage-1 model given: --mae-model)';

/**
 * The shipped weights' file as a path (file URLs; relative to the working directory when it lies
 * below it, so reports do not name the machine's folders) or URL.
 */
function defaultModelPath(): string {
  const url = defaultModelUrl();
  if (url.protocol !== 'file:') return url.href;
  const path = decodeURIComponent(url.pathname);
  const cwd = typeof process === 'undefined' ? undefined : `${process.cwd()}/`;
  return cwd !== undefined && path.startsWith(cwd) ? path.slice(cwd.length) : path;
}

/** Loads a model file for a method, checking the training stage its metadata names. */
async function loadEncoder(
  source: ModelSource | 'default',
  expected: { stages: readonly string[]; flag: string; what: string },
  faceCropper: FaceCropper | undefined,
): Promise<{ encoder: ExpressionEncoder; description: string }> {
  const info = await modelFileInfo(source === 'default' ? defaultModelPath() : source);
  if (info.stage !== undefined && !expected.stages.includes(info.stage)) {
    const stages = expected.stages.map((s) => `'${s}'`).join(' or ');
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${expected.flag} ${info.path} was written by stage '${info.stage}'; expected ${expected.what} (stage ${stages})`,
      { subject: info.path },
    );
  }
  try {
    const encoder = await createExpressionEncoder({ model: source, faceCropper });
    const crops = `reads crops aligned ${encoder.config.alignment}`;
    return { encoder, description: `${describeModelFile(info)}, ${crops}` };
  } catch (err) {
    if (
      expected.stages.includes('mae') &&
      err instanceof FreeAvatarError &&
      /no embedding head/.test(err.message)
    ) {
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `${expected.flag} ${info.path} has no embedding head: ` +
          'it looks like a training checkpoint; pass the model.json a finished MAE run writes (e.g. runs/mae/model/model.json)',
        { subject: info.path, cause: err },
      );
    }
    throw err;
  }
}

/**
 * Creates the methods of the encoder evaluation. A peer whose model cannot be loaded becomes an
 * `UnavailableMethod` with the reason, and so does the encoder when no `model` is given and the
 * package ships no trained weights ("not available (no trained weights)"), and the `mae`
 * baseline when no `maeModel` is given ({@link MAE_NOT_GIVEN}). The encoder and the `mae`
 * baseline carry their model file (path, training stage, steps, seed) as their `source`. The
 * landmark peers mark faces they cannot find with `NaN`s (`missingFace: 'nan'`) so that those
 * are counted, not fatal. Dispose the returned methods when done.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown id, or a `model` / `maeModel` whose
 *   metadata names the other training stage; the load error (e.g. `MODEL_LOAD_FAILED`) when an
 *   explicit `model` or `maeModel` cannot be loaded.
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * declare const set: TripletSet;
 * const methods = await createDefaultMethods({
 *   faceCropper: cropper,
 *   model: 'runs/triplet/model/model.json',
 *   maeModel: 'runs/mae/model/model.json',
 * });
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
    geometry: [GEOMETRY_METHOD_NAME, async () => landmarkGeometryMethod(located)],
    emotion: ['emotion classifier', () => emotionClassifierMethod()],
    'face-api': ['face-api expressions', () => faceApiExpressionMethod()],
    kalidokit: ['kalidokit', () => kalidokitMethod(located)],
    mae: [
      MAE_METHOD_NAME,
      async () => {
        if (options.maeModel === undefined) {
          throw new FreeAvatarError('MODEL_LOAD_FAILED', MAE_NOT_GIVEN);
        }
        const { encoder, description } = await loadEncoder(
          options.maeModel,
          { stages: ['mae'], flag: '--mae-model', what: 'a stage-1 (MAE) model' },
          options.faceCropper,
        );
        return encoderMethod(encoder, {
          name: MAE_METHOD_NAME,
          output: 'features',
          source: description,
          ownsEncoder: true,
        });
      },
    ],
    encoder: [
      ENCODER_METHOD_NAME,
      async () => {
        const { encoder, description } = await loadEncoder(
          options.model ?? 'default',
          {
            stages: ['triplet', 'head-fit'],
            flag: '--model',
            what: 'a model with a trained embedding head',
          },
          options.faceCropper,
        );
        return encoderMethod(encoder, {
          name: ENCODER_METHOD_NAME,
          source:
            options.model === undefined ? `the package's weights, ${description}` : description,
          ownsEncoder: true,
        });
      },
    ],
  };
  const methods: EvalMethod[] = [];
  for (const id of include) {
    const [name, make] = makers[id];
    try {
      methods.push(await make());
    } catch (err) {
      const explicit =
        (id === 'encoder' && options.model !== undefined) ||
        (id === 'mae' && options.maeModel !== undefined);
      if (explicit) {
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
        unavailable:
          id === 'mae'
            ? messageOf(err)
            : noWeights
              ? 'not available (no trained weights)'
              : `not available: ${messageOf(err)}`,
      });
    }
  }
  return methods;
}
