import { FreeAvatarError, assertArgument, assertObject, describeValue } from '@freeavatar/core';
import {
  FACE_LANDMARKS,
  LANDMARK_COUNT,
  estimateHeadPose,
  type HeadPose,
  type Point3,
} from '@freeavatar/face-crop';

/**
 * Face-mesh landmarks that expressions barely move (eye corners and the bridge of the nose):
 * their mean is the origin of {@link expressionGeometry}'s frame.
 *
 * @example
 * ```ts
 * import type { DetectedFace } from '@freeavatar/face-crop';
 * declare const face: DetectedFace;
 * const anchors = GEOMETRY_ANCHORS.map((i) => face.landmarks[i]);
 * ```
 */
export const GEOMETRY_ANCHORS: readonly number[] = [
  FACE_LANDMARKS.rightEyeOuter,
  FACE_LANDMARKS.rightEyeInner,
  FACE_LANDMARKS.leftEyeInner,
  FACE_LANDMARKS.leftEyeOuter,
  168,
  6,
  197,
  195,
  5,
  4,
];

/** Length of an {@link expressionGeometry} vector: 468 points × 3 coordinates. */
export const GEOMETRY_FEATURE_LENGTH = LANDMARK_COUNT * 3;

/**
 * Options of {@link expressionGeometry}.
 *
 * @example
 * ```ts
 * import type { DetectedFace } from '@freeavatar/face-crop';
 * declare const neutralFace: DetectedFace;
 * const neutral = expressionGeometry(neutralFace.landmarks);
 * const options: GeometryOptions = { reference: neutral };
 * ```
 */
export interface GeometryOptions {
  /**
   * A geometry to subtract ({@link GEOMETRY_FEATURE_LENGTH} numbers in the same frame), e.g. the
   * mean geometry of neutral or training faces: the result is then the displacement from it,
   * which suits cosine comparisons. Default: none (absolute normalised geometry).
   */
  reference?: ArrayLike<number>;
}

/**
 * The rotation `R = Ry(yaw) · Rx(−pitch) · Rz(roll)` of a face-crop `HeadPose` (degrees), in the
 * frame x right, y up, z towards the viewer: the rotation `estimateHeadPose` measured from the
 * canonical frontal face to the observed one. Row-major 3×3.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `pose` is not an object with numbers `yaw`,
 *   `pitch` and `roll`.
 * @example
 * ```ts
 * const r = poseRotation({ yaw: 0, pitch: 0, roll: 90 }); // a quarter turn about z
 * ```
 */
export function poseRotation(pose: HeadPose): number[][] {
  assertObject(pose, 'pose');
  for (const angle of ['yaw', 'pitch', 'roll'] as const) {
    assertArgument(
      typeof pose[angle] === 'number',
      `pose.${angle} must be a number, got ${describeValue(pose[angle])}`,
    );
  }
  const rad = Math.PI / 180;
  const [cy, sy] = [Math.cos(pose.yaw * rad), Math.sin(pose.yaw * rad)];
  const [cp, sp] = [Math.cos(-pose.pitch * rad), Math.sin(-pose.pitch * rad)];
  const [cr, sr] = [Math.cos(pose.roll * rad), Math.sin(pose.roll * rad)];
  const ry = [
    [cy, 0, sy],
    [0, 1, 0],
    [-sy, 0, cy],
  ];
  const rx = [
    [1, 0, 0],
    [0, cp, -sp],
    [0, sp, cp],
  ];
  const rz = [
    [cr, -sr, 0],
    [sr, cr, 0],
    [0, 0, 1],
  ];
  const mul = (a: number[][], b: number[][]): number[][] =>
    a.map((row) => [0, 1, 2].map((c) => row[0] * b[0][c] + row[1] * b[1][c] + row[2] * b[2][c]));
  return mul(mul(ry, rx), rz);
}

function assertLandmarks(landmarks: readonly Point3[]): void {
  if (!Array.isArray(landmarks) || landmarks.length !== LANDMARK_COUNT) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `expressionGeometry needs ${LANDMARK_COUNT} [x, y, z] landmarks, got ${Array.isArray(landmarks) ? `${landmarks.length} points` : String(landmarks)}`,
    );
  }
  landmarks.forEach((p, i) => {
    if (!Array.isArray(p) || p.length < 3 || !p.slice(0, 3).every((v) => Number.isFinite(v))) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `landmarks[${i}] must be 3 finite numbers [x, y, z], got ${JSON.stringify(p)}`,
      );
    }
  });
}

/** Throws `INVALID_ARGUMENT` unless `reference` is absent or 1,404 finite numbers. */
export function checkReference(reference: ArrayLike<number> | undefined): void {
  if (reference === undefined) return;
  if (reference === null || reference.length !== GEOMETRY_FEATURE_LENGTH) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `reference must hold ${GEOMETRY_FEATURE_LENGTH} numbers (468 points × 3), got ${reference === null ? 'null' : String(reference.length)}`,
    );
  }
  for (let i = 0; i < reference.length; i++) {
    if (!Number.isFinite(reference[i])) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `reference[${i}] must be a finite number, got ${String(reference[i])}`,
      );
    }
  }
}

/**
 * Expression features from face-mesh geometry, the landmark-based peer of the expression
 * encoder: the 468 landmarks (image coordinates, as `DetectedFace.landmarks` gives them) with
 * head pose, position and size removed.
 *
 * 1. Points go to the frame x right, y up, z towards the viewer.
 * 2. The head rotation is measured by `estimateHeadPose` of `@freeavatar/face-crop` (a weighted
 *    Procrustes fit of the canonical frontal mesh on its rigid points) and undone.
 * 3. The origin moves to the mean of the {@link GEOMETRY_ANCHORS} (eye corners, nose bridge).
 * 4. Lengths are divided by the 3D inter-ocular distance (outer eye corners), so units are
 *    "eye distances".
 * 5. `options.reference`, when given, is subtracted.
 *
 * The result, `[x0, y0, z0, x1, …]` ({@link GEOMETRY_FEATURE_LENGTH} numbers), is unchanged by
 * in-plane rotation, scaling and translation of the image up to landmark noise; out-of-plane
 * rotation is undone as far as the mesh's depth estimate allows.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` unless given 468 finite `[x, y, z]` points, or when
 *   `reference` has the wrong length, or the eye corners coincide.
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const [face] = await cropper.detect('smile.png');
 * const geometry = expressionGeometry(face.landmarks); // Float32Array(1404)
 * ```
 */
export function expressionGeometry(
  landmarks: readonly Point3[],
  options: GeometryOptions = {},
): Float32Array {
  assertLandmarks(landmarks);
  const { reference } = options;
  checkReference(reference);
  const r = poseRotation(estimateHeadPose(landmarks));
  const point = (i: number): [number, number, number] => {
    const [x, y, z] = landmarks[i];
    return [x, -y, -z];
  };
  const centre = [0, 0, 0];
  for (const i of GEOMETRY_ANCHORS) {
    const p = point(i);
    for (let k = 0; k < 3; k++) centre[k] += p[k] / GEOMETRY_ANCHORS.length;
  }
  const a = point(FACE_LANDMARKS.rightEyeOuter);
  const b = point(FACE_LANDMARKS.leftEyeOuter);
  const eyeDistance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  if (!(eyeDistance > 1e-9)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `The outer eye corners (landmarks ${FACE_LANDMARKS.rightEyeOuter} and ${FACE_LANDMARKS.leftEyeOuter}) coincide; cannot normalise the scale`,
    );
  }
  const out = new Float32Array(GEOMETRY_FEATURE_LENGTH);
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const p = point(i);
    const d = [p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]];
    for (let k = 0; k < 3; k++) {
      // Rᵀ·d: undo the head rotation.
      const v = (r[0][k] * d[0] + r[1][k] * d[1] + r[2][k] * d[2]) / eyeDistance;
      out[3 * i + k] = reference === undefined ? v : v - reference[3 * i + k];
    }
  }
  return out;
}
