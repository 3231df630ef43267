import { FreeAvatarError } from '@freeavatar/core';
import { CANONICAL_FACE_BASIS, CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { LANDMARK_COUNT } from './landmarks.js';
import type { HeadPose, Point3 } from './types.js';

type Mat3 = [[number, number, number], [number, number, number], [number, number, number]];

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations; returns the eigenvector of the largest eigenvalue. */
function principalEigenvector(m: number[][]): number[] {
  const n = m.length;
  const a = m.map((row) => [...row]);
  const v: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-30) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (a[i][i] > a[best][best]) best = i;
  return v.map((row) => row[best]);
}

/**
 * The rotation that best maps the weighted, centred points `from` onto `to` (Horn's closed-form
 * quaternion solution of the orthogonal Procrustes problem).
 */
export function fitRotation(
  from: readonly number[][],
  to: readonly number[][],
  weights: readonly number[],
): Mat3 {
  const centroid = (pts: readonly number[][]): number[] => {
    const c = [0, 0, 0];
    let total = 0;
    pts.forEach((p, i) => {
      for (let k = 0; k < 3; k++) c[k] += weights[i] * p[k];
      total += weights[i];
    });
    return c.map((v) => v / total);
  };
  const cf = centroid(from);
  const ct = centroid(to);
  const s = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  from.forEach((p, i) => {
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) s[3 * r + c] += weights[i] * (p[r] - cf[r]) * (to[i][c] - ct[c]);
  });
  const [xx, xy, xz, yx, yy, yz, zx, zy, zz] = s;
  const [w, x, y, z] = principalEigenvector([
    [xx + yy + zz, yz - zy, zx - xz, xy - yx],
    [yz - zy, xx - yy - zz, xy + yx, zx + xz],
    [zx - xz, xy + yx, -xx + yy - zz, yz + zy],
    [xy - yx, zx + xz, yz + zy, -xx - yy + zz],
  ]);
  return [
    [w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y)],
    [2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x)],
    [2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z],
  ];
}

/**
 * Yaw, pitch and roll (degrees) of a rotation `R = Ry(yaw) · Rx(−pitch) · Rz(roll)` in a frame
 * with x to the viewer's right, y up and z towards the viewer.
 */
export function rotationToPose(r: Mat3): HeadPose {
  const deg = 180 / Math.PI;
  return {
    yaw: Math.atan2(r[0][2], r[2][2]) * deg,
    pitch: Math.asin(Math.max(-1, Math.min(1, r[1][2]))) * deg,
    roll: Math.atan2(r[1][0], r[1][1]) * deg,
  };
}

/**
 * Estimates head rotation from 468 face-mesh landmarks in image coordinates: the rotation that
 * best fits the rigid landmarks (forehead, nose, eye sockets, cheeks; MediaPipe's weighted
 * Procrustes basis) of the canonical frontal face onto the observed 3D landmarks. Signs are
 * those of {@link HeadPose}.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` unless given 468 `[x, y, z]` points.
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * const { yaw, pitch, roll } = estimateHeadPose(face.landmarks);
 * if (Math.abs(yaw) < 15) console.log('roughly frontal');
 * ```
 */
export function estimateHeadPose(landmarks: readonly Point3[]): HeadPose {
  if (
    !Array.isArray(landmarks) ||
    landmarks.length !== LANDMARK_COUNT ||
    landmarks.some((p) => !Array.isArray(p) || p.length < 3)
  ) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `estimateHeadPose needs ${LANDMARK_COUNT} [x, y, z] landmarks, got ${Array.isArray(landmarks) ? landmarks.length : typeof landmarks}`,
    );
  }
  const from: number[][] = [];
  const to: number[][] = [];
  const weights: number[] = [];
  for (const [i, weight] of CANONICAL_FACE_BASIS) {
    from.push([
      CANONICAL_FACE_POSITIONS[3 * i],
      CANONICAL_FACE_POSITIONS[3 * i + 1],
      CANONICAL_FACE_POSITIONS[3 * i + 2],
    ]);
    const [x, y, z] = landmarks[i];
    // Image frame (y down, z away from the camera) to the canonical frame (y up, z towards it).
    to.push([x, -y, -z]);
    weights.push(weight);
  }
  return rotationToPose(fitRotation(from, to, weights));
}
