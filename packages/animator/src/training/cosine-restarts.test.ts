import { describe, expect, it } from 'vitest';
import { cosineRestarts } from './cosine-restarts.js';

describe('cosineRestarts', () => {
  it('warms up, decays to min and restarts at peak every cycle', () => {
    const lr = cosineRestarts({ peak: 1, totalSteps: 110, cycles: 2, warmupSteps: 10, min: 0.1 });
    expect(lr(0)).toBeCloseTo(0.1, 9);
    expect(lr(9)).toBeCloseTo(1, 9);
    expect(lr(10)).toBeCloseTo(1, 9);
    expect(lr(35)).toBeCloseTo(0.55, 9); // half way down the first cycle
    expect(lr(59)).toBeLessThan(0.11);
    expect(lr(60)).toBeCloseTo(1, 9); // the restart
    expect(lr(109)).toBeLessThan(0.11);
    const one = cosineRestarts({ peak: 2, totalSteps: 4, cycles: 1 });
    expect(one(0)).toBeCloseTo(2, 9);
    expect(one(1)).toBeCloseTo(0.1 + 0.95 * (1 + Math.SQRT1_2), 9); // min defaults to peak / 20
    expect(one(2)).toBeCloseTo(1.05, 9);
  });

  it('rejects bad settings', () => {
    expect(() => cosineRestarts({ peak: 0, totalSteps: 10 })).toThrow(
      /peak must be a number > 0, got 0/,
    );
    expect(() => cosineRestarts({ peak: 1, totalSteps: 10, cycles: 11 })).toThrow(
      /cycles must be an integer in 1..10, got 11/,
    );
    expect(() => cosineRestarts({ peak: 1, totalSteps: 10, warmupSteps: 10 })).toThrow(
      /warmupSteps/,
    );
    expect(() => cosineRestarts({ peak: 1, totalSteps: 10, min: 2 })).toThrow(
      /min must be a number in 0..peak/,
    );
    expect(() => cosineRestarts(null as never)).toThrow(/options must be an object, got null/);
  });
});
