import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { invertAffine } from './affine.js';
import { alignmentTransform, landmarksToCrop } from './alignment.js';
import { CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { FACE_LANDMARKS, LANDMARK_COUNT } from './landmarks.js';
import { realignFace } from './realign.js';
import type { Affine2D, DetectedFace, Point3 } from './types.js';

// A face whose mouth corners are pulled up and out, as in a smile, so the two alignments differ.
const landmarks: Point3[] = Array.from({ length: LANDMARK_COUNT }, (_, i) => [
  200 + 8 * CANONICAL_FACE_POSITIONS[3 * i],
  150 - 8 * CANONICAL_FACE_POSITIONS[3 * i + 1],
  -8 * CANONICAL_FACE_POSITIONS[3 * i + 2],
]);
landmarks[FACE_LANDMARKS.mouthRight] = [landmarks[61][0] - 8, landmarks[61][1] - 6, 0];
landmarks[FACE_LANDMARKS.mouthLeft] = [landmarks[291][0] + 8, landmarks[291][1] - 6, 0];

// The image is a linear ramp, which bilinear sampling reproduces exactly.
const ramp = (u: number, v: number): [number, number, number] => [1.2 * u - 100, 1.2 * v - 40, 100];

/** The crop a cropper would cut through `transform`, sampled from the ramp at pixel centres. */
function cropThrough(transform: Affine2D, size: number): Uint8Array {
  const [[a, b, c], [d, e, f]] = invertAffine(transform);
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = a * (x + 0.5) + b * (y + 0.5) + c - 0.5;
      const v = d * (x + 0.5) + e * (y + 0.5) + f - 0.5;
      data.set(ramp(u, v).map(Math.round), (y * size + x) * 3);
    }
  }
  return data;
}

function detected(size: number): DetectedFace {
  const transform = alignmentTransform(landmarks, size, 'eyes-mouth');
  return {
    box: { x: 150, y: 100, width: 100, height: 120 },
    score: 0.99,
    detectionScore: 0.9,
    alignedBy: 'landmarks',
    landmarks,
    cropLandmarks: landmarksToCrop(landmarks, transform),
    crop: { width: size, height: size, data: cropThrough(transform, size) },
    transform,
    pose: { yaw: 0, pitch: 0, roll: 0 },
  };
}

describe('realignFace', () => {
  it('gives the crop the other alignment would have cut, away from the edges', () => {
    const face = detected(112);
    const realigned = realignFace(face, 'eyes-nose');
    const transform = alignmentTransform(landmarks, 112, 'eyes-nose');
    expect(realigned.transform).toEqual(transform);
    const direct = cropThrough(transform, 112);
    let worst = 0;
    let moved = 0;
    for (let y = 12; y < 100; y++) {
      for (let x = 12; x < 100; x++) {
        for (let ch = 0; ch < 3; ch++) {
          const i = (y * 112 + x) * 3 + ch;
          worst = Math.max(worst, Math.abs(realigned.crop.data[i] - direct[i]));
          moved = Math.max(moved, Math.abs(face.crop.data[i] - direct[i]));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(moved).toBeGreaterThanOrEqual(3);
    const nose = FACE_LANDMARKS.noseBridge;
    expect(realigned.cropLandmarks[nose][0]).toBeCloseTo(
      landmarksToCrop(landmarks, transform)[nose][0],
      9,
    );
    expect(realigned.crop.width).toBe(112);
    expect(realigned.landmarks).toBe(face.landmarks);
  });

  it('returns a face already aligned that way as it is', () => {
    const face = detected(32);
    expect(realignFace(face, 'eyes-mouth')).toBe(face);
  });

  it('rejects bad faces and alignments, naming them', () => {
    const face = detected(32);
    expect(() => realignFace(face, 'mouth' as never)).toThrow(/alignment must be one of/);
    expect(() => realignFace({ ...face, landmarks: [] }, 'eyes-nose')).toThrow(FreeAvatarError);
    expect(() =>
      realignFace(
        { ...face, crop: { width: 32, height: 16, data: new Uint8Array(32 * 16 * 3) } },
        'eyes-nose',
      ),
    ).toThrow(/face.crop must be a square RGB image, got 32×16/);
    expect(() => realignFace(null as never, 'eyes-nose')).toThrow(
      /DetectedFace with 468 landmarks/,
    );
  });
});
