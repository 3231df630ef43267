import type { RasterMesh } from '../types.js';

/**
 * A UV-sphere-style ellipsoid centred at the origin with `rings × segments × 2` triangles
 * (minus the pole caps' degenerate halves), counter-clockwise seen from outside, one colour.
 */
export function createEllipsoidMesh(
  rings: number,
  segments: number,
  radii: readonly [number, number, number] = [1, 1, 1],
  color: readonly [number, number, number] = [0.8, 0.8, 0.8],
): RasterMesh {
  const positions: number[] = [];
  const uvs: number[] = [];
  for (let r = 0; r <= rings; r++) {
    const theta = (r / rings) * Math.PI; // 0 at the top (+y)
    for (let s = 0; s <= segments; s++) {
      const phi = (s / segments) * 2 * Math.PI;
      positions.push(
        radii[0] * Math.sin(theta) * Math.sin(phi),
        radii[1] * Math.cos(theta),
        radii[2] * Math.sin(theta) * Math.cos(phi),
      );
      uvs.push(s / segments, r / rings);
    }
  }
  const indices: number[] = [];
  const row = segments + 1;
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < segments; s++) {
      const a = r * row + s;
      const b = a + row;
      if (r > 0) indices.push(a, b, a + 1);
      if (r < rings - 1) indices.push(a + 1, b, b + 1);
    }
  }
  const n = positions.length / 3;
  const colors = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) colors.set(color, i * 3);
  return {
    positions: new Float32Array(positions),
    indices: new Uint32Array(indices),
    colors,
    uvs: new Float32Array(uvs),
  };
}

/** One triangle with the given positions (3 × xyz) and per-vertex colours (3 × rgb). */
export function triangleMesh(positions: number[], colors: number[]): RasterMesh {
  return {
    positions: new Float32Array(positions),
    indices: new Uint32Array([0, 1, 2]),
    colors: new Float32Array(colors),
  };
}

/** A camera where object points at z = 0 land at pixel `(cx + x, cy − y)` (f = distance = 10). */
export const PIXEL_CAMERA = { distance: 10, focalLength: 10 } as const;

/** Light that leaves vertex colours unchanged: ambient 1, no diffuse. */
export const FLAT_LIGHT = {
  direction: [0, 0, 1] as [number, number, number],
  ambient: 1,
  diffuse: 0,
};

/**
 * Object-space xyz for a point given in output pixels of a `size × size` image under
 * {@link PIXEL_CAMERA} at depth z = 0.
 */
export function pixelToObject(px: number, py: number, size: number): [number, number, number] {
  return [px - size / 2, size / 2 - py, 0];
}

/** Whether `(x, y)` is strictly inside the triangle `a b c` (either winding). */
export function insideTriangle(
  x: number,
  y: number,
  a: readonly [number, number],
  b: readonly [number, number],
  c: readonly [number, number],
): boolean {
  const e = (p: readonly [number, number], q: readonly [number, number]): number =>
    (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const e0 = e(a, b);
  const e1 = e(b, c);
  const e2 = e(c, a);
  return (e0 > 0 && e1 > 0 && e2 > 0) || (e0 < 0 && e1 < 0 && e2 < 0);
}
