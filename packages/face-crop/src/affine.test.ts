import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import {
  affineScale,
  applyAffine,
  composeAffine,
  invertAffine,
  similarityAbout,
} from './affine.js';
import type { Affine2D } from './types.js';

const m: Affine2D = [
  [1.5, -0.4, 12],
  [0.3, 0.9, -7],
];

describe('affine helpers', () => {
  it('applies a matrix to a point', () => {
    expect(
      applyAffine(
        [
          [2, 0, 1],
          [0, 2, 0],
        ],
        [3, 4],
      ),
    ).toEqual([7, 8]);
    expect(applyAffine(m, [1, 2, 99])).toEqual([1.5 - 0.8 + 12, 0.3 + 1.8 - 7]);
  });

  it('inverts: the inverse undoes the map', () => {
    const inv = invertAffine(m);
    for (const p of [
      [0, 0],
      [10, -3],
      [250.5, 17],
    ] as [number, number][]) {
      const [x, y] = applyAffine(inv, applyAffine(m, p));
      expect(x).toBeCloseTo(p[0], 9);
      expect(y).toBeCloseTo(p[1], 9);
    }
    const id = composeAffine(m, inv);
    expect(id[0][0]).toBeCloseTo(1, 12);
    expect(id[0][1]).toBeCloseTo(0, 12);
    expect(id[1][2]).toBeCloseTo(0, 12);
  });

  it('throws on a singular matrix', () => {
    expect(() =>
      invertAffine([
        [1, 2, 0],
        [2, 4, 0],
      ]),
    ).toThrow(FreeAvatarError);
    expect(() =>
      invertAffine([
        [1, 2, 0],
        [2, 4, 0],
      ]),
    ).toThrow(/not invertible/);
  });

  it('names an argument that is not a matrix or a point', () => {
    expect(() => invertAffine('x' as never)).toThrow(/m must be a 2×3 affine matrix/);
    expect(() => applyAffine(null as never, [1, 2])).toThrow(/m must be a 2×3 affine matrix/);
    expect(() => applyAffine(m, null as never)).toThrow(/p must be a point \[x, y\], got null/);
    expect(() => composeAffine(m, {} as never)).toThrow(/inner must be a 2×3 affine matrix/);
  });

  it('composes in the order outer ∘ inner', () => {
    const shift: Affine2D = [
      [1, 0, 5],
      [0, 1, 0],
    ];
    const double: Affine2D = [
      [2, 0, 0],
      [0, 2, 0],
    ];
    expect(applyAffine(composeAffine(shift, double), [1, 1])).toEqual([7, 2]);
    expect(applyAffine(composeAffine(double, shift), [1, 1])).toEqual([12, 2]);
  });

  it('builds a similarity about a centre', () => {
    const s = similarityAbout([10, 20], 2, Math.PI / 2, [50, 50]);
    expect(applyAffine(s, [10, 20])).toEqual([50, 50]);
    const [x, y] = applyAffine(s, [11, 20]);
    expect(x).toBeCloseTo(50, 9);
    expect(y).toBeCloseTo(52, 9);
    expect(affineScale(s)).toBeCloseTo(2, 12);
  });
});
