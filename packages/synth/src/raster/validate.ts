import { assertArgument, assertRgbImage } from '@freeavatar/core';
import type { RasterMesh } from './types.js';

function assertFinite(values: Float32Array, name: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // v - v is NaN for NaN and ±Infinity, 0 otherwise.
    if (v - v !== 0) {
      assertArgument(false, `${name}[${i}] must be a finite number, got ${v}`);
    }
  }
}

/**
 * Throws `INVALID_ARGUMENT` unless `mesh` is a well-formed {@link RasterMesh}: typed arrays of
 * matching lengths, every index below the vertex count, every number finite.
 *
 * @example
 * ```ts
 * declare const mesh: RasterMesh;
 * assertRasterMesh(mesh); // throws FreeAvatarError naming the first bad value
 * ```
 */
export function assertRasterMesh(mesh: RasterMesh): void {
  assertArgument(mesh !== null && typeof mesh === 'object', 'mesh must be an object');
  const { positions, indices, colors } = mesh;
  assertArgument(positions instanceof Float32Array, 'mesh.positions must be a Float32Array');
  assertArgument(indices instanceof Uint32Array, 'mesh.indices must be a Uint32Array');
  assertArgument(colors instanceof Float32Array, 'mesh.colors must be a Float32Array');
  assertArgument(
    positions.length % 3 === 0,
    `mesh.positions length must be a multiple of 3 (x y z), got ${positions.length}`,
  );
  assertArgument(
    indices.length % 3 === 0,
    `mesh.indices length must be a multiple of 3 (one triple per triangle), got ${indices.length}`,
  );
  assertArgument(
    colors.length === positions.length,
    `mesh.colors must hold r g b per vertex (${positions.length} numbers), got ${colors.length}`,
  );
  const n = positions.length / 3;
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] >= n) {
      assertArgument(
        false,
        `mesh.indices[${i}] = ${indices[i]} is out of range: the mesh has ${n} vertices`,
      );
    }
  }
  assertFinite(positions, 'mesh.positions');
  assertFinite(colors, 'mesh.colors');
  if (mesh.normals !== undefined) {
    assertArgument(
      mesh.normals instanceof Float32Array && mesh.normals.length === positions.length,
      `mesh.normals must be a Float32Array of ${positions.length} numbers, got ${mesh.normals?.length}`,
    );
    assertFinite(mesh.normals, 'mesh.normals');
  }
  if (mesh.uvs !== undefined) {
    assertArgument(
      mesh.uvs instanceof Float32Array && mesh.uvs.length === n * 2,
      `mesh.uvs must be a Float32Array of u v per vertex (${n * 2} numbers), got ${mesh.uvs?.length}`,
    );
    assertFinite(mesh.uvs, 'mesh.uvs');
  }
  if (mesh.material !== undefined) {
    const m = mesh.material;
    assertArgument(m !== null && typeof m === 'object', 'mesh.material must be an object');
    const inUnit = (v: number | undefined): boolean =>
      v === undefined || (Number.isFinite(v) && v >= 0 && v <= 1);
    assertArgument(inUnit(m.specular), `mesh.material.specular must be in 0..1, got ${m.specular}`);
    assertArgument(
      inUnit(m.subsurface),
      `mesh.material.subsurface must be in 0..1, got ${m.subsurface}`,
    );
    assertArgument(
      m.shininess === undefined || (Number.isFinite(m.shininess) && m.shininess > 0),
      `mesh.material.shininess must be > 0, got ${m.shininess}`,
    );
  }
  if (mesh.texture !== undefined) {
    assertArgument(mesh.uvs !== undefined, 'mesh.texture needs mesh.uvs (u v per vertex)');
    assertRgbImage(mesh.texture);
  }
}
