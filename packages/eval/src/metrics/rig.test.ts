import { describe, expect, it } from 'vitest';
import {
  expressionConsistency,
  meanAbsoluteError,
  pearsonCorrelation,
  rigError,
  STILL_CONTROL_SPREAD,
  rootMeanSquaredError,
} from './rig.js';

describe('series errors', () => {
  it('computes MAE, RMSE and Pearson r on hand-worked cases', () => {
    expect(meanAbsoluteError([1, 2, 3], [1, 4, 0])).toBeCloseTo(5 / 3, 12);
    expect(rootMeanSquaredError([0, 0], [3, 4])).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // deviations (-1, 0, 1) and (0, -1, 1): cov 1, variances 2 and 2
    expect(pearsonCorrelation([1, 2, 3], [5, 4, 6])).toBeCloseTo(0.5, 12);
    expect(pearsonCorrelation(new Float32Array([1, 2, 3]), [5, 5, 5])).toBeNull();
  });

  it('rejects mismatched, empty or non-finite series', () => {
    expect(() => meanAbsoluteError([1, 2], [1])).toThrow(
      /series predicted and series truth must have the same length, got 2 and 1/,
    );
    expect(() => rootMeanSquaredError([], [])).toThrow(/series predicted must not be empty/);
    expect(() => pearsonCorrelation([1, NaN], [1, 2])).toThrow(
      /series predicted\[1\] must be a finite number, got NaN/,
    );
  });
});

describe('rigError', () => {
  const truth = { jawOpen: [0, 0.4, 1], smile: [0.2, 0.3, 0.4], blink: [0, 0, 0] };
  const predicted = { jawOpen: [0, 0.5, 1], smile: [0.2, 0.2, 0.4], blink: [0, 0.1, 0] };

  it('scores each control and averages', () => {
    const r = rigError(predicted, truth);
    const rJaw = 7.5 / Math.sqrt(57); // cov 1/2, variances 1/2 and 114/225
    const rSmile = Math.sqrt(3) / 2; // cov 0.02, variances 0.08/3 and 0.02
    for (const name of ['jawOpen', 'smile', 'blink']) {
      expect(r.perControl[name].mae).toBeCloseTo(0.1 / 3, 12);
      expect(r.perControl[name].rmse).toBeCloseTo(Math.sqrt(0.01 / 3), 12);
    }
    expect(r.perControl.jawOpen.pearson).toBeCloseTo(rJaw, 12);
    expect(r.perControl.smile.pearson).toBeCloseTo(rSmile, 12);
    expect(r.perControl.blink.pearson).toBeNull();
    expect(r.mean.mae).toBeCloseTo(0.1 / 3, 12);
    expect(r.mean.pearson).toBeCloseTo((rJaw + rSmile) / 2, 12);
    expect(r.pearsonControls).toBe(2);
    expect(r.perControl.jawOpen.spread).toBeCloseTo(Math.sqrt(1 / 6), 12);
    expect(r.perControl.blink.spread).toBeCloseTo(Math.sqrt(0.02 / 9), 12);
    expect(r.stillControls).toEqual([]);
  });

  it('names the controls a prediction leaves still where the truth moves', () => {
    const r = rigError(
      { jawOpen: [0.1, 0.1, 0.1], smile: [0, 0.001, 0], blink: [0, 0, 0], brow: [0, 0.3, 0] },
      { jawOpen: [0, 0.5, 1], smile: [0, 0, 0.6], blink: [0, 0, 0], brow: [0, 0.2, 0.1] },
    );
    expect(r.stillControls).toEqual(['jawOpen', 'smile']);
    expect(STILL_CONTROL_SPREAD).toBe(0.005);
  });

  it('scores a chosen subset and reports missing or extra controls', () => {
    const r = rigError(predicted, truth, { controls: ['smile'] });
    expect(Object.keys(r.perControl)).toEqual(['smile']);
    expect(r.mean.pearson).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(() => rigError({ jawOpen: [0, 0.5, 1] }, truth)).toThrow(
      /predicted has no curve for control 'smile'/,
    );
    expect(() => rigError({ ...predicted, brow: [0, 0, 0] }, truth)).toThrow(
      /predicted has controls that truth lacks: brow/,
    );
    expect(() => rigError(predicted, truth, { controls: ['nose'] })).toThrow(
      /truth has no curve for control 'nose'/,
    );
    expect(() => rigError({ a: [1, 2], b: [1, 2, 3] }, { a: [1, 2], b: [1, 2, 3] })).toThrow(
      /control 'b' has 3 frames, expected 2/,
    );
    expect(() => rigError({}, {})).toThrow(/no controls to score/);
    expect(() => rigError({ a: [1, 2] }, { a: [1] })).toThrow(
      /control 'a' predicted and control 'a' truth/,
    );
  });
});

describe('expressionConsistency', () => {
  it('averages pairwise cosine similarity', () => {
    expect(
      expressionConsistency(
        [
          [1, 0],
          [0, 1],
        ],
        [
          [2, 0],
          [1, 1],
        ],
      ),
    ).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12);
    expect(expressionConsistency([[1, 0]], [[-3, 0]])).toBeCloseTo(-1, 12);
  });

  it('rejects mismatched or zero vectors', () => {
    expect(() =>
      expressionConsistency(
        [[1, 0]],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toThrow(/same length, got 1 and 2/);
    expect(() => expressionConsistency([[1, 0]], [[1, 0, 0]])).toThrow(
      /same dimension, got 2 and 3/,
    );
    expect(() =>
      expressionConsistency(
        [
          [1, 0],
          [0, 0],
        ],
        [
          [1, 0],
          [1, 0],
        ],
      ),
    ).toThrow(/pair 1 has a zero vector/);
    expect(() => expressionConsistency([], [])).toThrow(/source must not be empty/);
  });
});
