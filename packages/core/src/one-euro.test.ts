import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { OneEuroFilter } from './one-euro.js';

function jitter(values: number[]): number {
  let sum = 0;
  for (let i = 2; i < values.length; i++)
    sum += Math.abs(values[i] - 2 * values[i - 1] + values[i - 2]);
  return sum / (values.length - 2);
}

describe('OneEuroFilter', () => {
  it('passes the first sample through and a constant signal unchanged', () => {
    const f = new OneEuroFilter(2);
    expect(Array.from(f.filter([0.3, 0.7], 0))).toEqual([Math.fround(0.3), Math.fround(0.7)]);
    const out = f.filter([0.3, 0.7], 33);
    expect(out[0]).toBeCloseTo(0.3, 6);
    expect(out[1]).toBeCloseTo(0.7, 6);
  });

  it('reduces jitter on a noisy held value by a large factor', () => {
    const rng = createRng(1);
    const f = new OneEuroFilter(1, { minCutoff: 1, beta: 0.1 });
    const raw: number[] = [];
    const smooth: number[] = [];
    for (let i = 0; i < 120; i++) {
      const v = 0.5 + rng.normal(0, 0.03);
      raw.push(v);
      smooth.push(f.filter([v], i * 33.3)[0]);
    }
    expect(jitter(smooth)).toBeLessThan(jitter(raw) / 4);
  });

  it('follows a step quickly when beta is high', () => {
    const slow = new OneEuroFilter(1, { minCutoff: 0.5, beta: 0 });
    const fast = new OneEuroFilter(1, { minCutoff: 0.5, beta: 5 });
    let s = 0;
    let q = 0;
    for (let i = 0; i < 6; i++) {
      const v = i === 0 ? 0 : 1;
      s = slow.filter([v], i * 33)[0];
      q = fast.filter([v], i * 33)[0];
    }
    expect(q).toBeGreaterThan(s);
    expect(q).toBeGreaterThan(0.8);
  });

  it('divides the speed by speedScale, so a larger scale smooths more', () => {
    const plain = new OneEuroFilter(1, { minCutoff: 0.5, beta: 5 });
    const scaled = new OneEuroFilter(1, { minCutoff: 0.5, beta: 5 });
    let p = 0;
    let q = 0;
    for (let i = 0; i < 4; i++) {
      p = plain.filter([i === 0 ? 0 : 1], i * 33)[0];
      q = scaled.filter([i === 0 ? 0 : 1], i * 33, 100)[0];
    }
    expect(q).toBeLessThan(p);
  });

  it('resets, and names bad input', () => {
    const f = new OneEuroFilter(1);
    f.filter([0], 0);
    f.filter([1], 10);
    f.reset();
    expect(f.filter([0.25], 20)[0]).toBe(0.25);
    expect(() => f.filter([0, 1], 30)).toThrow(/expected 1 values, got 2/);
    expect(() => f.filter(null as never, 30)).toThrow(
      /^values must be an array of numbers, got null$/,
    );
    expect(() => f.filter([0], 20)).toThrow(/timestamps must increase/);
    expect(() => new OneEuroFilter(0)).toThrow(/size must be a positive integer/);
    expect(() => new OneEuroFilter(1, { minCutoff: 0 })).toThrow(/minCutoff/);
  });
});
