import { assertArgument, type ModelSource } from '@freeavatar/core';
import { assertFaceAlignment, type FaceAlignment } from './alignment.js';
import { assertInputFilter, type InputFilter } from './input-filter.js';

/**
 * One-Euro filter settings for the crop window in video mode.
 *
 * @example
 * ```ts
 * const steadier: SmoothingOptions = { minCutoff: 0.5, beta: 10 };
 * const cropper = await createFaceCropper({ smoothing: steadier });
 * ```
 */
export interface SmoothingOptions {
  /**
   * Cut-off frequency in Hz when the face is still; lower removes more jitter. Default 1.
   */
  minCutoff?: number;
  /**
   * How fast the cut-off rises with speed (per face width per second); higher follows fast
   * motion with less lag. Default 10.
   */
  beta?: number;
}

/**
 * Load-time options of {@link createFaceCropper}. Every field is optional.
 *
 * @example
 * ```ts
 * const options: FaceCropperOptions = { cropSize: 224, maxFaces: 1, redetectEvery: 5 };
 * const cropper = await createFaceCropper(options);
 * ```
 */
export interface FaceCropperOptions {
  /** Side of the aligned square crop in pixels, 32–512. Default 112. */
  cropSize?: number;
  /** Most faces returned per image, 1–64. Default 4. */
  maxFaces?: number;
  /** Minimum face-detector score, 0–1. Default 0.5. */
  minConfidence?: number;
  /** Intersection-over-union above which two detections are the same face, 0–1. Default 0.3. */
  iouThreshold?: number;
  /**
   * BlazeFace detector model (`blazeface.json`, 256² input). `'default'` (the default) means the
   * file shipped in `@vladmandic/human/models` in Node; browsers must pass a URL or IOHandler.
   */
  detectorModel?: ModelSource | 'default';
  /** Face-mesh landmark model (`facemesh.json`, 192² input), same rules as `detectorModel`. */
  meshModel?: ModelSource | 'default';
  /** Video mode: run the detector at least every this many frames, 1–1000. Default 10. */
  redetectEvery?: number;
  /**
   * Minimum landmark (face-presence) confidence, 0–1. Faces below it are dropped; in video mode
   * a tracked face below it is looked for again with the detector. Default 0.75 (real faces
   * score above 0.95; blurred scraps of a few pixels around 0.6).
   */
  minTrackingConfidence?: number;
  /** Video mode: One-Euro smoothing of the crop window, or `false` for none. */
  smoothing?: SmoothingOptions | false;
  /**
   * Image mode: keep a face the detector found (score ≥ `minConfidence`) even when the landmark
   * model is below `minTrackingConfidence`, aligning its crop on the detector's eye, nose and
   * mouth keypoints instead (`alignedBy: 'keypoints'`). Blur, noise and hands over the face
   * mostly defeat the landmark model before the detector. Default `false`.
   */
  keypointFallback?: boolean;
  /**
   * Which landmarks the crop is aligned on (see {@link FaceAlignment}); an expression encoder
   * reads crops aligned the way it was trained (`encoder.alignment`). Default `'eyes-mouth'`.
   */
  alignment?: FaceAlignment;
  /**
   * When a look finds no face that the landmark model accepts (image mode; in video mode, a
   * frame on which the detector runs), look again with the detector's and the landmark model's
   * inputs filtered by each of these in turn (at most 4), until one finds a face; video mode
   * tracks such a face through the same filter. The default, {@link DEFAULT_RETRY_FILTERS}, sharpens (blurred or
   * soft faces) and then smooths (noisy ones); `[]` looks once. A face found through a filter
   * needs landmark confidence 0.95 (or `minTrackingConfidence` when that is higher). Pictures in
   * which the first look finds a face are read as with `[]`.
   */
  retryFilters?: readonly InputFilter[];
}

/**
 * {@link FaceCropperOptions} with every default filled in.
 *
 * @example
 * ```ts
 * const resolved: ResolvedCropperOptions = resolveCropperOptions({ cropSize: 64 });
 * ```
 */
export interface ResolvedCropperOptions {
  cropSize: number;
  maxFaces: number;
  minConfidence: number;
  iouThreshold: number;
  detectorModel: ModelSource | 'default';
  meshModel: ModelSource | 'default';
  redetectEvery: number;
  minTrackingConfidence: number;
  smoothing: Required<SmoothingOptions> | false;
  keypointFallback: boolean;
  alignment: FaceAlignment;
  retryFilters: readonly InputFilter[];
}

/**
 * Per-call options of `detect` and `detectForVideo`.
 *
 * @example
 * ```ts
 * declare const cropper: FaceCropper;
 * const faces = await cropper.detect('photo.jpg', { returnTensor: true });
 * faces.forEach((f) => f.tensor?.dispose());
 * ```
 */
export interface DetectCallOptions {
  /** Also return each crop as a float32 tensor (values 0–1) that the caller must dispose. */
  returnTensor?: boolean;
}

const OPTION_NAMES = [
  'cropSize',
  'maxFaces',
  'minConfidence',
  'iouThreshold',
  'detectorModel',
  'meshModel',
  'redetectEvery',
  'minTrackingConfidence',
  'smoothing',
  'keypointFallback',
  'alignment',
  'retryFilters',
];

const DEFAULT_SMOOTHING: Required<SmoothingOptions> = { minCutoff: 1, beta: 10 };

function numberIn(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  const kind = integer ? 'an integer' : 'a number';
  assertArgument(
    ok && (!integer || Number.isInteger(value)),
    `${name} must be ${kind} in ${min}–${max}, got ${String(value)}`,
  );
  return value as number;
}

function modelSource(name: string, value: unknown): ModelSource | 'default' {
  if (value === undefined || value === 'default') return 'default';
  const ok =
    (typeof value === 'string' && value.length > 0) ||
    value instanceof URL ||
    (typeof value === 'object' && value !== null && ('load' in value || 'save' in value));
  assertArgument(
    ok,
    `${name} must be 'default', a path, a URL or a tf.io.IOHandler, got ${String(value)}`,
  );
  return value as ModelSource;
}

function flag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  assertArgument(typeof value === 'boolean', `${name} must be a boolean, got ${String(value)}`);
  return value;
}

function alignment(value: unknown): FaceAlignment {
  if (value === undefined) return 'eyes-mouth';
  assertFaceAlignment(value);
  return value;
}

/**
 * The filters image mode retries with when a first look finds no face: an unsharp mask (σ 3
 * input pixels, amount 2), then a Gaussian smoothing (σ 2, amount −1).
 *
 * @example
 * ```ts
 * const cropper = await createFaceCropper({ retryFilters: DEFAULT_RETRY_FILTERS.slice(0, 1) });
 * ```
 */
export const DEFAULT_RETRY_FILTERS: readonly InputFilter[] = Object.freeze([
  Object.freeze({ sigma: 3, amount: 2 }),
  Object.freeze({ sigma: 2, amount: -1 }),
]);

function retryFilters(value: unknown): readonly InputFilter[] {
  if (value === undefined) return DEFAULT_RETRY_FILTERS;
  assertArgument(
    Array.isArray(value) && value.length <= 4,
    `retryFilters must be an array of at most 4 filters { sigma, amount }, got ${String(value)}`,
  );
  return value.map((filter: InputFilter, i) => {
    assertInputFilter(filter, `retryFilters[${i}]`);
    return { sigma: filter.sigma, amount: filter.amount };
  });
}

function smoothing(value: unknown): Required<SmoothingOptions> | false {
  if (value === false) return false;
  if (value === undefined) return { ...DEFAULT_SMOOTHING };
  assertArgument(
    typeof value === 'object' && value !== null,
    `smoothing must be false or { minCutoff, beta }, got ${String(value)}`,
  );
  const s = value as SmoothingOptions;
  return {
    minCutoff: numberIn(
      'smoothing.minCutoff',
      s.minCutoff,
      DEFAULT_SMOOTHING.minCutoff,
      1e-3,
      1000,
      false,
    ),
    beta: numberIn('smoothing.beta', s.beta, DEFAULT_SMOOTHING.beta, 0, 1000, false),
  };
}

/**
 * Fills in the defaults of {@link FaceCropperOptions} and checks every value. Pure: it reads no
 * files. A field set to `undefined` gets its default.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the bad field, its value and the allowed range.
 * @example
 * ```ts
 * const resolved = resolveCropperOptions({ cropSize: 224, smoothing: undefined });
 * resolved.cropSize; // 224
 * resolved.maxFaces; // 4
 * ```
 */
export function resolveCropperOptions(options: FaceCropperOptions = {}): ResolvedCropperOptions {
  assertArgument(
    typeof options === 'object' && options !== null,
    `options must be an object, got ${String(options)}`,
  );
  for (const key of Object.keys(options)) {
    assertArgument(
      OPTION_NAMES.includes(key),
      `unknown face-cropper option '${key}'; expected one of ${OPTION_NAMES.join(', ')}`,
    );
  }
  return {
    cropSize: numberIn('cropSize', options.cropSize, 112, 32, 512, true),
    maxFaces: numberIn('maxFaces', options.maxFaces, 4, 1, 64, true),
    minConfidence: numberIn('minConfidence', options.minConfidence, 0.5, 0, 1, false),
    iouThreshold: numberIn('iouThreshold', options.iouThreshold, 0.3, 0, 1, false),
    detectorModel: modelSource('detectorModel', options.detectorModel),
    meshModel: modelSource('meshModel', options.meshModel),
    redetectEvery: numberIn('redetectEvery', options.redetectEvery, 10, 1, 1000, true),
    minTrackingConfidence: numberIn(
      'minTrackingConfidence',
      options.minTrackingConfidence,
      0.75,
      0,
      1,
      false,
    ),
    smoothing: smoothing(options.smoothing),
    keypointFallback: flag('keypointFallback', options.keypointFallback),
    alignment: alignment(options.alignment),
    retryFilters: retryFilters(options.retryFilters),
  };
}

/**
 * Checks per-call options and fills their defaults.
 *
 * @example
 * ```ts
 * resolveCallOptions({ returnTensor: true }); // { returnTensor: true }
 * ```
 */
export function resolveCallOptions(options: DetectCallOptions = {}): Required<DetectCallOptions> {
  assertArgument(
    typeof options === 'object' && options !== null,
    `call options must be an object, got ${String(options)}`,
  );
  const returnTensor = options.returnTensor ?? false;
  assertArgument(
    typeof returnTensor === 'boolean',
    `returnTensor must be a boolean, got ${String(returnTensor)}`,
  );
  return { returnTensor };
}
