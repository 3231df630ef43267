import { describe, expect, it } from 'vitest';
import { solvePositiveDefinite, symmetricEigen } from './linear-algebra.js';

describe('symmetricEigen', () => {
  it('decomposes a symmetric matrix into A v = λ v with orthonormal vectors', () => {
    const n = 4;
    const a = Float64Array.of(4, 1, 0.5, 0, 1, 3, 0.2, 0.1, 0.5, 0.2, 2, 0.3, 0, 0.1, 0.3, 1);
    const { values, vectors } = symmetricEigen(a, n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
        expect(av).toBeCloseTo(values[j] * vectors[i * n + j], 10);
      }
      for (let q = 0; q < n; q++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors[k * n + j] * vectors[k * n + q];
        expect(dot).toBeCloseTo(j === q ? 1 : 0, 10);
      }
    }
    expect([...values].sort((x, y) => x - y)[0]).toBeGreaterThan(0);
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/2 × 2 values, got 5/);
    expect(() => symmetricEigen(null as never, 2)).toThrow(/matrix must be a Float64Array/);
  });
});

describe('solvePositiveDefinite', () => {
  it('solves A X = B for several right-hand sides', () => {
    const a = Float64Array.of(4, 2, 0.5, 2, 3, 0.1, 0.5, 0.1, 2);
    const x = Float64Array.of(1, -2, 0.5, 3, -1, 0.25);
    const b = new Float64Array(6);
    for (let i = 0; i < 3; i++)
      for (let c = 0; c < 2; c++)
        for (let k = 0; k < 3; k++) b[i * 2 + c] += a[i * 3 + k] * x[k * 2 + c];
    const solved = solvePositiveDefinite(a, 3, b, 2);
    solved.forEach((v, i) => expect(v).toBeCloseTo(x[i], 10));
  });

  it('names a matrix that is not positive definite, and mismatched sizes', () => {
    expect(() =>
      solvePositiveDefinite(Float64Array.of(1, 2, 2, 1), 2, Float64Array.of(1, 1), 1),
    ).toThrow(/not positive definite \(pivot 1/);
    expect(() =>
      solvePositiveDefinite(Float64Array.of(1, 0, 0, 1), 2, Float64Array.of(1), 1),
    ).toThrow(/B must hold 2 × 1 values, got 1/);
    expect(() => solvePositiveDefinite(Float64Array.of(1, 0, 0, 1), 2, null as never, 1)).toThrow(
      /B must be a Float64Array, got null/,
    );
  });
});
