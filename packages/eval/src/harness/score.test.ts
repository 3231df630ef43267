import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { scoreFeatures } from './score.js';
import { sixTriplets, valueImage } from './test-utils/fake-set.js';
import type { TripletSet } from './triplet-set.js';

/** Two people (p, q), each smiling and frowning, and a fifth face nobody could read. */
function labelledSet(): TripletSet {
  const face = (emotion: string, identity: string) => ({ image: valueImage(0), emotion, identity });
  return {
    description: 'four labelled faces',
    faces: [
      face('smile', 'p'),
      face('smile', 'q'),
      face('frown', 'p'),
      face('frown', 'q'),
      face('smile', 'r'),
    ],
    triplets: [
      { anchor: 0, positive: 1, negative: 2, type: 'TWO_CLASS' },
      { anchor: 0, positive: 1, negative: 4, type: 'ONE_CLASS' },
    ],
  };
}

const vectors = [[1, 0], [1, 0.1], [0, 1], [0.1, 1], undefined];

describe('scoreFeatures', () => {
  it('computes retrieval and the identity-invariance ratio over the faces with features', () => {
    const s = scoreFeatures(labelledSet(), vectors, 'euclidean');
    // Same emotion, other person: (0,1) and (2,3), both 0.1 apart.
    // Other emotion, same person: (0,2) √2 and (1,3) √(0.81+0.81) apart.
    const den = (Math.SQRT2 + Math.sqrt(1.62)) / 2;
    expect(s.invariance!.ratio).toBeCloseTo(0.1 / den, 10);
    expect(s.invariance!.sameExpressionDifferentIdentity.pairs).toBe(2);
    expect(s.invariance!.differentExpressionSameIdentity.pairs).toBe(2);
    // Each face's nearest (by cosine) is its same-emotion partner.
    expect(s.retrieval).toMatchObject({
      meanAveragePrecision: 1,
      recallAt1: 1,
      queries: 4,
      skippedQueries: 0,
    });
    // Triplet 1 includes the unreadable face: wrong. Triplet 0 is right.
    expect(s.triplets).toMatchObject({ correct: 1, total: 2, withMissingFaces: 1 });
    expect(s.triplets.outcomes).toBe('10');
    expect(s.triplets.byType.ONE_CLASS).toEqual({ accuracy: 0, correct: 0, total: 1 });
    expect(s.notes).toEqual([]);
  });

  it('explains a figure it cannot compute instead of failing', () => {
    const set = labelledSet();
    const noIdentities = { ...set, faces: set.faces.map((f) => ({ ...f, identity: undefined })) };
    const s = scoreFeatures(noIdentities, vectors, 'euclidean');
    expect(s.invariance).toBeNull();
    expect(s.notes.join(' ')).toMatch(/no identity ids/);
    // Zero vectors have no direction: retrieval cannot rank them, and says so.
    const zero = scoreFeatures(set, [[0, 0], [0, 0], [0, 0], [0, 0], undefined], 'euclidean');
    expect(zero.retrieval).toBeNull();
    expect(zero.notes.join(' ')).toMatch(/retrieval: .*non-zero/);
    expect(zero.triplets.correct).toBe(0); // all distances tie
  });

  it('scores nothing as right when no face has features', () => {
    const s = scoreFeatures(sixTriplets(), new Array(9).fill(undefined), 'cosine');
    expect(s.triplets).toMatchObject({ accuracy: 0, correct: 0, total: 6, withMissingFaces: 6 });
    expect(s.triplets.outcomes).toBe('000000');
    expect(s.triplets.byType.TWO_CLASS).toEqual({ accuracy: 0, correct: 0, total: 2 });
    expect(s.worst).toEqual([]);
  });

  it('rejects vectors of the wrong count and unknown distances', () => {
    expect(() => scoreFeatures(sixTriplets(), [[1]], 'euclidean')).toThrow(
      /one entry per face \(9\), got 1/,
    );
    expect(() =>
      scoreFeatures(sixTriplets(), new Array(9).fill([1]), 'manhattan' as never),
    ).toThrow(FreeAvatarError);
    expect(() => scoreFeatures({} as never, [], 'euclidean')).toThrow(
      /set\.faces must be an array, got undefined/,
    );
  });
});
