import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError } from '@freeavatar/core';
import { invertAffine } from './affine.js';
import { LANDMARK_COUNT } from './landmarks.js';
import { roiToAffine, type Roi } from './roi.js';
import { warpAffine, type ImagePyramid } from './sampling.js';
import { applyInputFilter, type InputFilter } from './input-filter.js';
import type { Point3 } from './types.js';

/** Side of the landmark model's square input. */
export const MESH_INPUT_SIZE = 192;

/** Landmarks of one face region. */
export interface MeshResult {
  /** 468 landmarks in image pixels; z on the scale of x. */
  landmarks: Point3[];
  /** Face-presence confidence, 0–1. */
  confidence: number;
}

/**
 * Maps landmarks from the model's input square back to the image: x and y through the inverse
 * of the region's map, z scaled by the same factor.
 */
export function meshToImage(
  raw: ArrayLike<number>,
  roi: Roi,
  inputSize = MESH_INPUT_SIZE,
): Point3[] {
  const back = invertAffine(roiToAffine(roi, inputSize));
  const zScale = roi.size / inputSize;
  const points: Point3[] = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const x = raw[3 * i];
    const y = raw[3 * i + 1];
    points.push([
      back[0][0] * x + back[0][1] * y + back[0][2],
      back[1][0] * x + back[1][1] * y + back[1][2],
      raw[3 * i + 2] * zScale,
    ]);
  }
  return points;
}

/**
 * Runs the face-mesh model on one upright 192² crop per region (in one batch) and returns the
 * landmarks in image pixels. With a `filter`, each 192² input is filtered first (its `sigma` is in
 * input pixels, so a fixed share of the face whatever the picture's resolution).
 */
export async function runMesh(
  model: tf.GraphModel,
  pyramid: ImagePyramid,
  rois: readonly Roi[],
  filter: InputFilter | false = false,
): Promise<MeshResult[]> {
  if (rois.length === 0) return [];
  const size = MESH_INPUT_SIZE;
  const plane = size * size * 3;
  const pixels = new Float32Array(rois.length * plane);
  rois.forEach((roi, i) => {
    const target = {
      width: size,
      height: size,
      data: pixels.subarray(i * plane, (i + 1) * plane),
      scale: 1 / 255,
      offset: 0,
    };
    warpAffine(pyramid, invertAffine(roiToAffine(roi, size)), target);
    if (filter !== false) applyInputFilter(target.data, size, size, filter);
  });
  const input = tf.tensor4d(pixels, [rois.length, size, size, 3]);
  let outputs: tf.Tensor[] = [];
  try {
    const result = model.execute(input);
    outputs = Array.isArray(result) ? result : [result];
    const meshT = outputs.find((t) => t.shape[t.shape.length - 1] === LANDMARK_COUNT * 3);
    const flagT = outputs.find((t) => t.shape[t.shape.length - 1] === 1);
    if (!meshT || !flagT) {
      const shapes = outputs.map((o) => `[${o.shape.join(',')}]`).join(' ');
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `face-mesh outputs ${shapes} lack [n,1404] landmarks or [n,1] confidence`,
      );
    }
    const [mesh, flags] = await Promise.all([meshT.data(), flagT.data()]);
    return rois.map((roi, i) => ({
      landmarks: meshToImage(
        mesh.subarray(i * LANDMARK_COUNT * 3, (i + 1) * LANDMARK_COUNT * 3),
        roi,
        size,
      ),
      confidence: Math.min(1, Math.max(0, flags[i])), // the model ends in a sigmoid
    }));
  } finally {
    input.dispose();
    tf.dispose(outputs);
  }
}
