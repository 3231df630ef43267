import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { applyAffine, similarityAbout } from './affine.js';
import { ALIGNMENT_LANDMARKS, alignmentTemplate } from './alignment.js';
import {
  ALIGNING_KEYPOINTS,
  canonicalCropLandmarks,
  keypointTemplate,
  keypointTransform,
  placedCanonicalLandmarks,
} from './keypoint-alignment.js';
import { FACE_LANDMARKS, LANDMARK_COUNT } from './landmarks.js';
import type { Point2 } from './types.js';

describe('canonicalCropLandmarks', () => {
  it('puts the eye and mouth corners on the alignment template', () => {
    const canonical = canonicalCropLandmarks(112);
    expect(canonical).toHaveLength(LANDMARK_COUNT);
    const template = alignmentTemplate(112);
    ALIGNMENT_LANDMARKS.forEach((i, k) => {
      expect(canonical[i][0]).toBeCloseTo(template[k][0], 9);
      expect(canonical[i][1]).toBeCloseTo(template[k][1], 9);
    });
  });

  it('is upright with the nose nearer (smaller z) than chin, forehead and eyes and scales with the crop', () => {
    const c = canonicalCropLandmarks(112);
    const nose = c[FACE_LANDMARKS.noseTip];
    expect(nose[0]).toBeCloseTo(56, 6);
    expect(c[FACE_LANDMARKS.foreheadTop][1]).toBeLessThan(nose[1]);
    expect(c[FACE_LANDMARKS.chin][1]).toBeGreaterThan(nose[1]);
    for (const i of [FACE_LANDMARKS.chin, FACE_LANDMARKS.foreheadTop, FACE_LANDMARKS.rightEyeOuter])
      expect(nose[2]).toBeLessThan(c[i][2] - 10);
    const big = canonicalCropLandmarks(224);
    expect(big[FACE_LANDMARKS.chin][1] - 112).toBeCloseTo(2 * (c[FACE_LANDMARKS.chin][1] - 56), 6);
  });
});

describe('keypointTemplate', () => {
  it('is left-right symmetric: eyes level, nose and mouth on the centre line', () => {
    const [rightEye, leftEye, nose, mouth] = keypointTemplate(112);
    expect(keypointTemplate(112)).toHaveLength(ALIGNING_KEYPOINTS);
    expect(rightEye[1]).toBeCloseTo(leftEye[1], 6);
    expect(rightEye[0] + leftEye[0]).toBeCloseTo(112, 6);
    expect(nose[0]).toBeCloseTo(56, 6);
    expect(mouth[0]).toBeCloseTo(56, 6);
    // Top to bottom: eyes, nose, mouth; the subject's right eye on the image's left.
    expect(rightEye[0]).toBeLessThan(leftEye[0]);
    expect(rightEye[1]).toBeLessThan(nose[1]);
    expect(nose[1]).toBeLessThan(mouth[1]);
  });
});

describe('keypointTransform', () => {
  const truth = similarityAbout([56, 56], 0.5, 0.3, [120, 80]); // crop → image
  const keypoints: Point2[] = [
    ...keypointTemplate(112).map((p) => applyAffine(truth, p)),
    [0, 0], // the ears are not used
    [999, -999],
  ];

  it('recovers the similarity that placed the keypoints, ignoring the ears', () => {
    const toCrop = keypointTransform(keypoints, 112);
    keypointTemplate(112).forEach((p, k) => {
      const [x, y] = applyAffine(toCrop, keypoints[k]);
      expect(x).toBeCloseTo(p[0], 6);
      expect(y).toBeCloseTo(p[1], 6);
    });
  });

  it('places the canonical face so that the transform maps it back onto the crop template', () => {
    const toCrop = keypointTransform(keypoints, 112);
    const placed = placedCanonicalLandmarks(toCrop, 112);
    const canonical = canonicalCropLandmarks(112);
    expect(placed).toHaveLength(LANDMARK_COUNT);
    for (const i of [FACE_LANDMARKS.noseTip, FACE_LANDMARKS.chin, FACE_LANDMARKS.mouthLeft]) {
      const [x, y] = applyAffine(toCrop, placed[i]);
      expect(x).toBeCloseTo(canonical[i][0], 6);
      expect(y).toBeCloseTo(canonical[i][1], 6);
      expect(placed[i][2]).toBeCloseTo(canonical[i][2] * 0.5, 6); // z in image scale
    }
  });

  it('rejects too few or coincident keypoints', () => {
    expect(() => keypointTransform([[1, 1]], 112)).toThrow(
      /needs the detector's eye, nose-tip and mouth keypoints, got 1 points/,
    );
    expect(() =>
      keypointTransform(
        [
          [5, 5],
          [5, 5],
          [5, 5],
          [5, 5],
        ],
        112,
      ),
    ).toThrow(FreeAvatarError);
  });
});
