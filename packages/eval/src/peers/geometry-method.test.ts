import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError, initBackend, type RgbImage } from '@freeavatar/core';
import { createFaceCropper, type DetectedFace, type FaceCropper } from '@freeavatar/face-crop';
import { expressionGeometry } from './geometry.js';
import { landmarkGeometryMethod } from './geometry-method.js';
import {
  loadAstronaut,
  meanPointDistance,
  mirrorImage,
  solidImage,
  transformedFrame,
} from './test-utils/images.js';
import type { ExpressionFeatureMethod } from './types.js';

let cropper: FaceCropper;
let method: ExpressionFeatureMethod;
let astronaut: RgbImage;
let upright: DetectedFace;
let base: Float32Array;

/** Geometry with position and scale removed but not rotation: what pose removal improves on. */
function withoutPoseRemoval(face: DetectedFace): Float32Array {
  const l = face.landmarks;
  const [cx, cy] = [0, 1].map((k) => l.reduce((s, p) => s + p[k], 0) / l.length);
  const eyes = Math.hypot(l[33][0] - l[263][0], l[33][1] - l[263][1], l[33][2] - l[263][2]);
  return new Float32Array(l.flatMap(([x, y, z]) => [(x - cx) / eyes, (y - cy) / eyes, z / eyes]));
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  cropper = await createFaceCropper({ maxFaces: 1 });
  method = landmarkGeometryMethod({ faceCropper: cropper });
  astronaut = await loadAstronaut();
  [upright] = await cropper.detect(transformedFrame(astronaut));
  [base] = await method.features([upright]);
});
afterAll(() => {
  method?.dispose();
  cropper?.dispose();
});

describe('landmarkGeometryMethod', () => {
  it('names itself, compares by euclidean distance and gives expressionGeometry of detected faces', async () => {
    expect(method.name).toBe('face mesh geometry');
    expect(method.distance).toBe('euclidean');
    expect(base.length).toBe(1404);
    expect(Array.from(base)).toEqual(Array.from(expressionGeometry(upright.landmarks)));
    expect(await method.features([])).toEqual([]);
  });

  it('is nearly unchanged by in-plane rotation and scale of the photo', async () => {
    // Mean landmark displacement in eye distances (the outer eye corners are 1 apart). Measured
    // on wasm: 0.003–0.012 with pose removal, 0.09–0.39 without it for 10–45° turns.
    for (const [degrees, scale] of [
      [10, 1],
      [-25, 1],
      [40, 0.8],
      [0, 0.6],
      [0, 1.4],
    ]) {
      const [face] = await cropper.detect(transformedFrame(astronaut, { degrees, scale }));
      const [features] = await method.features([face]);
      const change = meanPointDistance(features, base);
      expect(change, `${degrees}° ×${scale}`).toBeLessThan(0.025);
      if (Math.abs(degrees) >= 10) {
        const raw = meanPointDistance(withoutPoseRemoval(face), withoutPoseRemoval(upright));
        expect(change * 5, `${degrees}° ×${scale}`).toBeLessThan(raw);
      }
    }
  });

  it('gives the mirror image of the features for the mirrored photo', async () => {
    const [face] = await cropper.detect(transformedFrame(mirrorImage(astronaut)));
    const [mirrored] = await method.features([face]);
    // The mesh's left-right pairing, found on the upright face: each point's partner is the
    // point nearest to its reflection through the plane x = 0.
    const partner = (i: number): number => {
      let best = 0;
      let bestDistance = Infinity;
      for (let j = 0; j < 468; j++) {
        const d = Math.hypot(
          -base[3 * i] - base[3 * j],
          base[3 * i + 1] - base[3 * j + 1],
          base[3 * i + 2] - base[3 * j + 2],
        );
        if (d < bestDistance) [best, bestDistance] = [j, d];
      }
      return best;
    };
    const expected = new Float32Array(1404);
    for (let i = 0; i < 468; i++) {
      const j = partner(i);
      expected.set([-base[3 * j], base[3 * j + 1], base[3 * j + 2]], 3 * i);
    }
    // Measured 0.011 eye distances.
    expect(meanPointDistance(mirrored, expected)).toBeLessThan(0.025);
  });

  it('finds the face again in a plain crop, with landmarks in the crop frame', async () => {
    const before = tf.memory().numTensors;
    const [fromCrop] = await method.features([upright.crop]);
    expect(tf.memory().numTensors).toBe(before);
    // Measured 0.010 eye distances: the crop is a resampled, smaller view of the same face.
    expect(meanPointDistance(fromCrop, base)).toBeLessThan(0.025);
  });

  it('leaks no tensors when it creates and disposes its own cropper', async () => {
    const own = landmarkGeometryMethod({ padding: 0.3 });
    const before = tf.memory().numTensors;
    try {
      const [a, b] = await own.features([upright.crop, upright]);
      expect(meanPointDistance(a, b)).toBeLessThan(0.025);
    } finally {
      own.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    await expect(own.features([upright])).rejects.toThrow(/disposed/);
  });

  it('throws, or marks with NaN, a crop without a face', async () => {
    const blank = solidImage(112, 112);
    await expect(method.features([upright, blank])).rejects.toThrow(/No face found in faces\[1\]/);
    const marking = landmarkGeometryMethod({ faceCropper: cropper, missingFace: 'nan' });
    const [good, missing] = await marking.features([upright, blank]);
    expect(Number.isNaN(missing[0]) && missing.every((v) => Number.isNaN(v))).toBe(true);
    expect(good.every((v) => Number.isFinite(v))).toBe(true);
    marking.dispose(); // a shared cropper stays usable
    expect(await cropper.detect(upright.crop)).toHaveLength(1);
  });

  it('throws FreeAvatarError for bad faces and options', async () => {
    await expect(method.features('a.png' as never)).rejects.toThrow(/needs an array of faces/);
    await expect(
      method.features([{ width: 2, height: 2, data: new Uint8Array(5) }]),
    ).rejects.toThrow(/faces\[0\]\.data must be a Uint8Array of width·height·3 = 12 bytes, got 5/);
    await expect(
      method.features([{ ...upright, landmarks: upright.landmarks.slice(1) }]),
    ).rejects.toThrow(/faces\[0\]\.landmarks must hold 468 points, got 467/);
    expect(() => landmarkGeometryMethod({ padding: 3 })).toThrow(FreeAvatarError);
    expect(() => landmarkGeometryMethod({ missingFace: 'skip' as never })).toThrow(/missingFace/);
    expect(() => landmarkGeometryMethod({ distance: 'manhattan' as never })).toThrow(/distance/);
    expect(() => landmarkGeometryMethod({ reference: [1] })).toThrow(/reference must hold 1404/);
  });
});
