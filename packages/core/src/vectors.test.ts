import { describe, expect, it } from 'vitest';
import { assertFiniteArray, assertVectors } from './vectors.js';

describe('assertFiniteArray', () => {
  it('accepts finite numbers and names the first bad entry', () => {
    expect(() => assertFiniteArray(new Float32Array([0, 1.5]), 'curve')).not.toThrow();
    expect(() => assertFiniteArray([], 'curve')).toThrow('curve must not be empty');
    expect(() => assertFiniteArray([], 'curve', true)).not.toThrow();
    expect(() => assertFiniteArray([1, Number.NaN], 'curve')).toThrow(
      'curve[1] must be a finite number, got NaN',
    );
    expect(() => assertFiniteArray(null as never, 'curve')).toThrow(
      'curve must be an array of numbers, got null',
    );
  });
});

describe('assertVectors', () => {
  it('returns the common length and names a ragged or empty list', () => {
    expect(assertVectors([[1, 2], new Float64Array([3, 4])], 'x')).toBe(2);
    expect(() => assertVectors([], 'x')).toThrow('x must not be empty');
    expect(() => assertVectors([[1, 2], [3]], 'x')).toThrow(
      'x[1] has length 1, expected 2 like x[0]',
    );
    expect(() => assertVectors([[]], 'x')).toThrow('x[0] must be a non-empty vector');
    expect(() => assertVectors('no' as never, 'x')).toThrow('x must be an array of vectors');
  });
});
