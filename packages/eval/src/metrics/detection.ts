import { FreeAvatarError } from '@freeavatar/core';
import { assertFiniteArray, assertIndex, assertSameLength, type NumericArray } from './validate.js';

/** An axis-aligned box in pixels: top-left corner and size. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Intersection over union of two boxes, in [0, 1]. Two empty boxes have IoU 0.
 *
 * @example
 * ```ts
 * boxIoU({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 }); // 1/3
 * ```
 */
export function boxIoU(a: Box, b: Box): number {
  assertBox(a, 'a');
  assertBox(b, 'b');
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

function assertBox(box: Box, name: string): void {
  const ok =
    box !== null &&
    typeof box === 'object' &&
    [box.x, box.y, box.width, box.height].every(
      (v) => typeof v === 'number' && Number.isFinite(v),
    ) &&
    box.width >= 0 &&
    box.height >= 0;
  if (!ok) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${name} must be a box {x, y, width, height} of finite numbers with width, height >= 0, got ${JSON.stringify(box)}`,
    );
  }
}

/** Options of {@link faceRecall}. */
export interface FaceRecallOptions {
  /** Least IoU for a detection to match a true face. Default 0.5. */
  readonly iouThreshold?: number;
}

/** Result of {@link faceRecall}. */
export interface FaceRecall {
  /** `matched / total`: the share of true faces found. */
  readonly recall: number;
  readonly matched: number;
  /** True faces over all images. */
  readonly total: number;
  /** Detections that matched no true face. */
  readonly falsePositives: number;
  /** For each image, how many of its true faces were found. */
  readonly matchedPerImage: Uint32Array;
}

/**
 * Face detection recall: per image, detections and true boxes are matched one-to-one, greedily
 * from the highest IoU down, keeping pairs with IoU at or above the threshold.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when the image counts differ, a box is malformed,
 *   the threshold is outside (0, 1], or there are no true faces at all.
 * @example
 * ```ts
 * const r = faceRecall(
 *   [[{ x: 10, y: 10, width: 100, height: 100 }]],
 *   [[{ x: 12, y: 8, width: 100, height: 100 }, { x: 300, y: 40, width: 80, height: 80 }]],
 * );
 * r.recall; // 0.5
 * ```
 */
export function faceRecall(
  predicted: readonly (readonly Box[])[],
  truth: readonly (readonly Box[])[],
  options: FaceRecallOptions = {},
): FaceRecall {
  const threshold = options.iouThreshold ?? 0.5;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `iouThreshold must be in (0, 1], got ${threshold}`,
    );
  }
  if (!Array.isArray(predicted) || !Array.isArray(truth)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'predicted and truth must be arrays with one box list per image',
    );
  }
  assertSameLength(predicted, truth, 'predicted images', 'truth images');
  let total = 0;
  let matched = 0;
  let falsePositives = 0;
  const matchedPerImage = new Uint32Array(truth.length);
  for (let img = 0; img < truth.length; img++) {
    const dets = predicted[img];
    const faces = truth[img];
    if (!Array.isArray(dets) || !Array.isArray(faces)) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `image ${img} must have a box list on both sides`,
      );
    }
    const pairs: { iou: number; d: number; f: number }[] = [];
    for (let d = 0; d < dets.length; d++) {
      for (let f = 0; f < faces.length; f++) {
        assertBox(dets[d], `predicted[${img}][${d}]`);
        assertBox(faces[f], `truth[${img}][${f}]`);
        const iou = boxIoU(dets[d], faces[f]);
        if (iou >= threshold) pairs.push({ iou, d, f });
      }
    }
    pairs.sort((a, b) => b.iou - a.iou || a.f - b.f || a.d - b.d);
    const usedD = new Set<number>();
    const usedF = new Set<number>();
    for (const p of pairs) {
      if (usedD.has(p.d) || usedF.has(p.f)) continue;
      usedD.add(p.d);
      usedF.add(p.f);
    }
    total += faces.length;
    matched += usedF.size;
    matchedPerImage[img] = usedF.size;
    falsePositives += dets.length - usedD.size;
  }
  if (total === 0)
    throw new FreeAvatarError('INVALID_ARGUMENT', 'face recall needs at least one true face');
  return { recall: matched / total, matched, total, falsePositives, matchedPerImage };
}

/** A point `[x, y]` or `[x, y, z]`. */
export type LandmarkPoint = NumericArray;

/** A landmark index, or several whose mean is the point (e.g. all contour points of one eye). */
export type LandmarkRef = number | readonly number[];

/**
 * Outer eye corners of common landmark schemes, for {@link landmarkError}'s `eyes`.
 *
 * @example
 * ```ts
 * declare const pred: LandmarkPoint[][];
 * declare const truth: LandmarkPoint[][];
 * landmarkError(pred, truth, { eyes: INTER_OCULAR_LANDMARKS.mediapipe468 });
 * ```
 */
export const INTER_OCULAR_LANDMARKS = {
  /** The 68-point iBUG scheme (0-based): outer corners 36 and 45. */
  ibug68: [36, 45],
  /** The 468-point MediaPipe face mesh: outer corners 33 and 263. */
  mediapipe468: [33, 263],
} as const satisfies Record<string, readonly [number, number]>;

/** Options of {@link landmarkError}. */
export interface LandmarkErrorOptions {
  /** The two eye points of the true landmarks that define the inter-ocular distance. */
  readonly eyes: readonly [LandmarkRef, LandmarkRef];
  /** Coordinates used per point: 2 (x, y; default) or 3 (x, y, z). */
  readonly dims?: 2 | 3;
}

/** Result of {@link landmarkError}. */
export interface LandmarkError {
  /** Mean over faces of the normalised mean error. */
  readonly mean: number;
  /** Per face: mean point-to-point distance divided by the true inter-ocular distance. */
  readonly perFace: Float64Array;
}

/**
 * Landmark error normalised by inter-ocular distance (NME): per face, the mean Euclidean
 * distance between predicted and true points divided by the distance between the two true eye
 * points; then the mean over faces.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on empty or mismatched faces or points, non-finite
 *   coordinates, eye indices out of range, or eyes that coincide.
 * @example
 * ```ts
 * const truth = [[[0, 0], [10, 0], [5, 5]]];
 * const pred = [[[1, 0], [10, 0], [5, 5]]];
 * landmarkError(pred, truth, { eyes: [0, 1] }).mean; // (1 / 3) / 10
 * ```
 */
export function landmarkError(
  predicted: readonly (readonly LandmarkPoint[])[],
  truth: readonly (readonly LandmarkPoint[])[],
  options: LandmarkErrorOptions,
): LandmarkError {
  const dims = options?.dims ?? 2;
  if (dims !== 2 && dims !== 3)
    throw new FreeAvatarError('INVALID_ARGUMENT', `dims must be 2 or 3, got ${dims}`);
  const eyes = options?.eyes;
  if (!Array.isArray(eyes) || eyes.length !== 2) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `options.eyes must be two landmark references, e.g. INTER_OCULAR_LANDMARKS.mediapipe468, got ${JSON.stringify(eyes)}`,
    );
  }
  if (!Array.isArray(predicted) || !Array.isArray(truth) || truth.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'predicted and truth must be non-empty lists of faces',
    );
  }
  assertSameLength(predicted, truth, 'predicted faces', 'truth faces');
  const perFace = new Float64Array(truth.length);
  for (let f = 0; f < truth.length; f++) {
    const p = predicted[f];
    const t = truth[f];
    if (!Array.isArray(p) || !Array.isArray(t) || t.length === 0) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `face ${f} must have a non-empty list of points on both sides`,
      );
    }
    assertSameLength(p, t, `predicted[${f}] points`, `truth[${f}] points`);
    for (let i = 0; i < t.length; i++) {
      checkPoint(p[i], dims, `predicted[${f}][${i}]`);
      checkPoint(t[i], dims, `truth[${f}][${i}]`);
    }
    const iod = distance(eyePoint(t, eyes[0], dims, f), eyePoint(t, eyes[1], dims, f), dims);
    if (iod === 0) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `face ${f}: the two true eye points coincide (inter-ocular distance 0)`,
      );
    }
    let sum = 0;
    for (let i = 0; i < t.length; i++) sum += distance(p[i], t[i], dims);
    perFace[f] = sum / t.length / iod;
  }
  let mean = 0;
  for (const e of perFace) mean += e;
  return { mean: mean / perFace.length, perFace };
}

function checkPoint(point: LandmarkPoint, dims: number, name: string): void {
  assertFiniteArray(point, name);
  if (point.length < dims) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${name} must have at least ${dims} coordinates, got ${point.length}`,
    );
  }
}

function eyePoint(
  points: readonly LandmarkPoint[],
  ref: LandmarkRef,
  dims: number,
  face: number,
): number[] {
  const indices = typeof ref === 'number' ? [ref] : ref;
  if (!Array.isArray(indices) || indices.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `an eye must be an index or a non-empty list of indices, got ${JSON.stringify(ref)}`,
    );
  }
  const out = new Array<number>(dims).fill(0);
  for (const i of indices) {
    assertIndex(i, points.length - 1, `eye landmark index (face ${face})`);
    for (let k = 0; k < dims; k++) out[k] += points[i][k] / indices.length;
  }
  return out;
}

function distance(a: NumericArray, b: NumericArray, dims: number): number {
  let s = 0;
  for (let k = 0; k < dims; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}
