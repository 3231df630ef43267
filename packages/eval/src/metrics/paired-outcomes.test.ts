import { describe, expect, it } from 'vitest';
import { createRng } from '@freeavatar/core';
import { pairedDifferenceError, pairedErrorIfKnown } from './paired-outcomes.js';

/** `n` items right with probability `p` clean; perturbed, each right item is lost with `loss`. */
function pairedRuns(n: number, p: number, loss: number, seed: number): [string, string] {
  const rng = createRng(seed);
  let clean = '';
  let perturbed = '';
  for (let i = 0; i < n; i++) {
    const right = rng.next() < p;
    clean += right ? '1' : '0';
    perturbed += right && rng.next() >= loss ? '1' : '0';
  }
  return [clean, perturbed];
}

const accuracy = (s: string): number => [...s].filter((c) => c === '1').length / s.length;
const unpaired = (a: string, b: string): number => {
  const [p, q] = [accuracy(a), accuracy(b)];
  return Math.sqrt((p * (1 - p)) / a.length + (q * (1 - q)) / b.length) * 100;
};

describe('pairedDifferenceError', () => {
  it('matches a hand-worked case', () => {
    // Differences 0, 1, 0, 0: mean 0.25, sample variance (1 − 4 · 0.0625) / 3 = 0.25.
    expect(pairedDifferenceError('1101', '1001')).toBeCloseTo(25, 10);
    expect(pairedDifferenceError('1010', '1010')).toBe(0);
    // Every item flips the same way: the difference is certain.
    expect(pairedDifferenceError('1111', '0000')).toBe(0);
  });

  it('is far below the independent-proportions error when the runs agree item by item', () => {
    const [clean, perturbed] = pairedRuns(400, 0.7, 0.07, 5);
    expect(pairedDifferenceError(clean, perturbed)).toBeLessThan(0.5 * unpaired(clean, perturbed));
  });

  it('is about the independent-proportions error when the runs are unrelated', () => {
    const [a] = pairedRuns(4000, 0.7, 0, 6);
    const [b] = pairedRuns(4000, 0.6, 0, 7);
    const ratio = pairedDifferenceError(a, b) / unpaired(a, b);
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
  });

  it('predicts how far the drop of another draw of items falls', () => {
    const drops: number[] = [];
    const errors: number[] = [];
    for (let d = 0; d < 300; d++) {
      const [clean, perturbed] = pairedRuns(400, 0.7, 0.1, 1000 + d);
      drops.push((accuracy(clean) - accuracy(perturbed)) * 100);
      errors.push(pairedDifferenceError(clean, perturbed));
    }
    const mean = drops.reduce((s, x) => s + x, 0) / drops.length;
    const spread = Math.sqrt(drops.reduce((s, x) => s + (x - mean) ** 2, 0) / (drops.length - 1));
    const typical = errors.reduce((s, x) => s + x, 0) / errors.length;
    expect(typical / spread).toBeGreaterThan(0.85);
    expect(typical / spread).toBeLessThan(1.15);
  });

  it('names what is wrong with its input', () => {
    expect(() => pairedDifferenceError('1012', '1010')).toThrow(/a must be .*'2' at 3/);
    expect(() => pairedDifferenceError('101', 7 as unknown as string)).toThrow(
      /b must be .*number/,
    );
    expect(() => pairedDifferenceError('101', '10')).toThrow(/same items, got 3 and 2/);
    expect(() => pairedDifferenceError('1', '0')).toThrow(/at least 2 items, got 1/);
  });
});

describe('pairedErrorIfKnown', () => {
  it('is the paired error where both runs kept outcomes for the same items, else null', () => {
    expect(pairedErrorIfKnown('1101', '1001')).toBeCloseTo(25, 10);
    expect(pairedErrorIfKnown(undefined, '1001')).toBeNull();
    expect(pairedErrorIfKnown('101', '1001')).toBeNull();
    expect(pairedErrorIfKnown('1', '0')).toBeNull();
  });
});
