import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { applyInputFilter, assertInputFilter } from './input-filter.js';

/** A `width`-wide, 4-row picture, dark left of `edge` and bright from it on, all channels. */
function stepPicture(width: number, edge: number, dark = 0.2, bright = 0.8): Float32Array {
  const data = new Float32Array(width * 4 * 3);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < width; x++)
      data.fill(x < edge ? dark : bright, (y * width + x) * 3, (y * width + x + 1) * 3);
  }
  return data;
}

/** The red value of row 0, column `x`. */
const at = (data: Float32Array, x: number): number => data[x * 3];

describe('applyInputFilter', () => {
  it('leaves a flat picture as it is, sharpened or smoothed', () => {
    for (const amount of [-1, -0.5, 2]) {
      const data = new Float32Array(8 * 5 * 3).fill(0.4);
      applyInputFilter(data, 8, 5, { sigma: 2, amount });
      for (const v of data) expect(v).toBeCloseTo(0.4, 6);
    }
  });

  it('with amount 0 changes nothing', () => {
    const data = stepPicture(16, 8);
    const before = data.slice();
    applyInputFilter(data, 16, 4, { sigma: 2, amount: 0 });
    expect(data).toEqual(before);
  });

  it('smooths a step with amount −1: values between the sides, symmetric about the edge', () => {
    const data = stepPicture(32, 16);
    applyInputFilter(data, 32, 4, { sigma: 2, amount: -1 });
    expect(at(data, 15)).toBeGreaterThan(0.2);
    expect(at(data, 15)).toBeLessThan(0.5);
    expect(at(data, 16)).toBeGreaterThan(0.5);
    expect(at(data, 15) + at(data, 16)).toBeCloseTo(1, 5);
    // Far from the edge the sides keep their values.
    expect(at(data, 0)).toBeCloseTo(0.2, 5);
    expect(at(data, 31)).toBeCloseTo(0.8, 5);
    // Every row and channel got the same.
    expect(data[(3 * 32 + 15) * 3 + 2]).toBeCloseTo(at(data, 15), 6);
  });

  it('sharpens a soft edge: darker before it, brighter after it, clamped to the range', () => {
    const data = stepPicture(32, 16, 0.3, 0.7);
    applyInputFilter(data, 32, 4, { sigma: 2, amount: 2 });
    expect(at(data, 15)).toBeLessThan(0.3);
    expect(at(data, 16)).toBeGreaterThan(0.7);
    const strong = stepPicture(32, 16, 0.05, 0.95);
    applyInputFilter(strong, 32, 4, { sigma: 2, amount: 10 });
    expect(Math.min(...strong)).toBe(0);
    expect(Math.max(...strong)).toBe(1);
    const signed = stepPicture(32, 16, -0.9, 0.9);
    applyInputFilter(signed, 32, 4, { sigma: 2, amount: 10 }, [-1, 1]);
    expect(Math.min(...signed)).toBe(-1);
    expect(Math.max(...signed)).toBe(1);
  });

  it('names what is wrong with its arguments', () => {
    const data = new Float32Array(12);
    expect(() => applyInputFilter(data, 2, 2, { sigma: 0.1, amount: 1 })).toThrow(
      /filter\.sigma must be a number in 0\.3–20, got 0\.1/,
    );
    expect(() => applyInputFilter(data, 2, 2, { sigma: 1, amount: -2 })).toThrow(
      /filter\.amount must be a number in −1–10, got -2/,
    );
    expect(() => applyInputFilter(data, 3, 2, { sigma: 1, amount: 1 })).toThrow(
      /data must be a Float32Array of width × height × 3 = 18 values, got 12/,
    );
    expect(() => applyInputFilter(data, 2, 2, { sigma: 1, amount: 1 }, [1, 0])).toThrow(
      /range must be \[low, high\] with low < high/,
    );
    expect(() => applyInputFilter(data, 0, 2, { sigma: 1, amount: 1 })).toThrow(FreeAvatarError);
  });
});

describe('assertInputFilter', () => {
  it('uses the name it is given', () => {
    expect(() => assertInputFilter({ sigma: 3, amount: 2 }, 'f')).not.toThrow();
    expect(() => assertInputFilter(null as never, 'retryFilters[1]')).toThrow(
      /retryFilters\[1\] must be an object \{ sigma, amount \}, got null/,
    );
    expect(() => assertInputFilter({ sigma: 30, amount: 1 }, 'retryFilters[0]')).toThrow(
      /retryFilters\[0\]\.sigma must be a number in 0\.3–20, got 30/,
    );
  });
});
