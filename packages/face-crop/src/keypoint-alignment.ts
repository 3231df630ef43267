import { assertArgument } from '@freeavatar/core';
import { invertAffine } from './affine.js';
import { FACE_HEIGHT_SHARE, fitSimilarity } from './alignment.js';
import { CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { FACE_LANDMARKS } from './landmarks.js';
import type { Affine2D, Point2, Point3 } from './types.js';

/** Landmark groups whose mean is where each used detector keypoint sits on the canonical face. */
const KEYPOINT_LANDMARKS: readonly (readonly number[])[] = [
  [FACE_LANDMARKS.rightEyeOuter, FACE_LANDMARKS.rightEyeInner],
  [FACE_LANDMARKS.leftEyeInner, FACE_LANDMARKS.leftEyeOuter],
  [FACE_LANDMARKS.noseTip],
  [FACE_LANDMARKS.upperLip, FACE_LANDMARKS.lowerLip],
];

/** How many of the detector's keypoints (eyes, nose tip, mouth; not the ears) align a face. */
export const ALIGNING_KEYPOINTS = KEYPOINT_LANDMARKS.length;

/**
 * The canonical face in crop pixels: all 468 landmarks placed like {@link alignmentTemplate}
 * places the eye and mouth corners (z scaled like x and y, nearer is smaller).
 *
 * @example
 * ```ts
 * const template = canonicalCropLandmarks(112);
 * template[FACE_LANDMARKS.noseTip]; // about [56, 59, -40]
 * ```
 */
export function canonicalCropLandmarks(cropSize: number): Point3[] {
  const [top, bottom] = [FACE_LANDMARKS.foreheadTop, FACE_LANDMARKS.chin].map(
    (i) => CANONICAL_FACE_POSITIONS[3 * i + 1],
  );
  const k = (FACE_HEIGHT_SHARE * cropSize) / (top - bottom);
  const midY = (top + bottom) / 2;
  const out: Point3[] = [];
  for (let i = 0; i < CANONICAL_FACE_POSITIONS.length / 3; i++) {
    const [x, y, z] = CANONICAL_FACE_POSITIONS.slice(3 * i, 3 * i + 3);
    out.push([cropSize / 2 + k * x, cropSize / 2 - k * (y - midY), -k * z]);
  }
  return out;
}

/**
 * Where the detector's eye, nose-tip and mouth keypoints go in a `cropSize²` crop: the means of
 * the matching canonical landmarks (eye corners, nose tip, inner lips), placed like the template
 * of the landmark alignment.
 *
 * @example
 * ```ts
 * const [rightEye, leftEye, nose, mouth] = keypointTemplate(112);
 * ```
 */
export function keypointTemplate(cropSize: number): Point2[] {
  const canonical = canonicalCropLandmarks(cropSize);
  return KEYPOINT_LANDMARKS.map((group) => {
    let x = 0;
    let y = 0;
    for (const i of group) {
      x += canonical[i][0] / group.length;
      y += canonical[i][1] / group.length;
    }
    return [x, y] as Point2;
  });
}

/**
 * The similarity from image to crop that puts a detection's eye, nose-tip and mouth keypoints on
 * {@link keypointTemplate}: a coarser alignment than the landmark one, for faces whose landmarks
 * could not be trusted.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for fewer than four keypoints or keypoints that
 *   coincide.
 * @example
 * ```ts
 * const transform = keypointTransform(detection.keypoints, 112);
 * ```
 */
export function keypointTransform(keypoints: readonly Point2[], cropSize: number): Affine2D {
  assertArgument(
    Array.isArray(keypoints) && keypoints.length >= ALIGNING_KEYPOINTS,
    `keypointTransform needs the detector's eye, nose-tip and mouth keypoints, got ${Array.isArray(keypoints) ? keypoints.length : String(keypoints)} points`,
  );
  return fitSimilarity(keypoints.slice(0, ALIGNING_KEYPOINTS), keypointTemplate(cropSize));
}

/**
 * The canonical face's 468 landmarks placed in the image through the inverse of an image → crop
 * `transform`: a neutral, frontal stand-in for landmarks the mesh model could not give.
 *
 * @example
 * ```ts
 * const landmarks = placedCanonicalLandmarks(keypointTransform(keypoints, 112), 112);
 * ```
 */
export function placedCanonicalLandmarks(transform: Affine2D, cropSize: number): Point3[] {
  const [[a, b, c], [d, e, f]] = invertAffine(transform);
  const scale = Math.hypot(a, d);
  return canonicalCropLandmarks(cropSize).map(([x, y, z]) => [
    a * x + b * y + c,
    d * x + e * y + f,
    z * scale,
  ]);
}
