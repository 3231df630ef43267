import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from './errors.js';
import { createRng } from './rng.js';
import { applyLinearMap, fitLinearMap, type LinearMap } from './linear-map.js';

/** Seeded samples of y = A·x + c (+ noise), x in `d` dimensions, y in `k`. */
function linearData(n: number, d: number, k: number, noise: number, seed: number) {
  const rng = createRng(seed);
  const a = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal(0, 1)));
  const c = Array.from({ length: k }, () => rng.uniform(-1, 1));
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal(2, 3)));
  const y = x.map((row) =>
    a.map((w, j) => c[j] + w.reduce((s, v, i) => s + v * row[i], 0) + rng.normal(0, noise)),
  );
  return { a, c, x, y };
}

/**
 * Gradient of the ridge objective at the fitted map, in standardised inputs: Xcᵀ(Xc·W + b − Y)
 * + λW for the weights and Σ(residual) for the bias. Zero at the optimum.
 */
function objectiveGradient(map: LinearMap, x: number[][], y: number[][]): number {
  const { inputSize: d, outputSize: k } = map;
  const grad = new Float64Array(d * k);
  const biasGrad = new Float64Array(k);
  x.forEach((row, s) => {
    const z = row.map((v, i) => (v - map.inputMean[i]) / map.inputScale[i]);
    for (let j = 0; j < k; j++) {
      let r = map.bias[j] - y[s][j];
      for (let i = 0; i < d; i++) r += z[i] * map.weights[i * k + j];
      biasGrad[j] += r;
      for (let i = 0; i < d; i++) grad[i * k + j] += z[i] * r;
    }
  });
  for (let i = 0; i < d * k; i++) grad[i] += map.lambda * map.weights[i];
  return Math.max(...grad.map(Math.abs), ...biasGrad.map(Math.abs));
}

describe('fitLinearMap', () => {
  it('matches hand-computed least squares and ridge fits in one dimension', () => {
    // x = 0, 1, 2; y = 1, 3, 5: y = 2x + 1 exactly.
    const exact = fitLinearMap([[0], [1], [2]], [[1], [3], [5]], { lambda: 0, standardize: false });
    expect(exact.weights[0]).toBeCloseTo(2, 12);
    expect(applyLinearMap(exact, [3])[0]).toBeCloseTo(7, 5);
    // Centred x = −1, 0, 1: Sxx = 2, Sxy = 4; w = Sxy / (Sxx + λ) = 4/3 for λ = 1, b = ȳ − w·x̄.
    const ridge = fitLinearMap([[0], [1], [2]], [[1], [3], [5]], { lambda: 1, standardize: false });
    expect(ridge.weights[0]).toBeCloseTo(4 / 3, 12);
    expect(applyLinearMap(ridge, [0])[0]).toBeCloseTo(3 - 4 / 3, 5);
    // Standardised: x̃ = (x − 1)/√(2/3), so w̃ = w·√(2/3) for the same predictions when λ = 0.
    const scaled = fitLinearMap([[0], [1], [2]], [[1], [3], [5]], { lambda: 0 });
    expect(scaled.inputScale[0]).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(applyLinearMap(scaled, [3])[0]).toBeCloseTo(7, 5);
  });

  it('recovers a noise-free multi-output linear map', () => {
    const { a, c, x } = linearData(40, 5, 3, 0, 1);
    const y = x.map((row) => a.map((w, j) => c[j] + w.reduce((s, v, i) => s + v * row[i], 0)));
    const map = fitLinearMap(x, y, { lambda: 0 });
    expect(map.inputSize).toBe(5);
    expect(map.outputSize).toBe(3);
    const probe = [1, -2, 0.5, 3, 0];
    const want = a.map((w, j) => c[j] + w.reduce((s, v, i) => s + v * probe[i], 0));
    applyLinearMap(map, probe).forEach((v, j) => expect(v).toBeCloseTo(want[j], 4));
  });

  it('solves the ridge problem exactly with more inputs than samples, and with more samples', () => {
    for (const [n, d] of [
      [8, 30],
      [60, 6],
    ]) {
      const { x, y } = linearData(n, d, 2, 0.3, n);
      for (const lambda of [0.01, 5]) {
        const map = fitLinearMap(x, y, { lambda });
        expect(objectiveGradient(map, x, y), `n ${n}, d ${d}, λ ${lambda}`).toBeLessThan(1e-8);
      }
    }
  });

  it('defaults λ to 1e-3 per sample and shrinks weights as λ grows', () => {
    const { x, y } = linearData(50, 4, 1, 0.5, 3);
    expect(fitLinearMap(x, y).lambda).toBeCloseTo(0.05, 12);
    const norm = (m: LinearMap): number => Math.hypot(...m.weights);
    expect(norm(fitLinearMap(x, y, { lambda: 100 }))).toBeLessThan(
      norm(fitLinearMap(x, y, { lambda: 0 })),
    );
  });

  it('leaves a constant input unscaled and unused', () => {
    const map = fitLinearMap(
      [
        [0, 4],
        [1, 4],
        [2, 4],
      ],
      [[0], [1], [2]],
    );
    expect(map.inputScale[1]).toBe(1);
    expect(map.weights[1]).toBe(0);
  });

  it('throws FreeAvatarError for bad data and options', () => {
    const bad = (fn: () => unknown, message: RegExp): void => {
      expect(fn).toThrow(FreeAvatarError);
      expect(fn).toThrow(message);
    };
    bad(() => fitLinearMap([], []), /x must not be empty/);
    bad(() => fitLinearMap([[1], [2]], [[1]]), /same number of samples, got 2 and 1/);
    bad(() => fitLinearMap([[1], [2, 3]], [[1], [2]]), /x\[1\] has length 2, expected 1/);
    bad(() => fitLinearMap([[1], [Number.NaN]], [[1], [2]]), /x\[1\]\[0\] must be a finite number/);
    bad(
      () => fitLinearMap([[1], [2]], [[1], [2]], { lambda: -1 }),
      /lambda must be a finite number ≥ 0, got -1/,
    );
    bad(
      () =>
        fitLinearMap(
          [
            [1, 2],
            [2, 4],
            [3, 6],
          ],
          [[1], [2], [3]],
          { lambda: 0, standardize: false },
        ),
      /too collinear to fit with lambda 0/,
    );
    const map = fitLinearMap([[1], [2]], [[1], [2]]);
    bad(() => applyLinearMap(map, [1, 2]), /x must hold 1 numbers for this map, got 2/);
  });

  it('gives NaN for a non-finite input', () => {
    const map = fitLinearMap([[0], [1], [2]], [[1], [3], [5]]);
    expect(Number.isNaN(applyLinearMap(map, [Number.NaN])[0])).toBe(true);
  });
});
