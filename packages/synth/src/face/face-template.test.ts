import { describe, expect, it } from 'vitest';
import { createFaceTemplate } from './face-template.js';
import { FACE_LANDMARKS } from './landmarks.js';

const template = createFaceTemplate();
const at = (v: number): number[] => Array.from(template.positions.slice(3 * v, 3 * v + 3));

describe('createFaceTemplate', () => {
  it('opens the eyes and the mouth: 898 − 2 × 14 − 18 = 852 skin triangles', () => {
    expect(template.canonicalTriangles.length / 3).toBe(898);
    expect(template.triangles.length / 3).toBe(852);
  });

  it('finds the outline, eye and mouth loops as the landmark contours', () => {
    const sameSet = (a: readonly number[], b: readonly number[]): boolean =>
      a.length === b.length && a.every((v) => b.includes(v));
    expect(sameSet(template.loops.outer, FACE_LANDMARKS.faceOval)).toBe(true);
    const eyeLeft = [...new Set([...FACE_LANDMARKS.eyeLeftUpper, ...FACE_LANDMARKS.eyeLeftLower])];
    const mouth = [
      ...new Set([...FACE_LANDMARKS.lipsUpperInner, ...FACE_LANDMARKS.lipsLowerInner]),
    ];
    expect(sameSet(template.loops.eyeLeft, eyeLeft)).toBe(true);
    expect(sameSet(template.loops.mouth, mouth)).toBe(true);
  });

  it('mirror map is an involution that swaps left and right landmarks', () => {
    for (let v = 0; v < 468; v++) expect(template.mirror[template.mirror[v]]).toBe(v);
    FACE_LANDMARKS.eyeLeftUpper.forEach((v, i) =>
      expect(template.mirror[v]).toBe(FACE_LANDMARKS.eyeRightUpper[i]),
    );
    expect(template.mirror[4]).toBe(4); // nose tip is on the midline
  });

  it('rests with closed lips and left-right symmetric', () => {
    const upper = at(13);
    const lower = at(14);
    expect(Math.hypot(upper[0] - lower[0], upper[1] - lower[1], upper[2] - lower[2])).toBeLessThan(
      0.02,
    );
    const l = at(263);
    const r = at(33);
    expect(l[0]).toBeCloseTo(-r[0], 4);
    expect(l[1]).toBeCloseTo(r[1], 4);
  });

  it('jaw weight is 1 on the chin, 0 on the forehead and nose, in between at the mouth corners', () => {
    expect(template.jawWeight[152]).toBeCloseTo(1, 5);
    expect(template.jawWeight[14]).toBeCloseTo(1, 5);
    expect(template.jawWeight[10]).toBe(0);
    expect(template.jawWeight[4]).toBe(0);
    expect(template.jawWeight[13]).toBe(0);
    expect(template.jawWeight[291]).toBeGreaterThan(0.2);
    expect(template.jawWeight[291]).toBeLessThan(0.8);
  });
});
