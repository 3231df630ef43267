import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { applyAffine } from './affine.js';
import {
  boxIou,
  decodeDetections,
  detectorAnchors,
  letterbox,
  weightedNms,
  type Detection,
} from './blazeface.js';

describe('detectorAnchors', () => {
  it('lays out 512 stride-16 anchors then 384 stride-32 anchors', () => {
    const a = detectorAnchors();
    expect(a.length).toBe(896 * 2);
    expect([a[0], a[1], a[2], a[3], a[4], a[5]]).toEqual([8, 8, 8, 8, 24, 8]);
    expect([a[2 * 511], a[2 * 511 + 1]]).toEqual([248, 248]);
    expect([a[2 * 512], a[2 * 512 + 1]]).toEqual([16, 16]);
    expect([a[2 * 895], a[2 * 895 + 1]]).toEqual([240, 240]);
  });
});

describe('decodeDetections', () => {
  const anchors = detectorAnchors();

  function fakeOutput(entries: { index: number; logit: number; reg: number[] }[]): {
    logits: Float32Array;
    regressors: Float32Array;
  } {
    const logits = new Float32Array(896).fill(-10);
    const regressors = new Float32Array(896 * 16);
    for (const e of entries) {
      logits[e.index] = e.logit;
      regressors.set(e.reg, e.index * 16);
    }
    return { logits, regressors };
  }

  it('decodes box and keypoints relative to the anchor, with a sigmoid score', () => {
    const reg = [-4, 6, 40, 50, -10, -5, 10, -5, 0, 5, 0, 12, -18, 0, 18, 0];
    const [d, ...rest] = decodeDetections(
      fakeOutput([{ index: 600, logit: 2, reg }]),
      anchors,
      0.5,
    );
    expect(rest).toHaveLength(0);
    const ax = anchors[1200];
    const ay = anchors[1201];
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(d.box).toEqual({ x: ax - 4 - 20, y: ay + 6 - 25, width: 40, height: 50 });
    expect(d.keypoints[0]).toEqual([ax - 10, ay - 5]);
    expect(d.keypoints[5]).toEqual([ax + 18, ay]);
  });

  it('drops anchors below the score threshold', () => {
    const out = fakeOutput([
      { index: 10, logit: 0.1, reg: new Array(16).fill(1) },
      { index: 20, logit: 3, reg: new Array(16).fill(1) },
    ]);
    expect(decodeDetections(out, anchors, 0.6)).toHaveLength(1);
    expect(decodeDetections(out, anchors, 0.5)).toHaveLength(2);
  });

  it('rejects output of the wrong size', () => {
    expect(() =>
      decodeDetections(
        { logits: new Float32Array(10), regressors: new Float32Array(160) },
        anchors,
        0.5,
      ),
    ).toThrow(FreeAvatarError);
  });
});

describe('boxIou and weightedNms', () => {
  const det = (x: number, score: number): Detection => ({
    box: { x, y: 0, width: 10, height: 10 },
    score,
    keypoints: [
      [x, 0],
      [x + 10, 0],
      [x + 5, 5],
      [x + 5, 8],
      [x, 5],
      [x + 10, 5],
    ],
  });

  it('computes intersection over union', () => {
    expect(boxIou(det(0, 1).box, det(0, 1).box)).toBe(1);
    expect(boxIou(det(0, 1).box, det(5, 1).box)).toBeCloseTo(50 / 150, 9);
    expect(boxIou(det(0, 1).box, det(20, 1).box)).toBe(0);
  });

  it('merges overlapping detections into a score-weighted average, keeps separate ones', () => {
    const kept = weightedNms([det(0, 0.6), det(2, 0.9), det(50, 0.7)], 0.3, 10);
    expect(kept).toHaveLength(2);
    expect(kept[0].score).toBe(0.9);
    expect(kept[0].box.x).toBeCloseTo((0 * 0.6 + 2 * 0.9) / 1.5, 9);
    expect(kept[0].keypoints[2][0]).toBeCloseTo((5 * 0.6 + 7 * 0.9) / 1.5, 9);
    expect(kept[1].box.x).toBe(50);
  });

  it('returns at most maxCount, best first', () => {
    const kept = weightedNms([det(0, 0.6), det(30, 0.9), det(60, 0.7)], 0.3, 2);
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.7]);
  });
});

describe('letterbox', () => {
  it('centres a landscape image in the square input with bars above and below', () => {
    const m = letterbox(640, 480, 256);
    expect(applyAffine(m, [0, 0])).toEqual([0, 32]);
    expect(applyAffine(m, [640, 480])).toEqual([256, 224]);
  });
});
