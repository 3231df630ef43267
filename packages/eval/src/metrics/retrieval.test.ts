import { describe, expect, it } from 'vitest';
import { retrievalMetrics } from './retrieval.js';

const unit = (deg: number): number[] => [
  Math.cos((deg * Math.PI) / 180),
  Math.sin((deg * Math.PI) / 180),
];

// Directions at these angles; ranking by cosine is ranking by angular difference.
const E = [unit(0), unit(10), unit(22), unit(35), unit(50), unit(180)];
const L = ['A', 'A', 'B', 'A', 'B', 'C'];
// Rankings (query: neighbours, nearest first) and average precision, worked out by hand:
// 0 (A): 1A 2B 3A 4B 5C  -> AP (1/1 + 2/3) / 2 = 5/6, first hit at rank 1
// 1 (A): 0A 2B 3A 4B 5C  -> AP 5/6, first hit at 1
// 2 (B): 1A 3A 0A 4B 5C  -> AP 1/4, first hit at 4
// 3 (A): 2B 4B 1A 0A 5C  -> AP (1/3 + 2/4) / 2 = 5/12, first hit at 3
// 4 (B): 3A 2B ...       -> AP 1/2, first hit at 2
// 5 (C): no other C, skipped

describe('retrievalMetrics', () => {
  it('computes recall@k and mean average precision by hand-checked rankings', () => {
    const r = retrievalMetrics(E, L, { ks: [1, 2, 3, 4, 10] });
    expect(r.queries).toBe(5);
    expect(r.skippedQueries).toBe(1);
    expect(r.recallAtK[1]).toBeCloseTo(2 / 5, 12);
    expect(r.recallAtK[2]).toBeCloseTo(3 / 5, 12);
    expect(r.recallAtK[3]).toBeCloseTo(4 / 5, 12);
    expect(r.recallAtK[4]).toBe(1);
    expect(r.recallAtK[10]).toBe(1);
    expect(r.meanAveragePrecision).toBeCloseTo((5 / 6 + 5 / 6 + 1 / 4 + 5 / 12 + 1 / 2) / 5, 12);
    expect(r.averagePrecisionByLabel.A).toBeCloseTo((5 / 6 + 5 / 6 + 5 / 12) / 3, 12);
    expect(r.averagePrecisionByLabel.B).toBeCloseTo((1 / 4 + 1 / 2) / 2, 12);
    expect(r.averagePrecisionByLabel.C).toBeUndefined();
  });

  it('is invariant to vector length (cosine) and takes numeric labels', () => {
    const scaled = E.map((v, i) => new Float32Array(v.map((x) => x * (i + 1) * 3)));
    const r = retrievalMetrics(scaled, [0, 0, 1, 0, 1, 2], { ks: [1] });
    expect(r.recallAtK[1]).toBeCloseTo(2 / 5, 6);
    expect(r.averagePrecisionByLabel['0']).toBeCloseTo(25 / 36, 6);
  });

  it('scores a perfect clustering as 1', () => {
    const r = retrievalMetrics(
      [
        [1, 0],
        [0.9, 0.1],
        [0, 1],
        [0.1, 0.9],
      ],
      ['h', 'h', 's', 's'],
    );
    expect(r.recallAtK).toEqual({ 1: 1, 5: 1, 10: 1 });
    expect(r.meanAveragePrecision).toBe(1);
  });

  it('rejects bad inputs with clear errors', () => {
    expect(() => retrievalMetrics([[1, 0]], ['a', 'b'])).toThrow(
      /embeddings and labels must have the same length, got 1 and 2/,
    );
    expect(() =>
      retrievalMetrics(
        [
          [1, 0],
          [0, 1],
        ],
        ['a', 'b'],
      ),
    ).toThrow(/labels must repeat/);
    expect(() =>
      retrievalMetrics(
        [
          [1, 0],
          [0, 0],
        ],
        ['a', 'a'],
      ),
    ).toThrow(/embeddings\[1\] is a zero vector/);
    expect(() =>
      retrievalMetrics(
        [
          [1, 0],
          [NaN, 1],
        ],
        ['a', 'a'],
      ),
    ).toThrow(/embeddings\[1\]\[0\].*NaN/);
    expect(() =>
      retrievalMetrics(
        [
          [1, 0],
          [0, 1],
        ],
        ['a', 'a'],
        { ks: [0] },
      ),
    ).toThrow(/ks\[0\] must be a positive integer, got 0/);
    expect(() => retrievalMetrics([], [])).toThrow(/embeddings must not be empty/);
    expect(() =>
      retrievalMetrics(
        [
          [1, 0],
          [0, 1],
        ],
        ['a', NaN],
      ),
    ).toThrow(/labels\[1\]/);
  });
});
