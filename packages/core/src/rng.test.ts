import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('createRng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 20 }, () => a.next());
    const ys = Array.from({ length: 20 }, () => b.next());
    expect(xs).toEqual(ys);
    expect(new Set(xs).size).toBe(20);
  });

  it('gives different sequences for different seeds and forks', () => {
    expect(createRng(1).next()).not.toBe(createRng(2).next());
    const r = createRng(3);
    expect(r.fork('a').next()).not.toBe(r.fork('b').next());
    expect(r.fork('a').next()).toBe(createRng(3).fork('a').next());
  });

  it('draws uniform values in range with the right mean', () => {
    const r = createRng(11);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = r.uniform(2, 4);
      expect(v).toBeGreaterThanOrEqual(2);
      expect(v).toBeLessThan(4);
      sum += v;
    }
    expect(sum / n).toBeCloseTo(3, 1);
  });

  it('draws normals with the requested mean and std', () => {
    const r = createRng(5);
    const n = 20000;
    const xs = Array.from({ length: n }, () => r.normal(1, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(1, 1);
    expect(std).toBeCloseTo(2, 1);
  });

  it('shuffles without losing items and rejects bad arguments', () => {
    const r = createRng(9);
    const items = [1, 2, 3, 4, 5, 6];
    expect(r.shuffle(items).sort()).toEqual(items);
    expect(() => r.int(0)).toThrow(/positive integer/);
    expect(() => r.pick([])).toThrow(/non-empty/);
    expect(() => createRng(Number.NaN)).toThrow(/finite/);
    expect(() => r.pick(null as never)).toThrow(/^items must be an array, got null$/);
    expect(() => r.shuffle(42 as never)).toThrow(/^items must be an array, got the number 42$/);
    expect(() => r.fork(null as never)).toThrow(/^key must be a number or a string, got null$/);
  });
});
