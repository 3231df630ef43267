import {
  CANONICAL_LANDMARK_BASIS,
  CANONICAL_POSITIONS_BASE64,
  CANONICAL_TRIANGLES_BASE64,
  CANONICAL_TRIANGLE_COUNT,
  CANONICAL_UVS_BASE64,
  CANONICAL_VERTEX_COUNT,
} from './canonical-face-data.js';

export { CANONICAL_TRIANGLE_COUNT, CANONICAL_VERTEX_COUNT };

/**
 * MediaPipe's canonical 468-vertex face mesh (Apache-2.0, see `assets/NOTICE.md`), neutral
 * expression, in cm. Axes: x towards the subject's left (the viewer's right; landmark 263, the
 * outer corner of the subject's left eye, has x > 0), y up, z out of the face towards the
 * viewer (nose tip at z ≈ 7.6). Vertex `i` is face-mesh landmark `i`.
 *
 * @example
 * ```ts
 * const { positions, uvs, triangles }: CanonicalFace = loadCanonicalFace();
 * ```
 */
export interface CanonicalFace {
  /** x y z per vertex, 468 × 3. */
  positions: Float32Array;
  /** u v per vertex (MediaPipe's texture layout, v down), 468 × 2. */
  uvs: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from the front, 898 × 3. */
  triangles: Uint32Array;
}

function decodeBytes(base64: string): DataView {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new DataView(bytes.buffer);
}

function decodeFloats(base64: string): Float32Array {
  const view = decodeBytes(base64);
  const out = new Float32Array(view.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function decodeIndices(base64: string): Uint32Array {
  const view = decodeBytes(base64);
  const out = new Uint32Array(view.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint16(i * 2, true);
  return out;
}

/**
 * Decodes the canonical face mesh. Every call returns fresh arrays the caller may modify.
 *
 * @example
 * ```ts
 * import { loadCanonicalFace } from '@freeavatar/face-crop';
 * const face = loadCanonicalFace();
 * console.log(face.positions.length / 3, face.triangles.length / 3); // 468 898
 * ```
 */
export function loadCanonicalFace(): CanonicalFace {
  return {
    positions: decodeFloats(CANONICAL_POSITIONS_BASE64),
    uvs: decodeFloats(CANONICAL_UVS_BASE64),
    triangles: decodeIndices(CANONICAL_TRIANGLES_BASE64),
  };
}

/**
 * The canonical face's vertex positions as a flat read-only list `[x0, y0, z0, x1, ...]` in cm
 * (see {@link CanonicalFace} for the axes).
 *
 * @example
 * ```ts
 * const noseTipZ = CANONICAL_FACE_POSITIONS[4 * 3 + 2]; // ≈ 7.6
 * ```
 */
export const CANONICAL_FACE_POSITIONS: readonly number[] = Object.freeze(
  Array.from(decodeFloats(CANONICAL_POSITIONS_BASE64)),
);

/**
 * Landmarks of the rigid part of the face and their weights (MediaPipe's Procrustes basis), for
 * fitting the head rotation.
 *
 * @example
 * ```ts
 * const total = CANONICAL_FACE_BASIS.reduce((sum, [, w]) => sum + w, 0);
 * ```
 */
export const CANONICAL_FACE_BASIS: readonly (readonly [landmark: number, weight: number])[] =
  CANONICAL_LANDMARK_BASIS;
