import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError } from '@freeavatar/core';
import { invertAffine } from './affine.js';
import { warpAffine, type ImagePyramid } from './sampling.js';
import { applyInputFilter, type InputFilter } from './input-filter.js';
import type { Affine2D, FaceBox, Point2 } from './types.js';

/** Side of the detector's square input. */
export const DETECTOR_INPUT_SIZE = 256;

/** The detector's six keypoints, in output order (right/left as the subject sees them). */
export const DETECTOR_KEYPOINTS = [
  'rightEye',
  'leftEye',
  'noseTip',
  'mouth',
  'rightEar',
  'leftEar',
] as const;

/** A face found by the detector, in image pixels. */
export interface Detection {
  box: FaceBox;
  score: number;
  /** The six {@link DETECTOR_KEYPOINTS}. */
  keypoints: Point2[];
}

/** Raw detector output for one image: `count` anchors, 16 regression values each. */
export interface DetectorOutput {
  logits: Float32Array;
  regressors: Float32Array;
}

/**
 * Anchor centres of the 256² BlazeFace: a 16×16 grid (stride 16) with 2 anchors per cell, then
 * an 8×8 grid (stride 32) with 6 per cell; 896 `[x, y]` pairs in input pixels.
 */
export function detectorAnchors(inputSize = DETECTOR_INPUT_SIZE): Float32Array {
  const layers = [
    { stride: inputSize / 16, perCell: 2 },
    { stride: inputSize / 8, perCell: 6 },
  ];
  const anchors: number[] = [];
  for (const { stride, perCell } of layers) {
    const cells = Math.ceil(inputSize / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let n = 0; n < perCell; n++) anchors.push((gx + 0.5) * stride, (gy + 0.5) * stride);
      }
    }
  }
  return Float32Array.from(anchors);
}

/**
 * Turns raw detector output into detections in input pixels: per anchor, a logit and
 * `[dx, dy, w, h, k0x, k0y, …, k5x, k5y]` offsets from the anchor centre, all in input pixels.
 * Keeps anchors whose sigmoid score is at least `minScore`.
 */
export function decodeDetections(
  output: DetectorOutput,
  anchors: Float32Array,
  minScore: number,
): Detection[] {
  const count = anchors.length / 2;
  if (output.logits.length !== count || output.regressors.length !== count * 16) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `detector output has ${output.logits.length} scores and ${output.regressors.length} regressors, expected ${count} and ${count * 16}`,
    );
  }
  const found: Detection[] = [];
  for (let i = 0; i < count; i++) {
    const score = 1 / (1 + Math.exp(-output.logits[i]));
    if (!(score >= minScore)) continue;
    const r = output.regressors.subarray(i * 16, i * 16 + 16);
    const ax = anchors[2 * i];
    const ay = anchors[2 * i + 1];
    const cx = ax + r[0];
    const cy = ay + r[1];
    const keypoints: Point2[] = [];
    for (let k = 0; k < 6; k++) keypoints.push([ax + r[4 + 2 * k], ay + r[5 + 2 * k]]);
    found.push({
      box: { x: cx - r[2] / 2, y: cy - r[3] / 2, width: r[2], height: r[3] },
      score,
      keypoints,
    });
  }
  return found;
}

/** Intersection over union of two boxes (0 when either is empty). */
export function boxIou(a: FaceBox, b: FaceBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Weighted non-maximum suppression: takes the best remaining detection, merges every detection
 * overlapping it by more than `iouThreshold` into a score-weighted average of boxes and
 * keypoints (which steadies the box), and repeats; at most `maxCount` results, best first.
 */
export function weightedNms(
  detections: Detection[],
  iouThreshold: number,
  maxCount: number,
): Detection[] {
  const remaining = [...detections].sort((p, q) => q.score - p.score);
  const kept: Detection[] = [];
  while (remaining.length > 0 && kept.length < maxCount) {
    const best = remaining[0];
    const cluster = remaining.filter((d) => boxIou(best.box, d.box) > iouThreshold || d === best);
    const rest = remaining.filter((d) => !cluster.includes(d));
    const total = cluster.reduce((sum, d) => sum + d.score, 0);
    const avg = (pick: (d: Detection) => number): number =>
      cluster.reduce((sum, d) => sum + pick(d) * d.score, 0) / total;
    kept.push({
      score: best.score,
      box: {
        x: avg((d) => d.box.x),
        y: avg((d) => d.box.y),
        width: avg((d) => d.box.width),
        height: avg((d) => d.box.height),
      },
      keypoints: best.keypoints.map(
        (_, k) => [avg((d) => d.keypoints[k][0]), avg((d) => d.keypoints[k][1])] as Point2,
      ),
    });
    remaining.splice(0, remaining.length, ...rest);
  }
  return kept;
}

/** The letterbox map from image pixels to detector input pixels (image centred, black bars). */
export function letterbox(
  width: number,
  height: number,
  inputSize = DETECTOR_INPUT_SIZE,
): Affine2D {
  const s = inputSize / Math.max(width, height);
  return [
    [s, 0, (inputSize - s * width) / 2],
    [0, s, (inputSize - s * height) / 2],
  ];
}

function mapDetection(d: Detection, inputToImage: Affine2D): Detection {
  const [[s, , tx], [, , ty]] = inputToImage;
  return {
    score: d.score,
    box: {
      x: d.box.x * s + tx,
      y: d.box.y * s + ty,
      width: d.box.width * s,
      height: d.box.height * s,
    },
    keypoints: d.keypoints.map(([x, y]) => [x * s + tx, y * s + ty] as Point2),
  };
}

/** Reads the four output tensors of the 256² BlazeFace into one score and one regressor array. */
async function readOutputs(outputs: tf.Tensor[]): Promise<DetectorOutput> {
  const bySize = (anchors: number, width: number): tf.Tensor => {
    const t = outputs.find((o) => o.shape[1] === anchors && o.shape[2] === width);
    if (!t) {
      const shapes = outputs.map((o) => `[${o.shape.join(',')}]`).join(' ');
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `detector outputs ${shapes} lack one of shape [1,${anchors},${width}]`,
      );
    }
    return t;
  };
  const [s512, s384, r512, r384] = await Promise.all(
    [bySize(512, 1), bySize(384, 1), bySize(512, 16), bySize(384, 16)].map(
      (t) => t.data() as Promise<Float32Array>,
    ),
  );
  const logits = new Float32Array(896);
  logits.set(s512, 0);
  logits.set(s384, 512);
  const regressors = new Float32Array(896 * 16);
  regressors.set(r512, 0);
  regressors.set(r384, 512 * 16);
  return { logits, regressors };
}

/**
 * Runs the BlazeFace detector on a whole image (letterboxed to 256²) and returns face
 * detections in image pixels, best first.
 */
export async function runDetector(
  model: tf.GraphModel,
  anchors: Float32Array,
  pyramid: ImagePyramid,
  options: { minConfidence: number; iouThreshold: number; maxFaces: number },
  filter: InputFilter | false = false,
): Promise<Detection[]> {
  const size = DETECTOR_INPUT_SIZE;
  const toInput = letterbox(pyramid.width, pyramid.height, size);
  const pixels = new Float32Array(size * size * 3);
  warpAffine(pyramid, invertAffine(toInput), {
    width: size,
    height: size,
    data: pixels,
    scale: 1 / 127.5,
    offset: -1,
  });
  if (filter !== false) applyInputFilter(pixels, size, size, filter, [-1, 1]);
  const input = tf.tensor4d(pixels, [1, size, size, 3]);
  let outputs: tf.Tensor[] = [];
  try {
    const result = model.execute(input);
    outputs = Array.isArray(result) ? result : [result];
    const raw = await readOutputs(outputs);
    const decoded = decodeDetections(raw, anchors, options.minConfidence);
    const merged = weightedNms(decoded, options.iouThreshold, options.maxFaces);
    const inputToImage = invertAffine(toInput);
    return merged.map((d) => mapDetection(d, inputToImage));
  } finally {
    input.dispose();
    tf.dispose(outputs);
  }
}
