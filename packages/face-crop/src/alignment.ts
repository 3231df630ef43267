import {
  FreeAvatarError,
  assertArgument,
  assertArray,
  describeValue,
  type RgbImage,
} from '@freeavatar/core';
import { invertAffine } from './affine.js';
import { CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { FACE_LANDMARKS } from './landmarks.js';
import { warpAffine, type ImagePyramid } from './sampling.js';
import type { Affine2D, FaceAlignment, Point2, Point3 } from './types.js';

export type { FaceAlignment } from './types.js';

/**
 * Every {@link FaceAlignment}, the default first.
 *
 * @example
 * ```ts
 * FACE_ALIGNMENTS.includes('eyes-nose'); // true
 * ```
 */
export const FACE_ALIGNMENTS: readonly FaceAlignment[] = ['eyes-mouth', 'eyes-nose'];

/**
 * The landmarks of the `'eyes-mouth'` alignment: eye corners and mouth corners, in the order of
 * {@link alignmentTemplate}.
 *
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * const points = ALIGNMENT_LANDMARKS.map((i) => face.cropLandmarks[i]);
 * ```
 */
export const ALIGNMENT_LANDMARKS = [
  FACE_LANDMARKS.rightEyeOuter,
  FACE_LANDMARKS.rightEyeInner,
  FACE_LANDMARKS.leftEyeInner,
  FACE_LANDMARKS.leftEyeOuter,
  FACE_LANDMARKS.mouthRight,
  FACE_LANDMARKS.mouthLeft,
] as const;

const EYES_NOSE_LANDMARKS = [
  FACE_LANDMARKS.rightEyeOuter,
  FACE_LANDMARKS.rightEyeInner,
  FACE_LANDMARKS.leftEyeInner,
  FACE_LANDMARKS.leftEyeOuter,
  FACE_LANDMARKS.noseBridge,
  FACE_LANDMARKS.noseBase,
] as const;

/**
 * Checks that `alignment` names a {@link FaceAlignment}.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the value and the known alignments.
 * @example
 * ```ts
 * assertFaceAlignment('eyes-nose'); // passes
 * ```
 */
export function assertFaceAlignment(alignment: unknown): asserts alignment is FaceAlignment {
  if (!(FACE_ALIGNMENTS as readonly unknown[]).includes(alignment)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `alignment must be one of ${FACE_ALIGNMENTS.join(', ')}, got ${JSON.stringify(alignment)}`,
      { subject: 'alignment' },
    );
  }
}

/**
 * The landmark indices an alignment fits, in the order of {@link alignmentTemplate}.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown alignment.
 * @example
 * ```ts
 * alignmentLandmarks('eyes-nose'); // [33, 133, 362, 263, 168, 2]
 * ```
 */
export function alignmentLandmarks(alignment: FaceAlignment = 'eyes-mouth'): readonly number[] {
  assertFaceAlignment(alignment);
  return alignment === 'eyes-nose' ? EYES_NOSE_LANDMARKS : ALIGNMENT_LANDMARKS;
}

/** Share of the crop height between the forehead-top and chin landmarks of the canonical face. */
export const FACE_HEIGHT_SHARE = 0.84;

function canonical(i: number): [number, number] {
  return [CANONICAL_FACE_POSITIONS[3 * i], CANONICAL_FACE_POSITIONS[3 * i + 1]];
}

/**
 * Where an alignment's landmarks ({@link alignmentLandmarks}) go in a `cropSize²` crop: the
 * canonical frontal face mesh, upright, centred, scaled so that forehead top to chin spans 84% of
 * the crop height. Both alignments share this frame, so a neutral face is cropped alike by both.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown alignment.
 * @example
 * ```ts
 * const template = alignmentTemplate(112); // 6 [x, y] points in crop pixels
 * const noseTemplate = alignmentTemplate(64, 'eyes-nose');
 * ```
 */
export function alignmentTemplate(
  cropSize: number,
  alignment: FaceAlignment = 'eyes-mouth',
): Point2[] {
  const top = canonical(FACE_LANDMARKS.foreheadTop)[1];
  const bottom = canonical(FACE_LANDMARKS.chin)[1];
  const k = (FACE_HEIGHT_SHARE * cropSize) / (top - bottom);
  const midY = (top + bottom) / 2;
  return alignmentLandmarks(alignment).map((i) => {
    const [x, y] = canonical(i);
    return [cropSize / 2 + k * x, cropSize / 2 - k * (y - midY)] as Point2;
  });
}

/**
 * The least-squares similarity (rotation, uniform scale, translation; no reflection) taking
 * `from[i]` to `to[i]` (Umeyama's method in 2D).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for lists that are not arrays of `[x, y]` points,
 *   fewer than 2 pairs, unequal lengths or coincident source points.
 * @example
 * ```ts
 * const m = fitSimilarity([[0, 0], [1, 0]], [[10, 10], [10, 12]]);
 * // m ≈ [[0, -2, 10], [2, 0, 10]]: scale 2, a quarter turn, then a shift
 * ```
 */
export function fitSimilarity(
  from: readonly (readonly number[])[],
  to: readonly (readonly number[])[],
): Affine2D {
  assertPoints(from, 'from');
  assertPoints(to, 'to');
  if (from.length !== to.length || from.length < 2) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `fitSimilarity needs two equal lists of at least 2 points, got ${from.length} and ${to.length}`,
    );
  }
  const n = from.length;
  let px = 0;
  let py = 0;
  let qx = 0;
  let qy = 0;
  for (let i = 0; i < n; i++) {
    px += from[i][0] / n;
    py += from[i][1] / n;
    qx += to[i][0] / n;
    qy += to[i][1] / n;
  }
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const ux = from[i][0] - px;
    const uy = from[i][1] - py;
    const vx = to[i][0] - qx;
    const vy = to[i][1] - qy;
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
    norm += ux * ux + uy * uy;
  }
  if (!(norm > 1e-12))
    throw new FreeAvatarError('INVALID_ARGUMENT', 'fitSimilarity: the source points coincide');
  const a = dot / norm;
  const b = cross / norm;
  return [
    [a, -b, qx - (a * px - b * py)],
    [b, a, qy - (b * px + a * py)],
  ];
}

function assertPoints(points: readonly (readonly number[])[], name: string): void {
  assertArray(points, name);
  points.forEach((point, i) =>
    assertArgument(
      (Array.isArray(point) || ArrayBuffer.isView(point)) && point.length >= 2,
      `${name}[${i}] must be a point [x, y], got ${describeValue(point)}`,
    ),
  );
}

/** The similarity from image to crop that puts a face's landmarks on the template. */
export function alignmentTransform(
  landmarks: readonly Point3[],
  cropSize: number,
  alignment: FaceAlignment = 'eyes-mouth',
): Affine2D {
  return fitSimilarity(
    alignmentLandmarks(alignment).map((i) => landmarks[i]),
    alignmentTemplate(cropSize, alignment),
  );
}

/** Cuts the aligned `cropSize²` crop out of the image through `transform` (image → crop). */
export function warpCrop(pyramid: ImagePyramid, transform: Affine2D, cropSize: number): RgbImage {
  const values = new Float32Array(cropSize * cropSize * 3);
  warpAffine(pyramid, invertAffine(transform), {
    width: cropSize,
    height: cropSize,
    data: values,
    scale: 1,
    offset: 0,
  });
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.round(values[i]);
  return { width: cropSize, height: cropSize, data };
}

/** Landmarks in crop coordinates: x, y through `transform`, z scaled by its scale. */
export function landmarksToCrop(landmarks: readonly Point3[], transform: Affine2D): Point3[] {
  const [[a, b, c], [d, e, f]] = transform;
  const scale = Math.hypot(a, d);
  return landmarks.map(([x, y, z]) => [a * x + b * y + c, d * x + e * y + f, z * scale]);
}
