import { describe, expect, it } from 'vitest';
import { applyAffine } from './affine.js';
import { CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { LANDMARK_COUNT } from './landmarks.js';
import { ROI_SCALE, boundingBox, roiFromDetection, roiFromLandmarks, roiToAffine } from './roi.js';
import type { Point3 } from './types.js';

describe('roiFromDetection', () => {
  it('centres on the box, enlarges its long side and takes the eye-line angle', () => {
    const roi = roiFromDetection({
      box: { x: 100, y: 50, width: 80, height: 100 },
      score: 0.9,
      keypoints: [
        [120, 80],
        [160, 120],
        [140, 100],
        [140, 130],
        [100, 90],
        [180, 90],
      ],
    });
    expect(roi.center).toEqual([140, 100]);
    expect(roi.size).toBeCloseTo(100 * ROI_SCALE, 9);
    expect(roi.angle).toBeCloseTo(Math.PI / 4, 9);
  });
});

describe('roiFromLandmarks', () => {
  it('frames the face in its own rotated frame', () => {
    const angle = 0.3;
    const face: Point3[] = Array.from({ length: LANDMARK_COUNT }, (_, i) => {
      const x = 10 * CANONICAL_FACE_POSITIONS[3 * i];
      const y = -10 * CANONICAL_FACE_POSITIONS[3 * i + 1];
      return [
        300 + Math.cos(angle) * x - Math.sin(angle) * y,
        200 + Math.sin(angle) * x + Math.cos(angle) * y,
        0,
      ];
    });
    const upright = roiFromLandmarks(face.map(([x, y]) => [x, y, 0]));
    expect(upright.angle).toBeCloseTo(angle, 2);
    const box = boundingBox(
      Array.from({ length: LANDMARK_COUNT }, (_, i) => [
        10 * CANONICAL_FACE_POSITIONS[3 * i],
        -10 * CANONICAL_FACE_POSITIONS[3 * i + 1],
      ]),
    );
    expect(upright.size).toBeCloseTo(Math.max(box.width, box.height) * ROI_SCALE, 0);
  });
});

describe('roiToAffine', () => {
  it('maps the centre to the middle of the output and the eye line to horizontal', () => {
    const roi = { center: [50, 60] as [number, number], size: 100, angle: Math.PI / 6 };
    const m = roiToAffine(roi, 200);
    expect(applyAffine(m, [50, 60])).toEqual([100, 100]);
    const [x, y] = applyAffine(m, [
      50 + Math.cos(Math.PI / 6) * 10,
      60 + Math.sin(Math.PI / 6) * 10,
    ]);
    expect(x).toBeCloseTo(120, 9);
    expect(y).toBeCloseTo(100, 9);
  });
});

describe('boundingBox', () => {
  it('spans the points', () => {
    expect(
      boundingBox([
        [1, 5],
        [4, 2],
        [3, 3],
      ]),
    ).toEqual({ x: 1, y: 2, width: 3, height: 3 });
  });
});
