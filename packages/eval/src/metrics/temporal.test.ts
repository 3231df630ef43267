import { describe, expect, it } from 'vitest';
import { curveLag, heldSegments, rigLag, temporalJitter } from './temporal.js';

describe('heldSegments', () => {
  it('finds runs where every curve stays put', () => {
    expect(heldSegments([0, 0, 0, 0.5, 1, 1, 1, 1])).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 8 },
    ]);
    // the second curve moves between frames 1 and 2, splitting the first run
    expect(
      heldSegments([
        [0, 0, 0, 0, 0, 0],
        [0, 0, 1, 1, 1, 1],
      ]),
    ).toEqual([{ start: 2, end: 6 }]);
    expect(heldSegments([0, 0, 0.05, 0.1, 1], { tolerance: 0.06, minLength: 2 })).toEqual([
      { start: 0, end: 4 },
    ]);
  });

  it('rejects bad curves and options', () => {
    expect(() => heldSegments([])).toThrow(/must not be empty/);
    expect(() => heldSegments([[0, 1], [0]])).toThrow(
      /curves\[1\] and curves\[0\] must have the same length/,
    );
    expect(() => heldSegments([0, NaN])).toThrow(
      /curves\[0\]\[1\] must be a finite number, got NaN/,
    );
    expect(() => heldSegments([0, 0], { minLength: 1 })).toThrow(
      /minLength must be an integer >= 2, got 1/,
    );
    expect(() => heldSegments([0, 0], { tolerance: -1 })).toThrow(/tolerance/);
    expect(() => heldSegments('x' as never)).toThrow(
      /curves must be a curve or a list of curves, got the string "x"/,
    );
  });
});

describe('temporalJitter', () => {
  it('averages absolute second differences', () => {
    expect(temporalJitter([0, 1, 0, 1, 0])).toBe(2);
    // second differences 0.1, -0.2, 0.1
    expect(temporalJitter(new Float32Array([0, 0, 0.5, 0, 0]))).toBeCloseTo(2 / 3, 6);
    expect(temporalJitter([0, 0, 0.1, 0, 0])).toBeCloseTo(0.4 / 3, 12);
  });

  it('counts only frames with both neighbours inside a segment', () => {
    const curve = [0, 1, 0, 1, 0, 0, 0, 3, 3, 3];
    expect(temporalJitter(curve, [{ start: 4, end: 7 }])).toBe(0);
    // frames 5 (0) and 8 (0): the step at frame 7 is outside both segments
    expect(
      temporalJitter(curve, [
        { start: 4, end: 7 },
        { start: 7, end: 10 },
      ]),
    ).toBe(0);
    // frames 1, 2 (2 each) and 8 (0)
    expect(
      temporalJitter(curve, [
        { start: 0, end: 4 },
        { start: 7, end: 10 },
      ]),
    ).toBeCloseTo(4 / 3, 12);
  });

  it('rejects bad segments and too-short input', () => {
    expect(() => temporalJitter([0, 1])).toThrow(/at least one segment of 3 or more frames/);
    expect(() => temporalJitter([0, 1, 2], [{ start: 1, end: 4 }])).toThrow(
      /segments\[0\].*end <= 3/,
    );
    expect(() => temporalJitter([0, 1, 2], [{ start: 2, end: 2 }])).toThrow(/segments\[0\]/);
    expect(() => temporalJitter([])).toThrow(/curve must not be empty/);
  });
});

describe('curveLag', () => {
  const truth = [0, 0, 1, 2, 1, 0, 0, 0];

  it('finds a late prediction as a positive lag', () => {
    const late = [0, 0, 0, 0, 1, 2, 1, 0];
    const r = curveLag(late, truth);
    expect(r.lag).toBe(2);
    // at lag 2 the overlapping frames are identical
    expect(r.correlation).toBeCloseTo(1, 12);
  });

  it('finds an early prediction as a negative lag and an aligned one as 0', () => {
    expect(curveLag([0, 1, 2, 1, 0, 0, 0, 0], truth).lag).toBe(-1);
    const same = curveLag(
      truth.map((v) => v * 3 + 1),
      truth,
    );
    expect(same.lag).toBe(0);
    expect(same.correlation).toBeCloseTo(1, 12);
  });

  it('recovers the shift of a slow curve that starts and ends away from its mean', () => {
    // rise, hold, fall over 90 frames; a sum normalised by the whole curves would favour lag 0 here
    const slow = Array.from({ length: 90 }, (_, t) =>
      t < 10 ? 0 : t < 30 ? (t - 10) / 20 : t < 60 ? 1 : t < 80 ? (80 - t) / 20 : 0,
    );
    for (const by of [1, 4, -3]) {
      const shifted = slow.map((_, t) => slow[Math.min(89, Math.max(0, t - by))]);
      expect(curveLag(shifted, slow).lag).toBe(by);
    }
  });

  it('respects maxLag and reports constant curves as null', () => {
    const late = [0, 0, 0, 0, 1, 2, 1, 0];
    expect(curveLag(late, truth, { maxLag: 1 }).lag).toBe(1);
    expect(curveLag([1, 1, 1], [0, 1, 0])).toEqual({ lag: null, correlation: null });
    expect(() => curveLag(late, truth, { maxLag: 8 })).toThrow(
      /maxLag must be an integer in \[0, 7\], got 8/,
    );
    expect(() => curveLag([1, 2], [1, 2, 3])).toThrow(
      /predicted and truth must have the same length/,
    );
  });
});

describe('rigLag', () => {
  it('gives per-control lags and a pooled one', () => {
    const r = rigLag(
      { a: [0, 0, 0, 1, 0, 0, 0], b: [0, 0, 0, 0, 1, 0, 0], c: [0, 0, 0, 0, 0, 0, 0] },
      { a: [0, 0, 1, 0, 0, 0, 0], b: [0, 0, 1, 0, 0, 0, 0], c: [0, 0, 0, 0, 0, 0, 0] },
    );
    expect(r.perControl.a.lag).toBe(1);
    expect(r.perControl.b.lag).toBe(2);
    expect(r.perControl.c).toEqual({ lag: null, correlation: null });
    // overlap correlations: at lag 1, a = 1 and b = -0.2 (two single spikes in 6 frames);
    // at lag 2, a = -0.25 (in 5 frames) and b = 1
    expect(r.pooled.lag).toBe(1);
    expect(r.pooled.correlation).toBeCloseTo(0.4, 12);
    expect(() => rigLag({}, { a: [0, 1, 0] })).toThrow(/predicted has no curve for control 'a'/);
    expect(() => rigLag({}, {})).toThrow(/no controls/);
  });
});
