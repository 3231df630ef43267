import { describeValue } from './arguments.js';
import { assertArgument } from './errors.js';

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. Returns the
 * eigenvalues (unsorted) and the eigenvectors as the columns of a row-major matrix.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `matrix` is not a Float64Array of `n × n`
 *   values.
 * @example
 * ```ts
 * const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
 * // values 1 and 3 (in some order); vectors[k * 2 + j] is entry k of eigenvector j
 * ```
 */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  assertSquare(matrix, n, 'matrix');
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/**
 * Solves `A X = B` for a symmetric positive-definite `A` (`n × n`, row-major) and `B` with `m`
 * right-hand columns (`n × m`, row-major) by a Cholesky factorisation; returns `X` (`n × m`).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `A` or `B` is not a Float64Array, the sizes do
 *   not fit or `A` is not positive definite (add a ridge to its diagonal).
 * @example
 * ```ts
 * const x = solvePositiveDefinite(Float64Array.of(4, 2, 2, 3), 2, Float64Array.of(2, 1), 1);
 * // x = [0.5, 0]
 * ```
 */
export function solvePositiveDefinite(
  a: Float64Array,
  n: number,
  b: Float64Array,
  m: number,
): Float64Array {
  assertSquare(a, n, 'A');
  assertValues(b, 'B');
  assertArgument(
    Number.isInteger(m) && m >= 1 && b.length === n * m,
    `B must hold ${n} × ${m} values, got ${b.length}`,
  );
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        assertArgument(
          sum > 1e-12 * Math.max(1, Math.abs(a[i * n + i])) && Number.isFinite(sum),
          `A is not positive definite (pivot ${i} is ${sum}); add a ridge to its diagonal`,
        );
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let sum = x[i * m + c];
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k * m + c];
      x[i * m + c] = sum / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = x[i * m + c];
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k * m + c];
      x[i * m + c] = sum / l[i * n + i];
    }
  }
  return x;
}

/** `values` must be a Float64Array (or another array of numbers) before its length means anything. */
function assertValues(values: Float64Array, name: string): void {
  assertArgument(
    ArrayBuffer.isView(values) || Array.isArray(values),
    `${name} must be a Float64Array, got ${describeValue(values)}`,
  );
}

function assertSquare(matrix: Float64Array, n: number, name: string): void {
  assertValues(matrix, name);
  assertArgument(
    Number.isInteger(n) && n >= 1 && matrix.length === n * n,
    `${name} must hold n × n = ${n} × ${n} values, got ${matrix.length}`,
  );
}
