import { describe, expect, it } from 'vitest';
import { FreeAvatarError, createRng } from '@freeavatar/core';
import { loadCanonicalFace } from '../face/canonical-face.js';
import { fitWeakPerspective } from './weak-perspective.js';

/** Projects xyz points with a yaw/pitch rotation, a scale, a y flip and a shift. */
function project(
  points: Float32Array,
  scale: number,
  yaw: number,
  pitch: number,
  shift: [number, number],
) {
  const out = new Float32Array((points.length / 3) * 2);
  const [cy, sy, cp, sp] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch)];
  for (let i = 0; i < points.length / 3; i++) {
    const [x, y, z] = [points[3 * i], points[3 * i + 1], points[3 * i + 2]];
    const x1 = cy * x + sy * z;
    const z1 = -sy * x + cy * z;
    const y1 = cp * y - sp * z1;
    out[2 * i] = scale * x1 + shift[0];
    out[2 * i + 1] = -scale * y1 + shift[1];
  }
  return out;
}

describe('fitWeakPerspective', () => {
  const { positions } = loadCanonicalFace();

  it('recovers scale, rotation rows and translation of an exact projection', () => {
    const image = project(positions, 6.5, 0.3, -0.2, [200, 150]);
    const camera = fitWeakPerspective(positions, image);
    expect(camera.scale).toBeCloseTo(6.5, 4);
    expect(camera.rmsError).toBeLessThan(1e-3);
    const m = camera.linear;
    // Rows are orthogonal and of length `scale`.
    expect(m[0] * m[3] + m[1] * m[4] + m[2] * m[5]).toBeCloseTo(0, 6);
    expect(Math.hypot(m[0], m[1], m[2])).toBeCloseTo(6.5, 4);
    expect(camera.translation[0]).toBeCloseTo(200, 3);
    expect(camera.translation[1]).toBeCloseTo(150, 3);
  });

  it('removes shear and stays close under landmark noise', () => {
    const rng = createRng(2);
    const image = project(positions, 5, 0.1, 0.05, [100, 100]).map((v, i) =>
      i % 2 === 0 ? v * 1.08 + rng.uniform(-1, 1) : v + rng.uniform(-1, 1),
    );
    const camera = fitWeakPerspective(positions, image);
    const m = camera.linear;
    expect(Math.hypot(m[0], m[1], m[2])).toBeCloseTo(Math.hypot(m[3], m[4], m[5]), 6);
    expect(camera.scale).toBeGreaterThan(5);
    expect(camera.scale).toBeLessThan(5.5);
  });

  it('honours point weights (zero-weight points are ignored)', () => {
    const image = project(positions, 4, 0, 0, [50, 60]);
    const spoiled = image.slice();
    const weights = new Float32Array(positions.length / 3).fill(1);
    for (let i = 0; i < 40; i++) {
      spoiled[2 * i] += 30;
      weights[i] = 0;
    }
    const camera = fitWeakPerspective(positions, spoiled, weights);
    expect(camera.rmsError).toBeLessThan(1e-3);
    expect(camera.scale).toBeCloseTo(4, 4);
  });

  it('rejects mismatched and degenerate input', () => {
    expect(() => fitWeakPerspective(positions, new Float32Array(10))).toThrow(FreeAvatarError);
    expect(() => fitWeakPerspective(new Float32Array(9), new Float32Array(6))).toThrow(
      /at least 4 points/,
    );
    const line = new Float32Array(30).map((_, i) => (i % 3 === 0 ? i : 0));
    expect(() =>
      fitWeakPerspective(
        line,
        new Float32Array(20).map((_, i) => i),
      ),
    ).toThrow(/degenerate/);
    expect(() =>
      fitWeakPerspective(positions, new Float32Array(936), new Float32Array(468).fill(-1)),
    ).toThrow(/weight 0 must be ≥ 0/);
  });
});

describe('fitWeakPerspective on bad input', () => {
  it('names the argument', () => {
    expect(() => fitWeakPerspective(null as never, [])).toThrow(/model must be an array/);
    expect(() => fitWeakPerspective([], 'x' as never)).toThrow(/image must be an array/);
  });
});
