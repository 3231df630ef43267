import { describe, expect, it } from 'vitest';
import { computeVertexNormals } from './normals.js';
import { createEllipsoidMesh } from './test-utils/meshes.js';

describe('computeVertexNormals', () => {
  it('points outwards on a sphere with counter-clockwise faces, inwards for cw', () => {
    const mesh = createEllipsoidMesh(12, 12);
    const n = computeVertexNormals(mesh.positions, mesh.indices);
    let unused = 0;
    for (let i = 0; i < n.length; i += 3) {
      // The first vertex of each pole row belongs to no triangle.
      if (n[i] === 0 && n[i + 1] === 0 && n[i + 2] === 0) {
        unused++;
        continue;
      }
      const p = [mesh.positions[i], mesh.positions[i + 1], mesh.positions[i + 2]];
      const dot = p[0] * n[i] + p[1] * n[i + 1] + p[2] * n[i + 2];
      expect(Math.hypot(n[i], n[i + 1], n[i + 2])).toBeCloseTo(1, 5);
      expect(dot).toBeGreaterThan(0.9);
    }
    expect(unused).toBe(2);
    const inward = computeVertexNormals(mesh.positions, mesh.indices, 'cw');
    expect(Array.from(inward, (v) => v + 0)).toEqual(Array.from(n, (v) => -v + 0));
  });

  it('writes into a given buffer and leaves unused vertices at zero', () => {
    const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 5, 5]);
    const out = new Float32Array(12).fill(9);
    const result = computeVertexNormals(positions, new Uint32Array([0, 1, 2]), 'ccw', out);
    expect(result).toBe(out);
    expect(Array.from(out)).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('rejects indices out of range', () => {
    expect(() => computeVertexNormals(new Float32Array(9), new Uint32Array([0, 1, 3]))).toThrow(
      /index out of range/,
    );
  });
});
