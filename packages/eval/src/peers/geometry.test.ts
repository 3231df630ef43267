import { describe, expect, it } from 'vitest';
import { FreeAvatarError, createRng } from '@freeavatar/core';
import { FACE_LANDMARKS, type Point3 } from '@freeavatar/face-crop';
import {
  GEOMETRY_ANCHORS,
  GEOMETRY_FEATURE_LENGTH,
  expressionGeometry,
  poseRotation,
} from './geometry.js';

/** 468 seeded random points in a face-sized box, image coordinates. */
function randomMesh(seed: number): Point3[] {
  const rng = createRng(seed);
  return Array.from({ length: 468 }, () => [
    rng.uniform(150, 350),
    rng.uniform(100, 350),
    rng.uniform(-40, 40),
  ]);
}

/** Turns, scales and shifts image landmarks: a 3D rotation in the frame x right, y up, z out. */
function moved(points: Point3[], r: number[][], scale: number, shift: [number, number]): Point3[] {
  return points.map(([x, y, z]) => {
    const p = [x - 250, -(y - 220), -z];
    const q = r.map((row) => scale * (row[0] * p[0] + row[1] * p[1] + row[2] * p[2]));
    return [q[0] + 250 + shift[0], -q[1] + 220 + shift[1], -q[2]];
  });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('poseRotation', () => {
  it('is the identity at zero and a quarter turn about z for roll 90', () => {
    expect(
      maxDiff(poseRotation({ yaw: 0, pitch: 0, roll: 0 }).flat(), [1, 0, 0, 0, 1, 0, 0, 0, 1]),
    ).toBeLessThan(1e-12);
    // Roll > 0 turns counter-clockwise: x goes to y.
    const r = poseRotation({ yaw: 0, pitch: 0, roll: 90 });
    expect(maxDiff(r.flat(), [0, -1, 0, 1, 0, 0, 0, 0, 1])).toBeLessThan(1e-12);
  });

  it('gives an orthonormal matrix with determinant 1', () => {
    const r = poseRotation({ yaw: 35, pitch: -20, roll: 70 });
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const dot = r[i][0] * r[j][0] + r[i][1] * r[j][1] + r[i][2] * r[j][2];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    const det =
      r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) -
      r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0]) +
      r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    expect(det).toBeCloseTo(1, 12);
  });

  it('names a missing pose or angle', () => {
    expect(() => poseRotation(null as never)).toThrow(/pose must be an object, got null/);
    expect(() => poseRotation({ yaw: 0, pitch: 0 } as never)).toThrow(
      /pose\.roll must be a number, got undefined/,
    );
  });
});

describe('expressionGeometry', () => {
  const mesh = randomMesh(7);
  const base = expressionGeometry(mesh);

  it('returns 1,404 numbers with the anchors centred and the eyes one unit apart', () => {
    expect(base).toBeInstanceOf(Float32Array);
    expect(base.length).toBe(GEOMETRY_FEATURE_LENGTH);
    for (let k = 0; k < 3; k++) {
      const mean =
        GEOMETRY_ANCHORS.reduce((s, i) => s + base[3 * i + k], 0) / GEOMETRY_ANCHORS.length;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
    }
    const [a, b] = [FACE_LANDMARKS.rightEyeOuter, FACE_LANDMARKS.leftEyeOuter];
    const eyes = Math.hypot(
      base[3 * a] - base[3 * b],
      base[3 * a + 1] - base[3 * b + 1],
      base[3 * a + 2] - base[3 * b + 2],
    );
    expect(eyes).toBeCloseTo(1, 5);
  });

  it('does not change when the landmarks are turned in the image plane, scaled and shifted', () => {
    for (const roll of [-60, 15, 170]) {
      const r = poseRotation({ yaw: 0, pitch: 0, roll });
      const after = expressionGeometry(moved(mesh, r, 1.7, [40, -25]));
      expect(maxDiff(after, base)).toBeLessThan(1e-4);
    }
  });

  it('undoes rotation in depth (yaw, pitch) too, which checks the rotation convention', () => {
    for (const pose of [
      { yaw: 25, pitch: 0, roll: 0 },
      { yaw: 0, pitch: -20, roll: 0 },
      { yaw: -30, pitch: 15, roll: 40 },
    ]) {
      const after = expressionGeometry(moved(mesh, poseRotation(pose), 0.6, [0, 0]));
      expect(maxDiff(after, base)).toBeLessThan(1e-4);
    }
  });

  it('changes with the shape: moving the lower lip moves only its coordinates', () => {
    const opened = mesh.map((p) => [...p] as Point3);
    opened[FACE_LANDMARKS.lowerLip][1] += 12;
    const after = expressionGeometry(opened);
    const moved3 = [0, 1, 2].map((k) =>
      Math.abs(after[3 * FACE_LANDMARKS.lowerLip + k] - base[3 * FACE_LANDMARKS.lowerLip + k]),
    );
    expect(Math.max(...moved3)).toBeGreaterThan(0.01);
    // The lip is not an anchor nor in the pose fit's rigid points, so the rest stays put.
    const others = Array.from(after).filter(
      (_, i) => Math.floor(i / 3) !== FACE_LANDMARKS.lowerLip,
    );
    const baseOthers = Array.from(base).filter(
      (_, i) => Math.floor(i / 3) !== FACE_LANDMARKS.lowerLip,
    );
    expect(maxDiff(others, baseOthers)).toBeLessThan(1e-5);
  });

  it('subtracts a reference', () => {
    const reference = new Float32Array(GEOMETRY_FEATURE_LENGTH).map((_, i) => i / 1000);
    const relative = expressionGeometry(mesh, { reference });
    expect(
      maxDiff(
        relative,
        base.map((v, i) => v - reference[i]),
      ),
    ).toBeLessThan(1e-6);
    expect(
      maxDiff(expressionGeometry(mesh, { reference: base }), new Float32Array(1404)),
    ).toBeLessThan(1e-6);
  });

  it('throws FreeAvatarError naming the bad input', () => {
    const bad = (fn: () => unknown, message: RegExp): void => {
      expect(fn).toThrow(FreeAvatarError);
      expect(fn).toThrow(message);
    };
    bad(() => expressionGeometry(mesh.slice(0, 100)), /468 \[x, y, z\] landmarks, got 100 points/);
    bad(() => expressionGeometry('mesh' as never), /got mesh/);
    const withNaN = mesh.map((p) => [...p] as Point3);
    withNaN[5] = [1, Number.NaN, 0];
    bad(() => expressionGeometry(withNaN), /landmarks\[5\] must be 3 finite numbers/);
    bad(
      () => expressionGeometry(mesh, { reference: [1, 2] }),
      /reference must hold 1404 numbers.*got 2/,
    );
    bad(
      () => expressionGeometry(mesh, { reference: new Float32Array(1404).fill(Number.NaN) }),
      /reference\[0\] must be a finite number/,
    );
    const collapsed = mesh.map((p) => [...p] as Point3);
    collapsed[FACE_LANDMARKS.leftEyeOuter] = [...collapsed[FACE_LANDMARKS.rightEyeOuter]];
    bad(() => expressionGeometry(collapsed), /outer eye corners .* coincide/);
  });
});
