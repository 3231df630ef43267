import {
  FreeAvatarError,
  assertArgument,
  progressReporter,
  type ProgressCallback,
} from '@freeavatar/core';
import type { ExpressionFeatureMethod, PeerFace } from '../peers/types.js';

/**
 * What one method gave for every face of an evaluation.
 *
 * @example
 * ```ts
 * declare const method: ExpressionFeatureMethod;
 * declare const faces: PeerFace[];
 * const { vectors, noFace, failed } = await methodFeatures(method, faces);
 * const usable = vectors.filter((v) => v !== undefined).length;
 * ```
 */
export interface MethodFeatures {
  /** One vector per face, or `undefined` where the method gave none. */
  readonly vectors: readonly (Float32Array | undefined)[];
  /** Faces whose vector held non-finite numbers: the method found no face there. */
  readonly noFace: number;
  /** Faces for which the method threw. */
  readonly failed: number;
  /** The first few distinct error messages, with how often each occurred. */
  readonly errors: readonly { readonly message: string; readonly count: number }[];
  /** Length of the vectors (0 when there are none). */
  readonly featureLength: number;
  /** Wall time of the method's `features` calls, in seconds. */
  readonly seconds: number;
}

/**
 * Options of {@link methodFeatures}.
 *
 * @example
 * ```ts
 * const options: MethodFeatureOptions = { batchSize: 16 };
 * ```
 */
export interface MethodFeatureOptions {
  /** Faces per `features` call, 1..1024. Default 16. */
  batchSize?: number;
  onProgress?: ProgressCallback;
}

const MAX_MESSAGES = 5;

/**
 * Runs a method on every face, in batches, never letting one bad face stop the evaluation: when
 * a batch throws, its faces are tried one by one, and a face that still throws is counted as
 * failed (its message kept); a vector with non-finite numbers (a landmark peer's mark for "no
 * face found") counts as no face; a vector of another length than the others counts as failed.
 * `DISPOSED` errors are not caught.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a method without `features` or a bad batch
 *   size; `DISPOSED` when the method was disposed.
 * @example
 * ```ts
 * declare const faces: PeerFace[];
 * const result = await methodFeatures(landmarkGeometryMethod({ missingFace: 'nan' }), faces);
 * console.log(`${result.noFace} faces without a face, ${result.failed} failures`);
 * ```
 */
export async function methodFeatures(
  method: ExpressionFeatureMethod,
  faces: readonly PeerFace[],
  options: MethodFeatureOptions = {},
): Promise<MethodFeatures> {
  assertArgument(
    typeof method?.features === 'function',
    `method must be an ExpressionFeatureMethod with a features function, got ${String(method)}`,
  );
  assertArgument(Array.isArray(faces), `faces must be an array, got ${String(faces)}`);
  const batchSize = options.batchSize ?? 16;
  assertArgument(
    Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1024,
    `batchSize must be an integer in 1..1024, got ${batchSize}`,
  );
  const report = progressReporter(options.onProgress);
  const vectors: (Float32Array | undefined)[] = new Array(faces.length).fill(undefined);
  const messages = new Map<string, number>();
  let failed = 0;
  let noFace = 0;
  let length = 0;
  let seconds = 0;

  const fail = (err: unknown): void => {
    if (err instanceof FreeAvatarError && err.code === 'DISPOSED') throw err;
    failed++;
    const message = err instanceof Error ? err.message : String(err);
    messages.set(message, (messages.get(message) ?? 0) + 1);
  };
  const call = async (batch: readonly PeerFace[]): Promise<Float32Array[]> => {
    const started = performance.now();
    try {
      const out = await method.features(batch);
      if (!Array.isArray(out) || out.length !== batch.length) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `${method.name} returned ${Array.isArray(out) ? out.length : String(out)} vectors for ${batch.length} faces`,
        );
      }
      return out;
    } finally {
      seconds += (performance.now() - started) / 1000;
    }
  };
  const keep = (index: number, vector: Float32Array): void => {
    if (!(vector instanceof Float32Array) || vector.length === 0) {
      fail(new Error(`${method.name} gave no vector for face ${index}`));
      return;
    }
    if (length === 0) length = vector.length;
    if (vector.length !== length) {
      fail(
        new Error(`${method.name} gave ${vector.length} numbers for a face, ${length} for others`),
      );
      return;
    }
    if (!vector.every(Number.isFinite)) {
      noFace++;
      return;
    }
    vectors[index] = vector;
  };

  for (let start = 0; start < faces.length; start += batchSize) {
    const batch = faces.slice(start, start + batchSize);
    let out: Float32Array[] | undefined;
    try {
      out = await call(batch);
    } catch (err) {
      if (err instanceof FreeAvatarError && err.code === 'DISPOSED') throw err;
      out = undefined;
    }
    if (out !== undefined) {
      out.forEach((v, k) => keep(start + k, v));
    } else {
      for (let k = 0; k < batch.length; k++) {
        try {
          const [v] = await call([batch[k]]);
          keep(start + k, v);
        } catch (err) {
          fail(err);
        }
      }
    }
    report({
      task: `eval:${method.name}`,
      done: Math.min(start + batchSize, faces.length),
      total: faces.length,
      unit: 'faces',
    });
  }
  const errors = [...messages.entries()]
    .slice(0, MAX_MESSAGES)
    .map(([message, count]) => ({ message, count }));
  return { vectors, noFace, failed, errors, featureLength: length, seconds };
}
