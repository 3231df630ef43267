import { assertArgument } from '@freeavatar/core';
import type { TriangleMesh } from '../mesh-types.js';
import { vertexNormals } from './mesh-topology.js';

/**
 * Names of the parts of a rendered head. `face` is the 468-vertex skin (its vertex i is
 * landmark i); the others complete it so that a render reads as a head.
 *
 * @example
 * ```ts
 * import { FACE_PART_NAMES } from '@freeavatar/synth';
 * console.log(FACE_PART_NAMES.includes('tongue')); // true
 * ```
 */
export const FACE_PART_NAMES = [
  'face',
  'eyeLeft',
  'eyeRight',
  'eyeSocketLeft',
  'eyeSocketRight',
  'mouthCavity',
  'teethUpper',
  'teethLower',
  'tongue',
  'brows',
  'skull',
  'earLeft',
  'earRight',
  'neck',
  'hair',
  'glasses',
] as const;

/** One of {@link FACE_PART_NAMES}. */
export type FacePartName = (typeof FACE_PART_NAMES)[number];

/** Simple shading hints per part (Blinn–Phong style); colours carry the albedo. */
export interface PartMaterial {
  /** Specular strength, 0 (matte) to 1 (wet or glossy). */
  specular: number;
  /** Specular exponent: larger is a tighter highlight. */
  shininess: number;
  /** Light that scatters under the surface and softens shading, 0..1 (skin ≈ 0.3). */
  subsurface: number;
}

/** A named part: a {@link TriangleMesh} plus its material. */
export interface MeshPart extends TriangleMesh {
  name: FacePartName;
  material: PartMaterial;
}

/**
 * A head ready to rasterize, in head space (cm; x towards the subject's left, y up, z towards
 * the viewer). Each call that builds one returns fresh arrays.
 */
export interface FaceMesh {
  parts: MeshPart[];
}

/**
 * Area-weighted unit vertex normals of a mesh (x y z per vertex), computed on demand.
 *
 * @example
 * ```ts
 * import { computeVertexNormals } from '@freeavatar/synth';
 * const normals = computeVertexNormals(part);
 * ```
 */
export function computeVertexNormals(
  mesh: Pick<TriangleMesh, 'positions' | 'indices'>,
): Float32Array {
  assertArgument(
    mesh.positions.length % 3 === 0,
    `positions length must be a multiple of 3, got ${mesh.positions.length}`,
  );
  assertArgument(
    mesh.indices.length % 3 === 0,
    `indices length must be a multiple of 3, got ${mesh.indices.length}`,
  );
  return vertexNormals(mesh.positions, mesh.indices);
}

/**
 * Concatenates parts into one {@link TriangleMesh} (indices re-based), optionally leaving some
 * parts out.
 *
 * @example
 * ```ts
 * import { createHead, mergeFaceMesh } from '@freeavatar/synth';
 * const mesh = mergeFaceMesh(createHead().mesh({ jawOpen: 0.5 }), { exclude: ['glasses'] });
 * ```
 */
export function mergeFaceMesh(
  face: FaceMesh,
  options: { exclude?: readonly FacePartName[] } = {},
): TriangleMesh {
  assertArgument(
    face !== null && typeof face === 'object' && Array.isArray(face.parts),
    'face must be a FaceMesh with a parts array',
  );
  const exclude = new Set(options.exclude ?? []);
  const parts = face.parts.filter((p) => !exclude.has(p.name));
  let vertexCount = 0;
  let indexCount = 0;
  for (const p of parts) {
    vertexCount += p.positions.length / 3;
    indexCount += p.indices.length;
  }
  const positions = new Float32Array(vertexCount * 3);
  const colors = new Float32Array(vertexCount * 3);
  const indices = new Uint32Array(indexCount);
  let vOffset = 0;
  let iOffset = 0;
  for (const p of parts) {
    positions.set(p.positions, vOffset * 3);
    colors.set(p.colors, vOffset * 3);
    for (let i = 0; i < p.indices.length; i++) indices[iOffset + i] = p.indices[i] + vOffset;
    vOffset += p.positions.length / 3;
    iOffset += p.indices.length;
  }
  return { positions, indices, colors };
}
