import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CANONICAL_TRIANGLE_COUNT,
  CANONICAL_VERTEX_COUNT,
  loadCanonicalFace,
} from './canonical-face.js';

const json = JSON.parse(
  readFileSync(new URL('../../../face-crop/assets/canonical-face.json', import.meta.url), 'utf8'),
) as {
  positions: number[];
  uvs: number[];
  triangles: number[];
};

describe('loadCanonicalFace', () => {
  it('has 468 vertices and 898 triangles with indices in range', () => {
    const face = loadCanonicalFace();
    expect(CANONICAL_VERTEX_COUNT).toBe(468);
    expect(CANONICAL_TRIANGLE_COUNT).toBe(898);
    expect(face.positions.length).toBe(468 * 3);
    expect(face.uvs.length).toBe(468 * 2);
    expect(face.triangles.length).toBe(898 * 3);
    expect(Math.max(...face.triangles)).toBe(467);
    expect(new Set(face.triangles).size).toBe(468);
  });

  it('matches the committed JSON asset', () => {
    const face = loadCanonicalFace();
    expect(Array.from(face.triangles)).toEqual(json.triangles);
    const maxDiff = (a: Float32Array, b: number[]): number =>
      a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
    expect(face.positions.length).toBe(json.positions.length);
    expect(maxDiff(face.positions, json.positions)).toBeLessThan(1e-5);
    expect(maxDiff(face.uvs, json.uvs)).toBeLessThan(1e-5);
  });

  it("puts the subject's left at +x, y up and the nose tip in front (z ≈ 7.5 cm)", () => {
    const { positions } = loadCanonicalFace();
    const at = (v: number): number[] => Array.from(positions.slice(3 * v, 3 * v + 3));
    expect(at(263)[0]).toBeGreaterThan(4); // outer corner of the subject's left eye
    expect(at(33)[0]).toBeLessThan(-4); // outer corner of the subject's right eye
    expect(at(10)[1]).toBeGreaterThan(at(152)[1]); // forehead above chin
    expect(at(4)[2]).toBeCloseTo(7.59, 1);
  });

  it('returns fresh arrays on every call', () => {
    const a = loadCanonicalFace();
    a.positions[0] = 999;
    expect(loadCanonicalFace().positions[0]).not.toBe(999);
  });
});
