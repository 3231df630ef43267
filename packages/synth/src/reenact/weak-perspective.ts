import { FreeAvatarError, assertArgument } from '@freeavatar/core';
import { assertNumbers } from '../arguments.js';

/**
 * A weak-perspective (scaled orthographic) camera: image point = `scale · R₂ · p + t`, where
 * `R₂` holds the first two rows of a rotation. `linear` is `scale · R₂`, row-major 2 × 3.
 *
 * @example
 * ```ts
 * declare const model: Float32Array; // x y z per point
 * declare const image: Float32Array; // x y per point, same count
 * const { linear, translation, scale }: WeakPerspective = fitWeakPerspective(model, image);
 * ```
 */
export interface WeakPerspective {
  /** `scale · R₂`, row-major: `[a, b, c, d, e, f]` maps `(x, y, z)` to `(a x + b y + c z, d x + e y + f z)`. */
  linear: Float64Array;
  /** Image position of the model origin, pixels. */
  translation: [number, number];
  /** Pixels per model unit. */
  scale: number;
  /** Root-mean-square distance between the projected model points and the image points, pixels. */
  rmsError: number;
}

/** Solves the 4 × 4 system `m · x = b` (Gaussian elimination with partial pivoting). */
function solve4(m: Float64Array, b: Float64Array): Float64Array | undefined {
  const a = Float64Array.from(m);
  const x = Float64Array.from(b);
  for (let col = 0; col < 4; col++) {
    let pivot = col;
    for (let r = col + 1; r < 4; r++)
      if (Math.abs(a[r * 4 + col]) > Math.abs(a[pivot * 4 + col])) pivot = r;
    if (Math.abs(a[pivot * 4 + col]) < 1e-12) return undefined;
    if (pivot !== col) {
      for (let k = 0; k < 4; k++) {
        const tmp = a[col * 4 + k];
        a[col * 4 + k] = a[pivot * 4 + k];
        a[pivot * 4 + k] = tmp;
      }
      const tmp = x[col];
      x[col] = x[pivot];
      x[pivot] = tmp;
    }
    for (let r = 0; r < 4; r++) {
      if (r === col) continue;
      const f = a[r * 4 + col] / a[col * 4 + col];
      if (f === 0) continue;
      for (let k = col; k < 4; k++) a[r * 4 + k] -= f * a[col * 4 + k];
      x[r] -= f * x[col];
    }
  }
  for (let r = 0; r < 4; r++) x[r] /= a[r * 4 + r];
  return x;
}

/**
 * Fits a {@link WeakPerspective} camera that projects 3-D model points onto their 2-D image
 * positions: a least-squares affine camera first, then its 2 × 3 part replaced by the nearest
 * scaled rotation (`s · (M Mᵀ)^{-1/2} M` with `s` the mean singular value), so shears that
 * come from the subject's face shape or expression do not skew the projected deltas.
 *
 * @param model - x y z per point.
 * @param image - x y per point, same count.
 * @param weights - Optional non-negative weight per point (e.g. 0 for points that move with
 *   expression).
 * @throws FreeAvatarError when the counts differ, fewer than 4 points carry weight, or the
 *   points are degenerate (all on a line).
 * @example
 * ```ts
 * import { fitWeakPerspective, loadCanonicalFace } from '@freeavatar/synth';
 * declare const landmarks2d: Float32Array; // the photo's 468 landmarks, x y per point
 * const { positions } = loadCanonicalFace();
 * const camera = fitWeakPerspective(positions, landmarks2d);
 * console.log(camera.scale, 'px per cm');
 * ```
 */
export function fitWeakPerspective(
  model: ArrayLike<number>,
  image: ArrayLike<number>,
  weights?: ArrayLike<number>,
): WeakPerspective {
  assertNumbers(model, 'model');
  assertNumbers(image, 'image');
  if (weights !== undefined) assertNumbers(weights, 'weights');
  const n = model.length / 3;
  assertArgument(
    Number.isInteger(n) && image.length === 2 * n,
    `model must hold x y z and image x y for the same points, got ${model.length} and ${image.length} numbers`,
  );
  assertArgument(
    weights === undefined || weights.length === n,
    `weights must have one entry per point (${n}), got ${weights?.length}`,
  );
  const normal = new Float64Array(16);
  const rhsX = new Float64Array(4);
  const rhsY = new Float64Array(4);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    assertArgument(Number.isFinite(w) && w >= 0, `weight ${i} must be ≥ 0, got ${w}`);
    if (w === 0) continue;
    used++;
    const row = [model[3 * i], model[3 * i + 1], model[3 * i + 2], 1];
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) normal[r * 4 + c] += w * row[r] * row[c];
      rhsX[r] += w * row[r] * image[2 * i];
      rhsY[r] += w * row[r] * image[2 * i + 1];
    }
  }
  assertArgument(used >= 4, `at least 4 points need a positive weight, got ${used}`);
  const px = solve4(normal, rhsX);
  const py = solve4(normal, rhsY);
  if (!px || !py)
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'cannot fit a camera: the model points are degenerate (coplanar through the origin or collinear)',
    );
  // Nearest scaled rotation rows: s (M Mᵀ)^{-1/2} M.
  const m = [px[0], px[1], px[2], py[0], py[1], py[2]];
  const g00 = m[0] * m[0] + m[1] * m[1] + m[2] * m[2];
  const g01 = m[0] * m[3] + m[1] * m[4] + m[2] * m[5];
  const g11 = m[3] * m[3] + m[4] * m[4] + m[5] * m[5];
  const root = Math.sqrt(((g00 - g11) / 2) ** 2 + g01 * g01);
  const l1 = (g00 + g11) / 2 + root;
  const l2 = Math.max((g00 + g11) / 2 - root, 0);
  const s1 = Math.sqrt(l1);
  const s2 = Math.sqrt(l2);
  if (s2 < 1e-9 * Math.max(1, s1))
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'cannot fit a camera: the image points are collinear',
    );
  // (G)^{-1/2} for the symmetric 2 × 2 G = M Mᵀ, through its square root: √G = (G + √det I)/τ.
  const sqrtDet = s1 * s2;
  const tau = Math.sqrt(g00 + g11 + 2 * sqrtDet);
  const r00 = (g00 + sqrtDet) / tau;
  const r01 = g01 / tau;
  const r11 = (g11 + sqrtDet) / tau;
  const rDet = r00 * r11 - r01 * r01;
  const q00 = r11 / rDet;
  const q01 = -r01 / rDet;
  const q11 = r00 / rDet;
  const scale = (s1 + s2) / 2;
  const linear = new Float64Array(6);
  for (let c = 0; c < 3; c++) {
    linear[c] = scale * (q00 * m[c] + q01 * m[3 + c]);
    linear[3 + c] = scale * (q01 * m[c] + q11 * m[3 + c]);
  }
  // Translation: the weighted mean residual after the linear part.
  let tx = 0;
  let ty = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    const [x, y, z] = [model[3 * i], model[3 * i + 1], model[3 * i + 2]];
    tx += w * (image[2 * i] - (linear[0] * x + linear[1] * y + linear[2] * z));
    ty += w * (image[2 * i + 1] - (linear[3] * x + linear[4] * y + linear[5] * z));
    total += w;
  }
  tx /= total;
  ty /= total;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    const [x, y, z] = [model[3 * i], model[3 * i + 1], model[3 * i + 2]];
    const ex = linear[0] * x + linear[1] * y + linear[2] * z + tx - image[2 * i];
    const ey = linear[3] * x + linear[4] * y + linear[5] * z + ty - image[2 * i + 1];
    sq += w * (ex * ex + ey * ey);
  }
  return { linear, translation: [tx, ty], scale, rmsError: Math.sqrt(sq / total) };
}
