import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import {
  ALIGNMENT_LANDMARKS,
  FACE_ALIGNMENTS,
  alignmentLandmarks,
  alignmentTemplate,
  alignmentTransform,
  assertFaceAlignment,
  landmarksToCrop,
} from './alignment.js';
import { applyAffine } from './affine.js';
import { CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { FACE_LANDMARKS, LANDMARK_COUNT } from './landmarks.js';
import { resolveCropperOptions } from './options.js';
import type { Point3 } from './types.js';

// The canonical face drawn into an image: upright, 8 px per cm, y pointing down.
const canonicalImage = (): Point3[] =>
  Array.from({ length: LANDMARK_COUNT }, (_, i) => [
    200 + 8 * CANONICAL_FACE_POSITIONS[3 * i],
    150 - 8 * CANONICAL_FACE_POSITIONS[3 * i + 1],
    -8 * CANONICAL_FACE_POSITIONS[3 * i + 2],
  ]);

/** The same face with its mouth corners pulled apart and up by `pixels`, as in a smile. */
function smiling(face: Point3[], pixels: number): Point3[] {
  const out = face.map((p) => [...p] as Point3);
  out[FACE_LANDMARKS.mouthRight][0] -= pixels;
  out[FACE_LANDMARKS.mouthLeft][0] += pixels;
  out[FACE_LANDMARKS.mouthRight][1] -= pixels;
  out[FACE_LANDMARKS.mouthLeft][1] -= pixels;
  return out;
}

describe('face alignments', () => {
  it('lists the default first and names the landmarks of each', () => {
    expect(FACE_ALIGNMENTS[0]).toBe('eyes-mouth');
    expect(alignmentLandmarks()).toEqual(ALIGNMENT_LANDMARKS);
    expect(alignmentLandmarks('eyes-nose')).toEqual([33, 133, 362, 263, 168, 2]);
  });

  it('places the nose points on the midline, between the eyes and the mouth', () => {
    const [rOut, , , lOut, bridge, base] = alignmentTemplate(112, 'eyes-nose');
    const mouth = alignmentTemplate(112)[4];
    expect(bridge[0]).toBeCloseTo(56, 0);
    expect(base[0]).toBeCloseTo(56, 0);
    expect(bridge[1]).toBeGreaterThan(rOut[1] - 8);
    expect(base[1]).toBeGreaterThan(bridge[1]);
    expect(base[1]).toBeLessThan(mouth[1]);
    expect(rOut[0] + lOut[0]).toBeCloseTo(112, 6);
  });

  it('crops a neutral face alike with either alignment', () => {
    const face = canonicalImage();
    const a = alignmentTransform(face, 112, 'eyes-mouth');
    const b = alignmentTransform(face, 112, 'eyes-nose');
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) expect(b[r][c]).toBeCloseTo(a[r][c], 6);
  });

  it('keeps the eyes still under a mouth movement with eyes-nose, not with eyes-mouth', () => {
    const neutral = canonicalImage();
    const smile = smiling(neutral, 6);
    const eyeShift = (alignment: 'eyes-mouth' | 'eyes-nose'): number => {
      const before = landmarksToCrop(neutral, alignmentTransform(neutral, 112, alignment));
      const after = landmarksToCrop(smile, alignmentTransform(smile, 112, alignment));
      const eye = FACE_LANDMARKS.rightEyeOuter;
      return Math.hypot(after[eye][0] - before[eye][0], after[eye][1] - before[eye][1]);
    };
    expect(eyeShift('eyes-nose')).toBeLessThan(1e-6);
    expect(eyeShift('eyes-mouth')).toBeGreaterThan(0.5);
  });

  it('rejects an unknown alignment, naming it and the known ones', () => {
    expect(() => assertFaceAlignment('nose')).toThrow(FreeAvatarError);
    expect(() => alignmentTemplate(64, 'eyes' as never)).toThrow(
      /alignment must be one of eyes-mouth, eyes-nose, got "eyes"/,
    );
    expect(() => resolveCropperOptions({ alignment: 'mouth' as never })).toThrow(
      /alignment must be one of/,
    );
  });

  it('is a cropper option, eyes-mouth by default', () => {
    expect(resolveCropperOptions().alignment).toBe('eyes-mouth');
    expect(resolveCropperOptions({ alignment: 'eyes-nose' }).alignment).toBe('eyes-nose');
  });

  it('maps the template points of a moved, turned face onto the template', () => {
    const face = canonicalImage().map(
      ([x, y, z]) =>
        [
          ...applyAffine(
            [
              [0.9, -0.3, 40],
              [0.3, 0.9, -10],
            ],
            [x, y],
          ),
          z,
        ] as Point3,
    );
    const crop = landmarksToCrop(face, alignmentTransform(face, 64, 'eyes-nose'));
    const template = alignmentTemplate(64, 'eyes-nose');
    alignmentLandmarks('eyes-nose').forEach((index, k) => {
      expect(crop[index][0]).toBeCloseTo(template[k][0], 6);
      expect(crop[index][1]).toBeCloseTo(template[k][1], 6);
    });
  });
});
