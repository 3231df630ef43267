import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity, euclideanDistance } from './distance.js';
import {
  tripletAccuracy,
  tripletAccuracyFromDistances,
  tripletDistances,
  type Triplet,
} from './triplet.js';

// Points chosen so every distance is easy to work out by hand.
const E = [
  [0, 0], // 0
  [0, 1], // 1
  [3, 0], // 2
  [0, 2], // 3
  [1, 0], // 4
];

const T: Triplet[] = [
  // ap = 1, an = 3, pn = sqrt(10): correct, margin min(3, 3.162) - 1 = 2
  { anchor: 0, positive: 1, negative: 2, type: 'ONE_CLASS' },
  // ap = 3, an = 1: wrong, margin min(1, sqrt(10)) - 3 = -2
  { anchor: 0, positive: 2, negative: 1, type: 'TWO_CLASS' },
  // ap = 1, an = 2, pn = 1: d(a,p) is not strictly below d(p,n), wrong, margin 0
  { anchor: 0, positive: 1, negative: 3, type: 'TWO_CLASS' },
  // ap = 1, an = sqrt(2), pn = sqrt(5): correct, margin sqrt(2) - 1
  { anchor: 1, positive: 3, negative: 4, type: 'THREE_CLASS' },
];

describe('tripletAccuracy', () => {
  it('applies the two-sided rule overall and per type', () => {
    const r = tripletAccuracy(E, T);
    expect(r.correct).toBe(2);
    expect(r.total).toBe(4);
    expect(r.accuracy).toBe(0.5);
    expect(r.byType).toEqual({
      ONE_CLASS: { accuracy: 1, correct: 1, total: 1 },
      TWO_CLASS: { accuracy: 0, correct: 0, total: 2 },
      THREE_CLASS: { accuracy: 1, correct: 1, total: 1 },
    });
    expect(Array.from(r.correctMask)).toEqual([1, 0, 0, 1]);
    expect(r.margins[0]).toBeCloseTo(2, 12);
    expect(r.margins[1]).toBeCloseTo(-2, 12);
    expect(r.margins[2]).toBeCloseTo(0, 12);
    expect(r.margins[3]).toBeCloseTo(Math.SQRT2 - 1, 12);
  });

  it('counts a triplet wrong when only the one-sided rule holds', () => {
    // ap = 2 < an = 3, but pn = 1 < ap
    const r = tripletAccuracy(
      [
        [0, 0],
        [2, 0],
        [3, 0],
      ],
      [{ anchor: 0, positive: 1, negative: 2 }],
    );
    expect(r.accuracy).toBe(0);
    expect(r.byType).toEqual({});
  });

  it('uses cosine distance when asked', () => {
    const e = [new Float32Array([1, 0]), new Float32Array([10, 1]), new Float32Array([0, 5])];
    const t = [{ anchor: 0, positive: 1, negative: 2 }];
    expect(tripletAccuracy(e, t).accuracy).toBe(0); // Euclidean: ap = sqrt(82) > an = sqrt(26)
    expect(tripletAccuracy(e, t, { distance: 'cosine' }).accuracy).toBe(1);
  });

  it('returns the distances it used', () => {
    const d = tripletDistances(E, T);
    expect(Array.from(d.ap)).toEqual([1, 3, 1, 1]);
    expect(d.an[3]).toBeCloseTo(Math.SQRT2, 12);
    expect(d.pn[0]).toBeCloseTo(Math.sqrt(10), 12);
    expect(d.types).toEqual(['ONE_CLASS', 'TWO_CLASS', 'TWO_CLASS', 'THREE_CLASS']);
  });

  it('rejects bad inputs with clear errors', () => {
    const one = [{ anchor: 0, positive: 1, negative: 2 }];
    expect(() => tripletAccuracy([], one)).toThrow(/embeddings must not be empty/);
    expect(() => tripletAccuracy(E, [])).toThrow(/triplets must not be empty/);
    expect(() => tripletAccuracy(E, [{ anchor: 0, positive: 1, negative: 5 }])).toThrow(
      /triplets\[0\]\.negative must be an integer in \[0, 4\], got 5/,
    );
    expect(() =>
      tripletAccuracy(
        [
          [0, 0],
          [0, NaN],
          [1, 1],
        ],
        one,
      ),
    ).toThrow(/embeddings\[1\]\[1\].*NaN/);
    expect(() => tripletAccuracy([[0, 0], [0], [1, 1]], one)).toThrow(
      /embeddings\[1\] has length 1/,
    );
    expect(() =>
      tripletAccuracy(E, [{ anchor: 0, positive: 1, negative: 2, type: 'FOUR' as never }]),
    ).toThrow(/triplets\[0\]\.type must be one of ONE_CLASS, TWO_CLASS, THREE_CLASS, got FOUR/);
    expect(() => tripletAccuracy(E, one, { distance: 'l1' as never })).toThrow(FreeAvatarError);
  });
});

describe('tripletAccuracyFromDistances', () => {
  it('matches the rule on given distances', () => {
    const r = tripletAccuracyFromDistances({
      ap: [0.1, 0.5, 0.2],
      an: [0.4, 0.3, 0.9],
      pn: [0.6, 0.9, 0.2],
      types: ['ONE_CLASS', undefined, 'ONE_CLASS'],
    });
    expect(r.accuracy).toBeCloseTo(1 / 3, 12);
    expect(r.byType).toEqual({ ONE_CLASS: { accuracy: 0.5, correct: 1, total: 2 } });
  });

  it('rejects mismatched, empty or non-finite distances', () => {
    expect(() => tripletAccuracyFromDistances({ ap: [1], an: [1, 2], pn: [1] })).toThrow(
      /distances\.ap and distances\.an must have the same length, got 1 and 2/,
    );
    expect(() => tripletAccuracyFromDistances({ ap: [], an: [], pn: [] })).toThrow(
      /must not be empty/,
    );
    expect(() => tripletAccuracyFromDistances({ ap: [1], an: [NaN], pn: [1] })).toThrow(
      /distances\.an\[0\] must be a finite number, got NaN/,
    );
    expect(() =>
      tripletAccuracyFromDistances({
        ap: [1],
        an: [2],
        pn: [3],
        types: ['ONE_CLASS', 'TWO_CLASS'],
      }),
    ).toThrow(FreeAvatarError);
    expect(() => tripletAccuracyFromDistances(null as never)).toThrow(
      /distances must be an object, got null/,
    );
  });
});

describe('euclideanDistance / cosineSimilarity', () => {
  it('name a vector that is not an array', () => {
    expect(euclideanDistance([0, 0], new Float32Array([3, 4]))).toBe(5);
    expect(() => euclideanDistance(null as never, [1])).toThrow(
      /a must be an array of numbers, got null/,
    );
    expect(() => cosineSimilarity([1], 'x' as never)).toThrow(
      /b must be an array of numbers, got the string "x"/,
    );
  });
});
