import * as tf from '@tensorflow/tfjs';
import {
  applyLinearMap,
  assertArgument,
  assertObject,
  describeValue,
  fitLinearMap,
  symmetricEigen,
  type LinearMap,
} from '@freeavatar/core';
import { assertExpressionModel, type ExpressionModel } from './expression-model.js';

/**
 * Samples for {@link fitEmbeddingHead}: pooled features and the target coordinates whose
 * Euclidean distances the embedding should follow, `count` rows each, row-major.
 *
 * @example
 * ```ts
 * declare const features: Float32Array; // 4096 × featureDim, from `model.headInput`
 * declare const targets: Float32Array; // 4096 × targetDim
 * const samples: HeadFitSamples = { features, targets, count: 4096 };
 * ```
 */
export interface HeadFitSamples {
  /**
   * `count × featureDim`: what the head reads (`ExpressionModel.headInput`: the pooled feature,
   * and the eye reader's where the model has one).
   */
  readonly features: Float32Array;
  /** `count × targetDim` target coordinates, e.g. `createExpressionDistance().embed(weights)`. */
  readonly targets: Float32Array;
  readonly count: number;
}

/**
 * Settings of {@link fitEmbeddingHead}.
 *
 * @example
 * ```ts
 * const options: HeadFitOptions = { ridge: 0.01, anchorScale: 4, holdout: 0.2 };
 * ```
 */
export interface HeadFitOptions {
  /** Ridge penalty per sample on standardised features (default 0.01). */
  ridge?: number;
  /**
   * The constant last embedding axis, in units of the mean length of the fitted coordinates
   * (default 4): large enough that unit-normalising keeps the fitted distances nearly
   * Euclidean, so a neutral face and an intense one stay apart.
   */
  anchorScale?: number;
  /** Share of the samples (the last ones) held out to measure the fit (default 0.2; 0 = none). */
  holdout?: number;
}

/**
 * A fitted embedding head and how well it fits.
 *
 * @example
 * ```ts
 * declare const samples: HeadFitSamples;
 * const fit: HeadFit = fitEmbeddingHead(samples, 16);
 * console.log(fit.heldOutR2.toFixed(2), fit.keptVariance.toFixed(2));
 * ```
 */
export interface HeadFit {
  /** `featureDim × embeddingDim`, row-major, as the head's `kernel`. */
  readonly kernel: Float32Array;
  /** `embeddingDim`, as the head's `bias`. */
  readonly bias: Float32Array;
  /**
   * R² of the fitted coordinates on the held-out samples (a fit on the others), over all the
   * kept axes together; `NaN` when `holdout` is 0.
   */
  readonly heldOutR2: number;
  /** Share of the targets' variance on the `embeddingDim − 1` principal axes kept. */
  readonly keptVariance: number;
  /** Samples the final head was fitted on. */
  readonly count: number;
}

/** Row-major `count × width` view helpers. */
function columnMeans(values: ArrayLike<number>, rows: number[], width: number): Float64Array {
  const mean = new Float64Array(width);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j] += values[r * width + j];
  return mean.map((v) => v / rows.length);
}

/** The principal axes of the targets: the top `k` eigenvectors of their covariance. */
function principalAxes(
  targets: Float32Array,
  count: number,
  width: number,
  k: number,
): { mean: Float64Array; axes: Float64Array; kept: number } {
  const rows = Array.from({ length: count }, (_, i) => i);
  const mean = columnMeans(targets, rows, width);
  const cov = new Float64Array(width * width);
  const centred = new Float64Array(width);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < width; j++) centred[j] = targets[r * width + j] - mean[j];
    for (let a = 0; a < width; a++) {
      const ca = centred[a];
      for (let b = a; b < width; b++) cov[a * width + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < width; a++)
    for (let b = 0; b < a; b++) cov[a * width + b] = cov[b * width + a];
  const { values, vectors } = symmetricEigen(cov, width);
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
  const axes = new Float64Array(width * k);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < width; j++) axes[j * k + c] = vectors[j * width + order[c]];
  }
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const kept = order.slice(0, k).reduce((s, i) => s + Math.max(values[i], 0), 0);
  return { mean, axes, kept: total > 0 ? kept / total : 0 };
}

/** Ridge regression of `y` (`count × k`) on standardised features over `rows`. */
function ridgeFit(
  features: Float32Array,
  y: Float64Array,
  rows: number[],
  dim: number,
  k: number,
  ridge: number,
): LinearMap {
  return fitLinearMap(
    rows.map((r) => features.subarray(r * dim, (r + 1) * dim)),
    rows.map((r) => y.subarray(r * k, (r + 1) * k)),
    { lambda: ridge * rows.length },
  );
}

/**
 * Fits the expression embedding head in closed form, so that distances between embeddings
 * follow the Euclidean distances of the targets. The targets are projected on their
 * `embeddingDim − 1` principal axes; a ridge regression maps the features to those
 * coordinates; the last embedding axis is a constant (`anchorScale` times the coordinates' mean
 * length), so that after the head's unit normalisation nearby targets stay nearby and the
 * magnitude of an expression is kept. A good start for the triplet stage, or a head on its own.
 *
 * @param samples Features and targets, `count` rows each.
 * @param embeddingDim Width of the embedding (the model's `embeddingDim`), at least 2 and at
 *   most one more than the targets' width.
 * @throws FreeAvatarError `INVALID_ARGUMENT` for sizes that do not fit, too few samples,
 *   values that are not finite, or options out of range.
 * @example
 * ```ts
 * import { createExpressionDistance, type BlendshapeWeights } from '@freeavatar/synth';
 * declare const weights: BlendshapeWeights[]; // each face's expression
 * declare const features: Float32Array; // weights.length × featureDim, from `model.headInput`
 * const count = weights.length;
 * const distance = createExpressionDistance();
 * const targets = new Float32Array(count * distance.dimension);
 * weights.forEach((w, i) => targets.set(distance.embed(w), i * distance.dimension));
 * const fit = fitEmbeddingHead({ features, targets, count }, 16);
 * ```
 */
export function fitEmbeddingHead(
  samples: HeadFitSamples,
  embeddingDim: number,
  options: HeadFitOptions = {},
): HeadFit {
  assertObject(samples, 'samples');
  const { features, targets, count } = samples;
  assertArgument(
    features instanceof Float32Array,
    `samples.features must be a Float32Array, got ${describeValue(features)}`,
  );
  assertArgument(
    targets instanceof Float32Array,
    `samples.targets must be a Float32Array, got ${describeValue(targets)}`,
  );
  const ridge = options.ridge ?? 0.01;
  const anchorScale = options.anchorScale ?? 4;
  const holdout = options.holdout ?? 0.2;
  assertArgument(
    Number.isInteger(count) && count >= 8,
    `count must be an integer ≥ 8, got ${count}`,
  );
  assertArgument(
    features.length > 0 && features.length % count === 0,
    `features must hold count × featureDim values (count ${count}), got ${features.length}`,
  );
  assertArgument(
    targets.length > 0 && targets.length % count === 0,
    `targets must hold count × targetDim values (count ${count}), got ${targets.length}`,
  );
  const dim = features.length / count;
  const width = targets.length / count;
  assertArgument(
    Number.isInteger(embeddingDim) && embeddingDim >= 2 && embeddingDim - 1 <= width,
    `embeddingDim must be an integer in 2..${width + 1} (targets are ${width} wide), got ${embeddingDim}`,
  );
  assertArgument(Number.isFinite(ridge) && ridge > 0, `ridge must be a number > 0, got ${ridge}`);
  assertArgument(
    Number.isFinite(anchorScale) && anchorScale > 0,
    `anchorScale must be a number > 0, got ${anchorScale}`,
  );
  assertArgument(holdout >= 0 && holdout < 1, `holdout must be in [0, 1), got ${holdout}`);
  const firstBad = [features, targets].map((a) => a.findIndex((v) => !Number.isFinite(v)));
  assertArgument(firstBad[0] < 0, `features hold a value that is not finite at ${firstBad[0]}`);
  assertArgument(firstBad[1] < 0, `targets hold a value that is not finite at ${firstBad[1]}`);
  const k = embeddingDim - 1;
  const { mean, axes, kept } = principalAxes(targets, count, width, k);
  const y = new Float64Array(count * k);
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < width; j++) s += (targets[r * width + j] - mean[j]) * axes[j * k + c];
      y[r * k + c] = s;
    }
  }
  const all = Array.from({ length: count }, (_, i) => i);
  const held = Math.floor(count * holdout);
  let heldOutR2 = Number.NaN;
  if (held >= 2) {
    const trainRows = all.slice(0, count - held);
    const testRows = all.slice(count - held);
    const map = ridgeFit(features, y, trainRows, dim, k, ridge);
    const testMean = columnMeans(y, testRows, k);
    let sse = 0;
    let sst = 0;
    for (const r of testRows) {
      const out = applyLinearMap(map, features.subarray(r * dim, (r + 1) * dim));
      for (let c = 0; c < k; c++) {
        sse += (out[c] - y[r * k + c]) ** 2;
        sst += (y[r * k + c] - testMean[c]) ** 2;
      }
    }
    heldOutR2 = sst > 0 ? 1 - sse / sst : Number.NaN;
  }
  const map = ridgeFit(features, y, all, dim, k, ridge);
  let length = 0;
  for (const r of all) {
    length += Math.hypot(...applyLinearMap(map, features.subarray(r * dim, (r + 1) * dim)));
  }
  const anchor = anchorScale * Math.max(length / count, 1e-6);
  const kernel = new Float32Array(dim * embeddingDim);
  const bias = new Float32Array(embeddingDim);
  // Fold the input standardisation into the weights: W·((x − m) / s) + b = (W/s)·x + b − Σ W·m/s.
  for (let c = 0; c < k; c++) {
    let b = map.bias[c];
    for (let i = 0; i < dim; i++) {
      const w = map.weights[i * k + c] / map.inputScale[i];
      kernel[i * embeddingDim + c] = w;
      b -= w * map.inputMean[i];
    }
    bias[c] = b;
  }
  bias[k] = anchor;
  return { kernel, bias, heldOutR2, keptVariance: kept, count };
}

/**
 * Writes a fitted head into a model's `head/kernel` and `head/bias`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when the fit's sizes differ from the model's head.
 * @example
 * ```ts
 * declare const model: ExpressionModel;
 * declare const samples: HeadFitSamples;
 * applyHeadFit(model, fitEmbeddingHead(samples, model.config.embeddingDim));
 * ```
 */
export function applyHeadFit(model: ExpressionModel, fit: HeadFit): void {
  assertExpressionModel(model, 'model');
  assertObject(fit, 'fit');
  assertArgument(
    fit.kernel instanceof Float32Array && fit.bias instanceof Float32Array,
    `fit.kernel and fit.bias must be Float32Arrays, got ${describeValue(fit.kernel)} and ${describeValue(fit.bias)}`,
  );
  const [dim, width] = model.head.kernel.shape;
  assertArgument(
    fit.kernel.length === dim * width && fit.bias.length === width,
    `the fitted head is ${fit.kernel.length / fit.bias.length} × ${fit.bias.length}, the model's head is ${dim} × ${width}`,
  );
  tf.tidy(() => {
    model.head.kernel.assign(tf.tensor2d(fit.kernel, [dim, width]));
    model.head.bias.assign(tf.tensor1d(fit.bias));
  });
}
