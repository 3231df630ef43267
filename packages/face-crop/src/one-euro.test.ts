import { describe, expect, it } from 'vitest';
import { createRng } from '@freeavatar/core';
import { OneEuroFilter } from './one-euro.js';

describe('OneEuroFilter', () => {
  it('passes the first value and a constant signal unchanged', () => {
    const f = new OneEuroFilter(1, 0.5);
    for (let t = 0; t < 10; t++) expect(f.filter(3.5, t * 33)).toBeCloseTo(3.5, 12);
  });

  it('reduces jitter on a still signal', () => {
    const rng = createRng(7);
    const f = new OneEuroFilter(1, 0.05);
    let rawVar = 0;
    let outVar = 0;
    for (let t = 0; t < 300; t++) {
      const noise = rng.next() - 0.5;
      const out = f.filter(10 + noise, t * 33);
      if (t >= 30) {
        rawVar += noise * noise;
        outVar += (out - 10) ** 2;
      }
    }
    expect(outVar).toBeLessThan(rawVar / 4);
  });

  it('follows fast motion with less lag when beta is higher', () => {
    const lagAfterRamp = (beta: number): number => {
      const f = new OneEuroFilter(1, beta);
      let out = 0;
      for (let t = 0; t <= 30; t++) out = f.filter(t * 10, t * 33);
      return 300 - out;
    };
    expect(lagAfterRamp(0)).toBeGreaterThan(0);
    expect(lagAfterRamp(1)).toBeLessThan(lagAfterRamp(0) / 3);
  });

  it('scales speed by speedUnit before beta applies', () => {
    const run = (unit: number): number => {
      const f = new OneEuroFilter(1, 1);
      let out = 0;
      for (let t = 0; t <= 30; t++) out = f.filter(t * 10, t * 33, unit);
      return out;
    };
    expect(run(1)).toBeGreaterThan(run(1000));
  });
});
