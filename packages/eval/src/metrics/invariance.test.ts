import { describe, expect, it } from 'vitest';
import { identityInvarianceRatio } from './invariance.js';

describe('identityInvarianceRatio', () => {
  it('divides the two mean distances, worked out by hand', () => {
    // p/smile (0,0), q/smile (0.1,0), p/frown (0,1), q/frown (0.1,1), r/smile (0,0.3)
    // same expression, different identity: (0,1): 0.1, (0,4): 0.3, (1,4): sqrt(0.01+0.09), (2,3): 0.1
    // different expression, same identity: (0,2): 1, (1,3): 1
    const r = identityInvarianceRatio(
      [
        [0, 0],
        [0.1, 0],
        [0, 1],
        [0.1, 1],
        [0, 0.3],
      ],
      ['smile', 'smile', 'frown', 'frown', 'smile'],
      ['p', 'q', 'p', 'q', 'r'],
    );
    const num = (0.1 + 0.3 + Math.sqrt(0.1) + 0.1) / 4;
    expect(r.sameExpressionDifferentIdentity.pairs).toBe(4);
    expect(r.sameExpressionDifferentIdentity.meanDistance).toBeCloseTo(num, 12);
    expect(r.differentExpressionSameIdentity).toEqual({ meanDistance: 1, pairs: 2 });
    expect(r.ratio).toBeCloseTo(num, 12);
  });

  it('is above 1 for a space that encodes identity, and supports cosine distance', () => {
    // identity along x, expression a small tilt
    const e = [
      [1, 0.1],
      [1, -0.1],
      [-1, 0.1],
      [-1, -0.1],
    ];
    const expr = [0, 1, 0, 1];
    const id = [0, 0, 1, 1];
    expect(identityInvarianceRatio(e, expr, id).ratio).toBeGreaterThan(1);
    const cos = identityInvarianceRatio(e, expr, id, { distance: 'cosine' });
    // same expr/diff id: cos((1,.1),(-1,.1)) = -0.99/1.01 -> distance 2/1.01; diff expr/same id: 1 - 0.99/1.01 = 0.02/1.01
    expect(cos.ratio).toBeCloseTo(100, 9);
  });

  it('rejects inputs that leave a group empty or mismatch', () => {
    expect(() => identityInvarianceRatio([[0], [1]], ['a', 'a'], ['p', 'p'])).toThrow(
      /same expression and different identities/,
    );
    expect(() => identityInvarianceRatio([[0], [1]], ['a', 'a'], ['p', 'q'])).toThrow(
      /different expressions and the same identity/,
    );
    expect(() => identityInvarianceRatio([[0], [1]], ['a'], ['p', 'q'])).toThrow(
      /embeddings and expressions must have the same length, got 2 and 1/,
    );
    expect(() =>
      identityInvarianceRatio([[0], [0], [1]], ['a', 'b', 'a'], ['p', 'p', 'q']),
    ).toThrow(/distance 0/);
    expect(() => identityInvarianceRatio([[0], [Infinity]], ['a', 'b'], ['p', 'p'])).toThrow(
      /Infinity/,
    );
  });
});
