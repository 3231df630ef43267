import type { RgbImage } from '@freeavatar/core';
import { blendshapeIndex } from '../blendshapes/arkit.js';
import { fitEyeball } from '../face/eyeball-fit.js';
import type { FaceModel } from '../face/face-model.js';
import type { FaceSide } from '../face/face-template.js';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import { measureEye, type EyeOpening } from './eye-interior.js';
import { measureMouth, type MouthOpening } from './mouth-interior.js';
import { fitWeakPerspective, type WeakPerspective } from './weak-perspective.js';

/**
 * How far the fixed outer ring lies beyond the face outline, as a fraction of its radius.
 *
 * @example
 * ```ts
 * // A face outline point 50 px from the centre gets its ring point 72.5 px from it.
 * const ringDistance = 50 * (1 + RING_MARGIN);
 * ```
 */
export const RING_MARGIN = 0.45;

/** Lid blendshapes whose motion is a fraction of the eye opening, per side. */
const LID_SHAPES = ['eyeBlink', 'eyeSquint', 'eyeWide', 'eyeLookDown', 'eyeLookUp'] as const;

/**
 * Everything derived once from a photo and its landmarks to warp it quickly.
 *
 * @example
 * ```ts
 * const rig: PhotoRig = buildPhotoRig(photo, landmarks, getDefaultFaceModel());
 * console.log(rig.triangles.length / 3); // 898 + 72
 * ```
 */
export interface PhotoRig {
  /** Number of face landmarks (468). */
  faceCount: number;
  /** Source positions: the landmarks, then the fixed ring, x y per point. */
  points: Float32Array;
  /** Warp triangles: the face mesh's (with eye and mouth fills), then the ring strip. */
  triangles: Uint32Array;
  camera: WeakPerspective;
  /** Photo eye opening over the template's, as projected: scales the lid shapes' weights. */
  eyeScale: Record<FaceSide, number>;
  /** Weight indices of the lid shapes, per side. */
  lidShapes: Record<FaceSide, number[]>;
  eyes: Record<FaceSide, EyeOpening>;
  eyeballRadius: Record<FaceSide, number>;
  mouth: MouthOpening;
  /** Index of jawOpen in the weight vector. */
  jawOpenIndex: number;
  /** Image displacement (x y) of each lower inner-lip point at jawOpen = 1, pixels. */
  jawField: Float32Array;
  /** Pairs (upper, lower) that must not cross: eyelid and inner-lip contour points. */
  noCross: { upper: number; lower: number; frame: EyeOpening['band']['frame'] }[];
}

function meanSkin(photo: RgbImage, points: ArrayLike<number>): [number, number, number] {
  // Cheeks, forehead and nose bridge.
  const probes = [50, 280, 101, 330, 151, 9, 6, 205, 425];
  const sum = [0, 0, 0];
  for (const p of probes) {
    const x = Math.min(photo.width - 1, Math.max(0, Math.floor(points[2 * p])));
    const y = Math.min(photo.height - 1, Math.max(0, Math.floor(points[2 * p + 1])));
    const o = (y * photo.width + x) * 3;
    for (let c = 0; c < 3; c++) sum[c] += photo.data[o + c];
  }
  return [sum[0] / probes.length, sum[1] / probes.length, sum[2] / probes.length];
}

/** Mean gap across the middle of an eye opening, pixels, for 2-D points. */
function eyeGap(points: ArrayLike<number>, side: FaceSide): number {
  const upper = side === 'left' ? FACE_LANDMARKS.eyeLeftUpper : FACE_LANDMARKS.eyeRightUpper;
  const lower = side === 'left' ? FACE_LANDMARKS.eyeLeftLower : FACE_LANDMARKS.eyeRightLower;
  let sum = 0;
  for (let i = 2; i <= 6; i++)
    sum += Math.hypot(
      points[2 * upper[i]] - points[2 * lower[i]],
      points[2 * upper[i] + 1] - points[2 * lower[i] + 1],
    );
  return sum / 5;
}

/**
 * Builds the warp rig of a photo from its 468 landmarks (x y per point, image pixels): the
 * weak-perspective camera from the model's template, the fixed ring, the eye and mouth
 * openings and the colours to paint the mouth with.
 *
 * @example
 * ```ts
 * const rig = buildPhotoRig(photo, landmarks, getDefaultFaceModel());
 * ```
 */
export function buildPhotoRig(
  photo: RgbImage,
  landmarks: Float32Array,
  model: FaceModel,
): PhotoRig {
  const { template } = model;
  const faceCount = template.positions.length / 3;
  // Fit the camera on the parts that move least with expression.
  const weights = new Float32Array(faceCount);
  for (let v = 0; v < faceCount; v++) weights[v] = 1 - template.jawWeight[v];
  for (const v of [...FACE_LANDMARKS.lipsUpperOuter, ...FACE_LANDMARKS.lipsUpperInner])
    weights[v] = 0;
  const camera = fitWeakPerspective(template.positions, landmarks, weights);

  const outer = template.loops.outer;
  const ringCount = outer.length;
  const points = new Float32Array(2 * (faceCount + ringCount));
  points.set(landmarks);
  let cx = 0;
  let cy = 0;
  for (const v of outer) {
    cx += landmarks[2 * v] / ringCount;
    cy += landmarks[2 * v + 1] / ringCount;
  }
  outer.forEach((v, i) => {
    points[2 * (faceCount + i)] = cx + (landmarks[2 * v] - cx) * (1 + RING_MARGIN);
    points[2 * (faceCount + i) + 1] = cy + (landmarks[2 * v + 1] - cy) * (1 + RING_MARGIN);
  });
  const faceTriangles = template.canonicalTriangles;
  const triangles = new Uint32Array(faceTriangles.length + 6 * ringCount);
  triangles.set(faceTriangles);
  let t = faceTriangles.length;
  for (let i = 0; i < ringCount; i++) {
    const j = (i + 1) % ringCount;
    const a = outer[i];
    const b = outer[j];
    const ra = faceCount + i;
    const rb = faceCount + j;
    triangles.set([a, b, rb, a, rb, ra], t);
    t += 6;
  }

  // The template's eye openings as the camera sees them.
  const projected = new Float32Array(2 * faceCount);
  const m = camera.linear;
  for (let v = 0; v < faceCount; v++) {
    const x = template.positions[3 * v];
    const y = template.positions[3 * v + 1];
    const z = template.positions[3 * v + 2];
    projected[2 * v] = m[0] * x + m[1] * y + m[2] * z;
    projected[2 * v + 1] = m[3] * x + m[4] * y + m[5] * z;
  }
  const sides: FaceSide[] = ['left', 'right'];
  const eyeScale = {} as Record<FaceSide, number>;
  const lidShapes = {} as Record<FaceSide, number[]>;
  const eyes = {} as Record<FaceSide, EyeOpening>;
  const eyeballRadius = {} as Record<FaceSide, number>;
  for (const side of sides) {
    const ratio = eyeGap(landmarks, side) / Math.max(eyeGap(projected, side), 1e-6);
    eyeScale[side] = Math.min(1.6, Math.max(0.25, ratio));
    const suffix = side === 'left' ? 'Left' : 'Right';
    lidShapes[side] = LID_SHAPES.map((s) => blendshapeIndex(`${s}${suffix}`));
    eyes[side] = measureEye(photo, points, side);
    eyeballRadius[side] = fitEyeball(template.positions, side).radius;
  }

  const skin = meanSkin(photo, landmarks);
  const mouth = measureMouth(photo, points, camera.scale, skin);

  const jawOpenIndex = blendshapeIndex('jawOpen');
  const jawOpen = model.blendshapes.displacement(jawOpenIndex);
  const jawField = new Float32Array(2 * mouth.lower.length);
  mouth.lower.forEach((v, k) => {
    const [x, y, z] = [jawOpen[3 * v], jawOpen[3 * v + 1], jawOpen[3 * v + 2]];
    jawField[2 * k] = m[0] * x + m[1] * y + m[2] * z;
    jawField[2 * k + 1] = m[3] * x + m[4] * y + m[5] * z;
  });

  const noCross: PhotoRig['noCross'] = [];
  for (const side of sides) {
    const up = side === 'left' ? FACE_LANDMARKS.eyeLeftUpper : FACE_LANDMARKS.eyeRightUpper;
    const low = side === 'left' ? FACE_LANDMARKS.eyeLeftLower : FACE_LANDMARKS.eyeRightLower;
    for (let i = 1; i < up.length - 1; i++)
      noCross.push({ upper: up[i], lower: low[i], frame: eyes[side].band.frame });
  }
  for (let i = 1; i < mouth.upper.length - 1; i++)
    noCross.push({ upper: mouth.upper[i], lower: mouth.lower[i], frame: mouth.band.frame });

  return {
    faceCount,
    points,
    triangles,
    camera,
    eyeScale,
    lidShapes,
    eyes,
    eyeballRadius,
    mouth,
    jawOpenIndex,
    jawField,
    noCross,
  };
}
