import { FreeAvatarError, assertArgument, describeValue } from '@freeavatar/core';
import type { Affine2D, Point2 } from './types.js';

const isRow = (row: unknown, length: number): boolean =>
  (Array.isArray(row) || ArrayBuffer.isView(row)) && (row as ArrayLike<unknown>).length >= length;

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `m` is a 2×3 matrix: two rows of three values
 * (more are ignored, as the functions here ignore them).
 */
export function assertAffine(m: Affine2D, name: string): void {
  assertArgument(
    Array.isArray(m) && m.length >= 2 && isRow(m[0], 3) && isRow(m[1], 3),
    `${name} must be a 2×3 affine matrix [[a, b, c], [d, e, f]], got ${describeValue(m)}`,
  );
}

/**
 * Applies a 2×3 affine matrix to a point.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `m` is not a 2×3 matrix or `p` not a point.
 * @example
 * ```ts
 * applyAffine([[2, 0, 1], [0, 2, 0]], [3, 4]); // [7, 8]
 * ```
 */
export function applyAffine(m: Affine2D, p: readonly [number, number, ...number[]]): Point2 {
  assertAffine(m, 'm');
  assertArgument(isRow(p, 2), `p must be a point [x, y], got ${describeValue(p)}`);
  const [x, y] = p;
  return [m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2]];
}

/**
 * Inverts a 2×3 affine matrix.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `m` is not a 2×3 matrix or is singular.
 * @example
 * ```ts
 * invertAffine([[2, 0, 1], [0, 2, 0]]); // [[0.5, 0, -0.5], [0, 0.5, 0]]
 * ```
 */
export function invertAffine(m: Affine2D): Affine2D {
  assertAffine(m, 'm');
  const [[a, b, c], [d, e, f]] = m;
  const det = a * e - b * d;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `affine matrix is not invertible (determinant ${det})`,
    );
  }
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [
    [ia, ib, -(ia * c + ib * f)],
    [id, ie, -(id * c + ie * f)],
  ];
}

/**
 * `outer ∘ inner`: first `inner`, then `outer`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `outer` or `inner` is not a 2×3 matrix.
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * declare const otherTransform: Affine2D; // image → the other crop
 * // How far face-crop's crop lies from another crop of the same image: other crop → face-crop's.
 * const residual = composeAffine(face.transform, invertAffine(otherTransform));
 * ```
 */
export function composeAffine(outer: Affine2D, inner: Affine2D): Affine2D {
  assertAffine(outer, 'outer');
  assertAffine(inner, 'inner');
  const [[a, b, c], [d, e, f]] = outer;
  const [[p, q, r], [s, t, u]] = inner;
  return [
    [a * p + b * s, a * q + b * t, a * r + b * u + c],
    [d * p + e * s, d * q + e * t, d * r + e * u + f],
  ];
}

/** The linear scale of an affine map: the square root of the absolute determinant. */
export function affineScale(m: Affine2D): number {
  return Math.sqrt(Math.abs(m[0][0] * m[1][1] - m[0][1] * m[1][0]));
}

/**
 * The similarity that maps image point `center` to `target`, scales by `scale` and rotates by
 * `angle` radians (counter-clockwise in a y-up frame, i.e. clockwise on screen).
 */
export function similarityAbout(
  center: Point2,
  scale: number,
  angle: number,
  target: Point2,
): Affine2D {
  const a = scale * Math.cos(angle);
  const b = scale * Math.sin(angle);
  return [
    [a, -b, target[0] - (a * center[0] - b * center[1])],
    [b, a, target[1] - (b * center[0] + a * center[1])],
  ];
}
