import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { applyAffine, similarityAbout } from './affine.js';
import {
  ALIGNMENT_LANDMARKS,
  alignmentTemplate,
  alignmentTransform,
  fitSimilarity,
  landmarksToCrop,
  warpCrop,
} from './alignment.js';
import { CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { LANDMARK_COUNT } from './landmarks.js';
import { ImagePyramid } from './sampling.js';
import type { Point3 } from './types.js';

describe('fitSimilarity', () => {
  it('recovers a known similarity exactly from clean points', () => {
    const truth = similarityAbout([40, 30], 1.7, 0.6, [100, -20]);
    const from = [
      [0, 0],
      [50, 10],
      [20, 70],
      [-15, 33],
    ];
    const to = from.map((p) => applyAffine(truth, p as [number, number]));
    const fit = fitSimilarity(from, to);
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 3; c++) expect(fit[r][c]).toBeCloseTo(truth[r][c], 9);
  });

  it('gives the documented example', () => {
    const m = fitSimilarity(
      [
        [0, 0],
        [1, 0],
      ],
      [
        [10, 10],
        [10, 12],
      ],
    );
    expect(m[0][0]).toBeCloseTo(0, 12);
    expect(m[0][1]).toBeCloseTo(-2, 12);
    expect(m[1][0]).toBeCloseTo(2, 12);
    expect(m[0][2]).toBeCloseTo(10, 12);
    expect(m[1][2]).toBeCloseTo(10, 12);
  });

  it('rejects bad input', () => {
    expect(() => fitSimilarity([[0, 0]], [[1, 1]])).toThrow(FreeAvatarError);
    expect(() =>
      fitSimilarity(
        [
          [0, 0],
          [1, 1],
        ],
        [[0, 0]],
      ),
    ).toThrow(/at least 2 points, got 2 and 1/);
    expect(() =>
      fitSimilarity(
        [
          [3, 3],
          [3, 3],
        ],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(/coincide/);
    expect(() => fitSimilarity(null as never, [])).toThrow(/from must be an array, got null/);
    expect(() => fitSimilarity([[0, 0], null as never], [])).toThrow(/from\[1\] must be a point/);
  });
});

describe('alignmentTemplate', () => {
  it('is left-right symmetric, upright and inside the crop', () => {
    const t = alignmentTemplate(112);
    expect(t).toHaveLength(ALIGNMENT_LANDMARKS.length);
    const [rOut, rIn, lIn, lOut, mR, mL] = t;
    expect(rOut[0] + lOut[0]).toBeCloseTo(112, 6);
    expect(rIn[0] + lIn[0]).toBeCloseTo(112, 6);
    expect(mR[0] + mL[0]).toBeCloseTo(112, 6);
    expect(rOut[1]).toBeCloseTo(lOut[1], 6);
    expect(mR[1]).toBeGreaterThan(rOut[1]); // mouth below the eyes (y down)
    for (const [x, y] of t) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(112);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(112);
    }
  });

  it('scales with the crop size', () => {
    const a = alignmentTemplate(100);
    const b = alignmentTemplate(300);
    a.forEach(([x, y], i) => {
      expect(b[i][0]).toBeCloseTo(3 * x, 6);
      expect(b[i][1]).toBeCloseTo(3 * y, 6);
    });
  });
});

describe('alignmentTransform, landmarksToCrop and warpCrop', () => {
  // The canonical face drawn into an image: upright, 8 px per cm, y flipped to point down.
  const image: Point3[] = Array.from({ length: LANDMARK_COUNT }, (_, i) => [
    200 + 8 * CANONICAL_FACE_POSITIONS[3 * i],
    150 - 8 * CANONICAL_FACE_POSITIONS[3 * i + 1],
    -8 * CANONICAL_FACE_POSITIONS[3 * i + 2],
  ]);

  it('puts the canonical face exactly on the template', () => {
    const transform = alignmentTransform(image, 112);
    const crop = landmarksToCrop(image, transform);
    const template = alignmentTemplate(112);
    ALIGNMENT_LANDMARKS.forEach((index, k) => {
      expect(crop[index][0]).toBeCloseTo(template[k][0], 6);
      expect(crop[index][1]).toBeCloseTo(template[k][1], 6);
    });
    // z is scaled like x and y.
    expect(crop[1][2] / image[1][2]).toBeCloseTo(Math.hypot(transform[0][0], transform[1][0]), 9);
  });

  it('undoes an in-plane rotation of the face', () => {
    const turn = similarityAbout([200, 150], 1.3, 0.4, [260, 190]);
    const rotated = image.map(([x, y, z]) => [...applyAffine(turn, [x, y]), z * 1.3] as Point3);
    const a = landmarksToCrop(image, alignmentTransform(image, 112));
    const b = landmarksToCrop(rotated, alignmentTransform(rotated, 112));
    for (const i of [1, 33, 263, 152]) {
      expect(b[i][0]).toBeCloseTo(a[i][0], 6);
      expect(b[i][1]).toBeCloseTo(a[i][1], 6);
    }
  });

  it('cuts a crop of the requested size through the transform', () => {
    const data = new Uint8Array(64 * 64 * 3);
    for (let i = 0; i < 64 * 64; i++) data.set([i % 64, Math.floor(i / 64), 7], i * 3);
    const pyramid = new ImagePyramid({ width: 64, height: 64, data });
    const crop = warpCrop(
      pyramid,
      [
        [1, 0, -10],
        [0, 1, -20],
      ],
      32,
    ); // crop (u, v) = image (u + 10, v + 20)
    expect(crop.width).toBe(32);
    expect(crop.height).toBe(32);
    const at = (u: number, v: number): number[] =>
      Array.from(crop.data.subarray((v * 32 + u) * 3, (v * 32 + u) * 3 + 3));
    expect(at(0, 0)).toEqual([10, 20, 7]);
    expect(at(5, 3)).toEqual([15, 23, 7]);
  });
});
