import { assertArgument, assertObject } from '@freeavatar/core';
import { assertNumbers } from '../arguments.js';
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

/**
 * One of {@link FACE_PART_NAMES}.
 *
 * @example
 * ```ts
 * const hidden: FacePartName[] = ['hair', 'glasses'];
 * const mesh = mergeFaceMesh(createHead().mesh(), { exclude: hidden });
 * ```
 */
export type FacePartName = (typeof FACE_PART_NAMES)[number];

/**
 * Simple shading hints per part (Blinn–Phong style); colours carry the albedo.
 *
 * @example
 * ```ts
 * const wet: PartMaterial = { specular: 0.9, shininess: 90, subsurface: 0.05 };
 * ```
 */
export interface PartMaterial {
  /** Specular strength, 0 (matte) to 1 (wet or glossy). */
  specular: number;
  /** Specular exponent: larger is a tighter highlight. */
  shininess: number;
  /** Light that scatters under the surface and softens shading, 0..1 (skin ≈ 0.3). */
  subsurface: number;
}

/**
 * A named part: a {@link TriangleMesh} plus its material.
 *
 * @example
 * ```ts
 * const eye: MeshPart | undefined = createHead().mesh().parts.find((p) => p.name === 'eyeLeft');
 * ```
 */
export interface MeshPart extends TriangleMesh {
  name: FacePartName;
  material: PartMaterial;
}

/**
 * A head ready to rasterize, in head space (cm; x towards the subject's left, y up, z towards
 * the viewer). Each call that builds one returns fresh arrays.
 *
 * @example
 * ```ts
 * const face: FaceMesh = createHead().mesh({ mouthPucker: 1 });
 * for (const part of face.parts) console.log(part.name, part.positions.length / 3);
 * ```
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
 * declare const part: MeshPart;
 * const normals = computeVertexNormals(part);
 * ```
 */
export function computeVertexNormals(
  mesh: Pick<TriangleMesh, 'positions' | 'indices'>,
): Float32Array {
  assertObject(mesh, 'mesh');
  assertNumbers(mesh.positions, 'mesh.positions');
  assertNumbers(mesh.indices, 'mesh.indices');
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

/** Parts whose shared border vertices are smoothed together by {@link computeFaceNormals}. */
const WELDED: ReadonlySet<FacePartName> = new Set(['face', 'skull']);

/**
 * Vertex normals for every part of a head, in `face.parts` order. Where the skin meets the skull
 * (the face outline, whose vertices both parts share at identical positions) the normals are
 * averaged across both parts, so shading shows no seam there.
 *
 * @example
 * ```ts
 * import { computeFaceNormals, createHead } from '@freeavatar/synth';
 * const face = createHead().mesh();
 * const normals = computeFaceNormals(face);
 * const meshes = face.parts.map((part, i) => ({ ...part, normals: normals[i] }));
 * ```
 */
export function computeFaceNormals(face: FaceMesh): Float32Array[] {
  assertArgument(
    face !== null && typeof face === 'object' && Array.isArray(face.parts),
    'face must be a FaceMesh with a parts array',
  );
  const raw = face.parts.map((part) => {
    const sums = new Float32Array(part.positions.length);
    const p = part.positions;
    const idx = part.indices;
    for (let t = 0; t < idx.length; t += 3) {
      const [a, b, c] = [3 * idx[t], 3 * idx[t + 1], 3 * idx[t + 2]];
      const ux = p[b] - p[a];
      const uy = p[b + 1] - p[a + 1];
      const uz = p[b + 2] - p[a + 2];
      const vx = p[c] - p[a];
      const vy = p[c + 1] - p[a + 1];
      const vz = p[c + 2] - p[a + 2];
      const n = [uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx];
      for (const i of [a, b, c]) for (let k = 0; k < 3; k++) sums[i + k] += n[k];
    }
    return sums;
  });
  const shared = new Map<string, [number, number, number]>();
  const key = (p: Float32Array, i: number): string => `${p[i]},${p[i + 1]},${p[i + 2]}`;
  face.parts.forEach((part, k) => {
    if (!WELDED.has(part.name)) return;
    for (let i = 0; i < part.positions.length; i += 3) {
      const s = shared.get(key(part.positions, i)) ?? [0, 0, 0];
      s[0] += raw[k][i];
      s[1] += raw[k][i + 1];
      s[2] += raw[k][i + 2];
      shared.set(key(part.positions, i), s);
    }
  });
  return face.parts.map((part, k) => {
    const out = raw[k];
    for (let i = 0; i < out.length; i += 3) {
      const s = WELDED.has(part.name)
        ? (shared.get(key(part.positions, i)) as [number, number, number])
        : [out[i], out[i + 1], out[i + 2]];
      const len = Math.hypot(s[0], s[1], s[2]) || 1;
      out[i] = s[0] / len;
      out[i + 1] = s[1] / len;
      out[i + 2] = s[2] / len;
    }
    return out;
  });
}
