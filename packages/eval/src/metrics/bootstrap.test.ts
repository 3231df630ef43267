import { describe, expect, it } from 'vitest';
import { createRng } from '@freeavatar/core';
import { pearsonInterval } from './bootstrap.js';
import { pearsonCorrelation } from './rig.js';

/** `n` pairs of a bivariate normal with correlation `rho`. */
function correlatedPairs(n: number, rho: number, seed: number): [number[], number[]] {
  const rng = createRng(seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = normal();
    a.push(x);
    b.push(rho * x + Math.sqrt(1 - rho * rho) * normal());
  }
  return [a, b];
}

describe('pearsonInterval', () => {
  it('brackets the sample r and agrees with the Fisher-z interval on normal data', () => {
    const [a, b] = correlatedPairs(400, 0.8, 3);
    const r = pearsonCorrelation(a, b)!;
    const ci = pearsonInterval(a, b)!;
    expect(ci.level).toBe(0.95);
    expect(ci.low).toBeLessThan(r);
    expect(ci.high).toBeGreaterThan(r);
    const z = Math.atanh(r);
    const half = 1.96 / Math.sqrt(400 - 3);
    expect(Math.abs(ci.low - Math.tanh(z - half))).toBeLessThan(0.02);
    expect(Math.abs(ci.high - Math.tanh(z + half))).toBeLessThan(0.02);
  });

  it('covers the true correlation about as often as its level says', () => {
    let covered = 0;
    const draws = 120;
    for (let d = 0; d < draws; d++) {
      const [a, b] = correlatedPairs(100, 0.6, 100 + d);
      const ci = pearsonInterval(a, b, { resamples: 400, seed: d })!;
      if (ci.low <= 0.6 && 0.6 <= ci.high) covered++;
    }
    expect(covered / draws).toBeGreaterThan(0.85);
    expect(covered / draws).toBeLessThan(0.99);
  });

  it('narrows as the samples grow, widens with the level, and repeats for a seed', () => {
    const [a, b] = correlatedPairs(1024, 0.9, 5);
    const width = (n: number, level = 0.95) => {
      const ci = pearsonInterval(a.slice(0, n), b.slice(0, n), { level })!;
      return ci.high - ci.low;
    };
    expect(width(256) / width(1024)).toBeGreaterThan(1.5);
    expect(width(256) / width(1024)).toBeLessThan(2.7);
    expect(width(1024, 0.99)).toBeGreaterThan(width(1024, 0.8));
    expect(pearsonInterval(a, b, { seed: 7 })).toEqual(pearsonInterval(a, b, { seed: 7 }));
    expect(pearsonInterval(a, b, { seed: 7 })).not.toEqual(pearsonInterval(a, b, { seed: 8 }));
  });

  it('gives the same interval for series shifted far from zero', () => {
    const [a, b] = correlatedPairs(300, 0.7, 9);
    const near = pearsonInterval(a, b)!;
    const far = pearsonInterval(
      a.map((x) => x + 1e6),
      b.map((y) => y * 1e-3 - 5e5),
    )!;
    expect(far.low).toBeCloseTo(near.low, 6);
    expect(far.high).toBeCloseTo(near.high, 6);
  });

  it('is null where r is undefined or there are too few pairs', () => {
    expect(pearsonInterval([1, 2, 3, 4], [5, 5, 5, 5])).toBeNull();
    expect(pearsonInterval([1, 2], [2, 1])).toBeNull();
  });

  it('names bad input', () => {
    expect(() => pearsonInterval([1, 2, 3], [1, 2])).toThrow(/same length/);
    expect(() => pearsonInterval([1, 2, 3], [1, 2, 3], { resamples: 10 })).toThrow(
      'resamples must be an integer in 100..100000, got 10',
    );
    expect(() => pearsonInterval([1, 2, 3], [1, 2, 3], { level: 1 })).toThrow(
      'level must be a number in 0.5..0.999, got 1',
    );
    expect(() => pearsonInterval([1, 2, 3], [1, 2, 3], { seed: -1 })).toThrow(
      'seed must be an integer in 0..4294967295, got -1',
    );
  });
});
