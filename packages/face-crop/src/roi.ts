import { similarityAbout } from './affine.js';
import type { Detection } from './blazeface.js';
import { FACE_LANDMARKS } from './landmarks.js';
import type { Affine2D, FaceBox, Point2, Point3 } from './types.js';

/** A rotated square region of an image around a face, in image pixels. */
export interface Roi {
  center: Point2;
  /** Side of the square. */
  size: number;
  /** Angle of the eye line in image coordinates (radians, `atan2(dy, dx)`, y down); 0 when upright. */
  angle: number;
}

/** How much larger than the face the landmark model's input region is. */
export const ROI_SCALE = 1.5;

/** The region for the landmark model around a detector result. */
export function roiFromDetection(d: Detection): Roi {
  const [rightEye, leftEye] = d.keypoints;
  return {
    center: [d.box.x + d.box.width / 2, d.box.y + d.box.height / 2],
    size: Math.max(d.box.width, d.box.height) * ROI_SCALE,
    angle: Math.atan2(leftEye[1] - rightEye[1], leftEye[0] - rightEye[0]),
  };
}

/**
 * The region for the landmark model from the previous frame's landmarks: the eye corners give
 * the angle; the landmarks' bounding box in that rotated frame gives centre and size.
 */
export function roiFromLandmarks(landmarks: readonly Point3[]): Roi {
  const r = landmarks[FACE_LANDMARKS.rightEyeOuter];
  const l = landmarks[FACE_LANDMARKS.leftEyeOuter];
  const angle = Math.atan2(l[1] - r[1], l[0] - r[0]);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const [x, y] of landmarks) {
    const u = cos * x + sin * y;
    const v = -sin * x + cos * y;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return {
    center: [cos * cu - sin * cv, sin * cu + cos * cv],
    size: Math.max(maxU - minU, maxV - minV) * ROI_SCALE,
    angle,
  };
}

/** The map from image pixels to an `outputSize²` crop of the region, upright. */
export function roiToAffine(roi: Roi, outputSize: number): Affine2D {
  return similarityAbout(roi.center, outputSize / roi.size, -roi.angle, [
    outputSize / 2,
    outputSize / 2,
  ]);
}

/** The axis-aligned bounding box of points. */
export function boundingBox(points: readonly (readonly number[])[]): FaceBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
