import { FreeAvatarError, assertArgument } from './errors.js';
import { solvePositiveDefinite } from './linear-algebra.js';
import { assertVectors, type NumericArray } from './vectors.js';

/**
 * An affine map `y = W·((x − mean) / scale) + bias`, fitted by {@link fitLinearMap}. Plain data:
 * it can be saved as JSON (typed arrays via `Array.from`) and is applied by
 * {@link applyLinearMap}.
 *
 * @example
 * ```ts
 * declare const trainFeatures: Float32Array[];
 * declare const trainRigs: Float32Array[];
 * const map: LinearMap = fitLinearMap(trainFeatures, trainRigs);
 * console.log(map.inputSize, '→', map.outputSize);
 * ```
 */
export interface LinearMap {
  /** Length of the input vectors. */
  readonly inputSize: number;
  /** Length of the output vectors. */
  readonly outputSize: number;
  /** Per-input mean subtracted first (the training mean). */
  readonly inputMean: Float64Array;
  /** Per-input divisor applied next (the training standard deviation, or 1). */
  readonly inputScale: Float64Array;
  /** Weights, `inputSize × outputSize`, row-major: `weights[i * outputSize + j]`. */
  readonly weights: Float64Array;
  /** Output offsets (the training mean of each output when inputs are centred). */
  readonly bias: Float64Array;
  /** The ridge penalty it was fitted with. */
  readonly lambda: number;
}

/**
 * Options of {@link fitLinearMap}.
 *
 * @example
 * ```ts
 * const options: LinearMapOptions = { lambda: 0.1, standardize: false };
 * ```
 */
export interface LinearMapOptions {
  /**
   * Ridge penalty λ ≥ 0 on the weights (not the bias), in units of the standardised inputs'
   * sum of squares. Default 1e-3 · (number of samples), a light touch that keeps the solve
   * stable when inputs are collinear.
   */
  lambda?: number;
  /**
   * Divide each input by its training standard deviation before fitting (so that λ treats
   * inputs alike, whatever their units). Default `true`. Constant inputs are left unscaled.
   */
  standardize?: boolean;
}

/**
 * Fits a linear map from inputs `x` (e.g. the features of training faces) to outputs `y` (e.g.
 * their true rig values) by ridge regression: the weights minimise
 * `Σ‖W·x̃ᵢ + b − yᵢ‖² + λ‖W‖²` over standardised inputs `x̃`, with the bias unpenalised. Solved
 * in closed form by a Cholesky factorisation of the `d × d` normal equations, or of the
 * `n × n` kernel form when there are fewer samples than inputs (same result). Fit it on
 * training data only; evaluate on held-out faces.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for empty, ragged or non-finite data, unequal
 *   sample counts, a negative λ, or (with λ = 0) inputs too collinear to solve.
 * @example
 * ```ts
 * const map = fitLinearMap([[0], [1], [2]], [[1], [3], [5]], { lambda: 0 });
 * applyLinearMap(map, [3]); // Float32Array [7]
 * ```
 */
export function fitLinearMap(
  x: readonly NumericArray[],
  y: readonly NumericArray[],
  options: LinearMapOptions = {},
): LinearMap {
  const d = assertVectors(x, 'x');
  const k = assertVectors(y, 'y');
  const n = x.length;
  if (y.length !== n) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `x and y must hold the same number of samples, got ${n} and ${y.length}`,
    );
  }
  const lambda = options.lambda ?? 1e-3 * n;
  assertArgument(
    typeof lambda === 'number' && Number.isFinite(lambda) && lambda >= 0,
    `lambda must be a finite number ≥ 0, got ${String(options.lambda)}`,
  );
  const standardize = options.standardize ?? true;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  const yMean = new Float64Array(k);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) mean[i] += x[s][i] / n;
    for (let j = 0; j < k; j++) yMean[j] += y[s][j] / n;
  }
  if (standardize) {
    for (let i = 0; i < d; i++) {
      let v = 0;
      for (let s = 0; s < n; s++) v += (x[s][i] - mean[i]) ** 2;
      const std = Math.sqrt(v / n);
      if (std > 1e-12 * Math.max(1, Math.abs(mean[i]))) scale[i] = std;
    }
  }
  // Centred, scaled inputs Xc (n×d) and centred outputs Yc (n×k).
  const xc = new Float64Array(n * d);
  const yc = new Float64Array(n * k);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) xc[s * d + i] = (x[s][i] - mean[i]) / scale[i];
    for (let j = 0; j < k; j++) yc[s * k + j] = y[s][j] - yMean[j];
  }
  const primal = d <= n;
  const m = primal ? d : n;
  // Gram matrix: XcᵀXc + λI (primal) or XcXcᵀ + λI (dual).
  const gram = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      if (primal) for (let r = 0; r < n; r++) s += xc[r * d + a] * xc[r * d + b];
      else for (let c = 0; c < d; c++) s += xc[a * d + c] * xc[b * d + c];
      gram[a * m + b] = s;
      gram[b * m + a] = s;
    }
    gram[a * m + a] += lambda;
  }
  const solve = (rhs: Float64Array): Float64Array => {
    try {
      return solvePositiveDefinite(gram, m, rhs, k);
    } catch {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `The inputs are too collinear to fit with lambda ${lambda} (${n} samples, ${d} inputs); use lambda > 0`,
      );
    }
  };
  /** Xcᵀ·B for B with `k` columns and one row per sample. */
  const transposedProduct = (rows: Float64Array): Float64Array => {
    const out = new Float64Array(d * k);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += xc[r * d + i] * rows[r * k + j];
        out[i * k + j] = s;
      }
    }
    return out;
  };
  // Primal: W = (XcᵀXc + λI)⁻¹ XcᵀYc; dual: W = Xcᵀ (XcXcᵀ + λI)⁻¹ Yc.
  const weights = primal ? solve(transposedProduct(yc)) : transposedProduct(solve(yc));
  return {
    inputSize: d,
    outputSize: k,
    inputMean: mean,
    inputScale: scale,
    weights,
    bias: yMean,
    lambda,
  };
}

/**
 * Applies a {@link LinearMap} to one input vector. Non-finite inputs give `NaN` outputs (so a
 * face a peer could not read stays marked).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `x` has the wrong length.
 * @example
 * ```ts
 * declare const map: LinearMap;
 * declare const features: Float32Array; // map.inputSize values
 * const rig = applyLinearMap(map, features); // Float32Array(map.outputSize)
 * ```
 */
export function applyLinearMap(map: LinearMap, x: NumericArray): Float32Array {
  assertArgument(
    map !== null &&
      typeof map === 'object' &&
      Number.isInteger(map.inputSize) &&
      Number.isInteger(map.outputSize),
    'map must be a LinearMap (from fitLinearMap)',
  );
  if (x === null || x === undefined || x.length !== map.inputSize) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `x must hold ${map.inputSize} numbers for this map, got ${x === null || x === undefined ? String(x) : x.length}`,
    );
  }
  const k = map.outputSize;
  const out = Float64Array.from(map.bias);
  for (let i = 0; i < map.inputSize; i++) {
    const v = (x[i] - map.inputMean[i]) / map.inputScale[i];
    for (let j = 0; j < k; j++) out[j] += v * map.weights[i * k + j];
  }
  return Float32Array.from(out);
}
