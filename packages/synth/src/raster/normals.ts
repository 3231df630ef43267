import { assertArgument } from '@freeavatar/core';

/**
 * Smooth vertex normals: each vertex gets the normalised sum of the (area-weighted) normals of
 * the triangles that use it. Front faces are counter-clockwise seen from outside unless
 * `frontFace` is `'cw'`. Vertices used by no triangle get `(0, 0, 0)`. Writes into `out` when
 * given (length `positions.length`), so a caller can reuse one buffer.
 *
 * @example
 * ```ts
 * const normals = computeVertexNormals(mesh.positions, mesh.indices);
 * ```
 */
export function computeVertexNormals(
  positions: Float32Array,
  indices: Uint32Array,
  frontFace: 'ccw' | 'cw' = 'ccw',
  out: Float32Array = new Float32Array(positions.length),
): Float32Array {
  assertArgument(
    positions.length % 3 === 0,
    `positions length must be a multiple of 3, got ${positions.length}`,
  );
  assertArgument(
    indices.length % 3 === 0,
    `indices length must be a multiple of 3, got ${indices.length}`,
  );
  assertArgument(
    out.length >= positions.length,
    `out must hold ${positions.length} numbers, got ${out.length}`,
  );
  const n = positions.length / 3;
  const sign = frontFace === 'cw' ? -1 : 1;
  out.fill(0, 0, positions.length);
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t];
    const b = indices[t + 1];
    const c = indices[t + 2];
    if (!(a < n && b < n && c < n)) {
      assertArgument(
        false,
        `index out of range at triangle ${t / 3}: ${a}, ${b}, ${c} (vertices: ${n})`,
      );
    }
    const a3 = a * 3;
    const b3 = b * 3;
    const c3 = c * 3;
    const ux = positions[b3] - positions[a3];
    const uy = positions[b3 + 1] - positions[a3 + 1];
    const uz = positions[b3 + 2] - positions[a3 + 2];
    const vx = positions[c3] - positions[a3];
    const vy = positions[c3 + 1] - positions[a3 + 1];
    const vz = positions[c3 + 2] - positions[a3 + 2];
    const nx = (uy * vz - uz * vy) * sign;
    const ny = (uz * vx - ux * vz) * sign;
    const nz = (ux * vy - uy * vx) * sign;
    out[a3] += nx;
    out[a3 + 1] += ny;
    out[a3 + 2] += nz;
    out[b3] += nx;
    out[b3 + 1] += ny;
    out[b3 + 2] += nz;
    out[c3] += nx;
    out[c3 + 1] += ny;
    out[c3 + 2] += nz;
  }
  for (let i = 0; i < n * 3; i += 3) {
    const len = Math.sqrt(out[i] * out[i] + out[i + 1] * out[i + 1] + out[i + 2] * out[i + 2]);
    if (len > 0) {
      out[i] /= len;
      out[i + 1] /= len;
      out[i + 2] /= len;
    }
  }
  return out;
}
