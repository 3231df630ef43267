/**
 * Assembles an {@link Avatar} from parts whose positions are functions of the rig state: the
 * neutral mesh, one sparse morph target per control (positions with that control at 1 minus
 * neutral), normals and framing (the framed parts in every single-control pose).
 */
import { computeVertexNormals } from '../face/face-mesh.js';
import type { RgbColor, SurfaceMaterial } from '../raster/types.js';
import type { RigState } from './geometry.js';
import type { Avatar, AvatarId, AvatarPart, MorphTarget, RigControl } from './types.js';

/** Displacements shorter than this (cm) are dropped from morph targets. */
const MIN_DELTA = 1e-3;

/** The parts of an avatar, with merged positions as a function of the rig state. */
export interface AvatarSource<C extends string> {
  readonly parts: readonly {
    readonly name: string;
    readonly material: SurfaceMaterial;
    readonly indices: Uint32Array;
    readonly colors: Float32Array;
    readonly vertexCount: number;
  }[];
  /** All parts' positions, concatenated in part order. */
  positions(state: RigState<C>): Float32Array;
}

/** What {@link assembleAvatar} needs besides the geometry. */
export interface AvatarDescription<C extends string> {
  id: AvatarId;
  name: string;
  description: string;
  rig: readonly { readonly name: C; readonly description: string }[];
  background: RgbColor;
  /** Parts whose neutral bounds the camera frames. */
  frameParts: readonly string[];
  /** Extra room round the framed parts, as a factor of their radius (default 1). */
  frameScale?: number;
}

/** Concatenates parts that each compute their own positions into one {@link AvatarSource}. */
export function combineParts<C extends string>(
  parts: readonly {
    name: string;
    material: SurfaceMaterial;
    indices: Uint32Array;
    colors: Float32Array;
    positions(state: RigState<C>): Float32Array;
  }[],
): AvatarSource<C> {
  const counts = parts.map((p) => p.colors.length / 3);
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    parts: parts.map((p, i) => ({ ...p, vertexCount: counts[i] })),
    positions(state) {
      const out = new Float32Array(total * 3);
      let offset = 0;
      parts.forEach((p, i) => {
        out.set(p.positions(state), offset * 3);
        offset += counts[i];
      });
      return out;
    },
  };
}

function sparseTarget(name: string, neutral: Float32Array, moved: Float32Array): MorphTarget {
  const kept: number[] = [];
  for (let v = 0; v < neutral.length / 3; v++) {
    const dx = moved[3 * v] - neutral[3 * v];
    const dy = moved[3 * v + 1] - neutral[3 * v + 1];
    const dz = moved[3 * v + 2] - neutral[3 * v + 2];
    if (dx * dx + dy * dy + dz * dz > MIN_DELTA * MIN_DELTA) kept.push(v);
  }
  const vertices = Uint32Array.from(kept);
  const deltas = new Float32Array(kept.length * 3);
  kept.forEach((v, k) => {
    for (let c = 0; c < 3; c++) deltas[3 * k + c] = moved[3 * v + c] - neutral[3 * v + c];
  });
  return { name, vertices, deltas };
}

/** Builds the avatar: neutral mesh, parts, sparse morph targets and framing. */
export function assembleAvatar<C extends string>(
  source: AvatarSource<C>,
  info: AvatarDescription<C>,
): Avatar {
  const neutral = source.positions({});
  const parts: AvatarPart[] = [];
  let vertexCount = 0;
  let indexCount = 0;
  for (const p of source.parts) {
    parts.push({
      name: p.name,
      material: Object.freeze({ ...p.material }),
      firstVertex: vertexCount,
      vertexCount: p.vertexCount,
      firstIndex: indexCount,
      indexCount: p.indices.length,
    });
    vertexCount += p.vertexCount;
    indexCount += p.indices.length;
  }
  const indices = new Uint32Array(indexCount);
  const colors = new Float32Array(vertexCount * 3);
  source.parts.forEach((p, i) => {
    const part = parts[i];
    for (let k = 0; k < p.indices.length; k++)
      indices[part.firstIndex + k] = p.indices[k] + part.firstVertex;
    colors.set(p.colors, part.firstVertex * 3);
  });
  const framing = new Bounds();
  framing.add(neutral, parts, info.frameParts);
  const morphTargets = info.rig.map((c) => {
    const moved = source.positions({ [c.name]: 1 } as RigState<C>);
    framing.add(moved, parts, info.frameParts);
    return sparseTarget(c.name, neutral, moved);
  });
  const rig: RigControl[] = info.rig.map((c) => Object.freeze({ ...c }));
  return Object.freeze({
    id: info.id,
    name: info.name,
    description: info.description,
    rig: Object.freeze(rig),
    mesh: Object.freeze({
      positions: neutral,
      indices,
      colors,
      normals: neutralNormals(neutral, indices),
    }),
    parts: Object.freeze(parts),
    morphTargets: Object.freeze(morphTargets.map((t) => Object.freeze(t))),
    view: Object.freeze(framing.frame(info.frameScale ?? 1, info.frameParts)),
    background: info.background,
  });
}

/**
 * Unit vertex normals of the neutral mesh. Vertices whose triangles all have zero area there
 * (a closed mouth's interior) get +z, the direction they face once opened.
 */
function neutralNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const normals = computeVertexNormals({ positions, indices });
  for (let i = 0; i < normals.length; i += 3) {
    const length = Math.hypot(normals[i], normals[i + 1], normals[i + 2]);
    if (!(length > 0.5)) normals.set([0, 0, 1], i);
  }
  return normals;
}

/** Axis-aligned bounds of some parts over several poses. */
class Bounds {
  readonly lo = [Infinity, Infinity, Infinity];
  readonly hi = [-Infinity, -Infinity, -Infinity];

  add(positions: Float32Array, parts: readonly AvatarPart[], names: readonly string[]): void {
    for (const part of parts) {
      if (!names.includes(part.name)) continue;
      const end = (part.firstVertex + part.vertexCount) * 3;
      for (let i = part.firstVertex * 3; i < end; i += 3) {
        for (let k = 0; k < 3; k++) {
          this.lo[k] = Math.min(this.lo[k], positions[i + k]);
          this.hi[k] = Math.max(this.hi[k], positions[i + k]);
        }
      }
    }
  }

  /** Front-view framing: the centre and the half-extent in x or y, whichever is larger. */
  frame(
    scale: number,
    names: readonly string[],
  ): { center: [number, number, number]; radius: number } {
    const { lo, hi } = this;
    if (!Number.isFinite(lo[0])) throw new Error(`no frame parts among ${names.join(', ')}`);
    return {
      center: [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2],
      radius: (Math.max(hi[0] - lo[0], hi[1] - lo[1]) / 2) * scale,
    };
  }
}
