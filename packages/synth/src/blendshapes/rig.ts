import { assertArgument, assertObject, describeValue } from '@freeavatar/core';
import { assertNumbers } from '../arguments.js';
import type { Vec3 } from '../face/face-template.js';
import { ARKIT_BLENDSHAPE_COUNT, blendshapeIndex } from './arkit.js';

const DEG = Math.PI / 180;

/**
 * The rigid motions behind the jaw, gaze and tongue blendshapes, at weight 1. Lengths in cm,
 * angles in radians.
 *
 * @example
 * ```ts
 * const maxJawDegrees = (RIG_LIMITS.jawOpenAngle * 180) / Math.PI; // 18
 * ```
 */
export const RIG_LIMITS = {
  /** jawOpen: rotation of the lower jaw about the hinge (x axis). */
  jawOpenAngle: 18 * DEG,
  /**
   * jawOpen: the hinge also glides forward and down as the jaw opens (as the condyle does), so
   * the chin drops rather than swinging back.
   */
  jawOpenGlide: [0, -0.4, 2.0] as readonly [number, number, number],
  /** jawForward: forward (+z) shift of the lower jaw. */
  jawForward: 0.6,
  /** jawLeft / jawRight: sideways shift of the lower jaw. */
  jawSide: 0.55,
  /** eyeLookIn*: eye rotation towards the nose. */
  gazeIn: 30 * DEG,
  /** eyeLookOut*: eye rotation away from the nose. */
  gazeOut: 32 * DEG,
  /** eyeLookUp*: eye rotation up. */
  gazeUp: 25 * DEG,
  /** eyeLookDown*: eye rotation down. */
  gazeDown: 30 * DEG,
  /** tongueOut: how far the tongue tip moves forward. */
  tongueOut: 2.4,
  /** tongueOut also opens the jaw by this fraction of jawOpen, so the tongue passes the teeth. */
  tongueJawOpen: 0.25,
} as const;

/**
 * A 3-D affine map `p → m · p + t`, `m` row-major 3 × 3.
 *
 * @example
 * ```ts
 * const jaw: Affine = jawAffine(toWeightVector({ jawOpen: 1 }), createFaceTemplate().jawPivot);
 * ```
 */
export interface Affine {
  m: Float64Array;
  t: Vec3;
}

/**
 * Applies an affine map to packed xyz positions in place (or into `out`).
 *
 * @example
 * ```ts
 * const { template } = getDefaultFaceModel();
 * const teeth = new Float32Array([0, -4.5, 4.5]);
 * applyAffine(jawAffine(toWeightVector({ jawOpen: 0.5 }), template.jawPivot), teeth);
 * ```
 */
export function applyAffine(
  affine: Affine,
  positions: Float32Array,
  out = positions,
): Float32Array {
  assertObject(affine, 'affine');
  assertNumbers(affine.m, 'affine.m', 9);
  assertNumbers(affine.t, 'affine.t', 3);
  assertNumbers(positions, 'positions');
  assertNumbers(out, 'out');
  assertArgument(
    out.length >= positions.length,
    `out must hold ${positions.length} numbers, got ${out.length}`,
  );
  const { m, t } = affine;
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i];
    const y = positions[i + 1];
    const z = positions[i + 2];
    out[i] = m[0] * x + m[1] * y + m[2] * z + t[0];
    out[i + 1] = m[3] * x + m[4] * y + m[5] * z + t[1];
    out[i + 2] = m[6] * x + m[7] * y + m[8] * z + t[2];
  }
  return out;
}

/**
 * The lower jaw's motion for a weight vector: the weighted sum of each jaw shape's rigid motion
 * (linear in the weights, exactly as the skin's blendshape displacements are).
 *
 * @example
 * ```ts
 * const { template } = getDefaultFaceModel();
 * const jaw = jawAffine(toWeightVector({ jawOpen: 1, jawLeft: 0.3 }), template.jawPivot);
 * ```
 */
export function jawAffine(weights: ArrayLike<number>, pivot: Vec3): Affine {
  assertNumbers(weights, 'weights', ARKIT_BLENDSHAPE_COUNT);
  assertNumbers(pivot, 'pivot', 3);
  const open =
    weights[blendshapeIndex('jawOpen')] +
    RIG_LIMITS.tongueJawOpen * weights[blendshapeIndex('tongueOut')];
  const c = Math.cos(RIG_LIMITS.jawOpenAngle);
  const s = Math.sin(RIG_LIMITS.jawOpenAngle);
  // Rotation about x through the pivot: p' = R (p − c) + c; its displacement is linear in `open`.
  const m = new Float64Array([
    1,
    0,
    0,
    0,
    1 + open * (c - 1),
    -open * s,
    0,
    open * s,
    1 + open * (c - 1),
  ]);
  const ty = pivot[1] - (c * pivot[1] - s * pivot[2]);
  const tz = pivot[2] - (s * pivot[1] + c * pivot[2]);
  const side = weights[blendshapeIndex('jawLeft')] - weights[blendshapeIndex('jawRight')];
  return {
    m,
    t: [
      side * RIG_LIMITS.jawSide,
      open * (ty + RIG_LIMITS.jawOpenGlide[1]),
      open * (tz + RIG_LIMITS.jawOpenGlide[2]) +
        weights[blendshapeIndex('jawForward')] * RIG_LIMITS.jawForward,
    ],
  };
}

/**
 * Eye rotation: `yaw` > 0 turns towards +x (the subject's left), `pitch` > 0 turns up.
 *
 * @example
 * ```ts
 * const { left }: { left: EyeRotation } = eyeRotations(toWeightVector({ eyeLookDownLeft: 1 }));
 * ```
 */
export interface EyeRotation {
  yaw: number;
  pitch: number;
}

/**
 * Gaze of both eyes from the eyeLook* weights.
 *
 * @example
 * ```ts
 * import { eyeRotations, toWeightVector } from '@freeavatar/synth';
 * const { left } = eyeRotations(toWeightVector({ eyeLookOutLeft: 1 })); // left.yaw ≈ +0.56 rad
 * ```
 */
export function eyeRotations(weights: ArrayLike<number>): {
  left: EyeRotation;
  right: EyeRotation;
} {
  assertNumbers(weights, 'weights', ARKIT_BLENDSHAPE_COUNT);
  const w = (name: string): number => weights[blendshapeIndex(name)];
  const pitch = (side: string): number =>
    w(`eyeLookUp${side}`) * RIG_LIMITS.gazeUp - w(`eyeLookDown${side}`) * RIG_LIMITS.gazeDown;
  return {
    left: {
      yaw: w('eyeLookOutLeft') * RIG_LIMITS.gazeOut - w('eyeLookInLeft') * RIG_LIMITS.gazeIn,
      pitch: pitch('Left'),
    },
    right: {
      yaw: w('eyeLookInRight') * RIG_LIMITS.gazeIn - w('eyeLookOutRight') * RIG_LIMITS.gazeOut,
      pitch: pitch('Right'),
    },
  };
}

/**
 * Row-major rotation matrix turning +z into the gaze direction of `rotation`.
 *
 * @example
 * ```ts
 * const m = eyeRotationMatrix({ yaw: 0.3, pitch: -0.1 });
 * const gaze = [m[2], m[5], m[8]];
 * ```
 */
export function eyeRotationMatrix(rotation: EyeRotation): Float64Array {
  assertObject(rotation, 'rotation');
  for (const key of ['yaw', 'pitch'] as const) {
    assertArgument(
      typeof rotation[key] === 'number',
      `rotation.${key} must be a number (radians), got ${describeValue(rotation[key])}`,
    );
  }
  const cy = Math.cos(rotation.yaw);
  const sy = Math.sin(rotation.yaw);
  const cp = Math.cos(rotation.pitch);
  const sp = Math.sin(rotation.pitch);
  // R = Ry(yaw) · Rx(−pitch)
  return new Float64Array([cy, -sy * sp, sy * cp, 0, cp, sp, -sy, -cy * sp, cy * cp]);
}
