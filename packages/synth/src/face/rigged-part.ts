/**
 * A mesh part whose vertices are bound to the face rig: each vertex has a rest position (the
 * identity's neutral), up to two skin vertices whose blendshape displacement it follows, a
 * lower-jaw weight, and optionally a rigid eye rotation or the tongue's motion. Internal.
 */
import type { FacePartName, MeshPart, PartMaterial } from './face-mesh.js';
import type { Vec3 } from './face-template.js';
import { applyAffine, type Affine } from '../blendshapes/rig.js';

/** The rig binding of one part. */
export interface RiggedPart {
  name: FacePartName;
  material: PartMaterial;
  rest: Float32Array;
  indices: Uint32Array;
  colors: Float32Array;
  /** Two skin vertex indices per vertex (−1: none). */
  follow: Int32Array;
  /** Weights of the two followed skin vertices. */
  followWeight: Float32Array;
  /** 0..1: how much the vertex moves with the lower jaw. */
  jaw: Float32Array;
  /** Rigid rotation about this centre by the eye's gaze, when set. */
  eyeCenter?: Vec3;
  /** Displacement at tongueOut = 1, when set. */
  tongueOut?: Float32Array;
}

/** The rig state a part is evaluated at. */
export interface RigState {
  /** Blendshape displacement of the 468 skin vertices. */
  faceDelta: Float32Array;
  jaw: Affine;
  tongueOut: number;
  /** Row-major 3 × 3 eye rotation for eye parts. */
  eyeRotation?: Float64Array;
  scale: number;
}

/** Accumulates vertices and triangles of a part. */
export class PartBuilder {
  readonly positions: number[] = [];
  readonly colors: number[] = [];
  readonly indices: number[] = [];
  readonly follow: number[] = [];
  readonly followWeight: number[] = [];
  readonly jaw: number[] = [];

  get vertexCount(): number {
    return this.positions.length / 3;
  }

  /** Adds a vertex and returns its index. */
  vertex(p: Vec3, color: Vec3, bind: { follow?: [number, number][]; jaw?: number } = {}): number {
    this.positions.push(p[0], p[1], p[2]);
    this.colors.push(color[0], color[1], color[2]);
    const f = bind.follow ?? [];
    this.follow.push(f[0]?.[0] ?? -1, f[1]?.[0] ?? -1);
    this.followWeight.push(f[0]?.[1] ?? 0, f[1]?.[1] ?? 0);
    this.jaw.push(bind.jaw ?? 0);
    return this.vertexCount - 1;
  }

  triangle(a: number, b: number, c: number): void {
    this.indices.push(a, b, c);
  }

  /** Quad a-b-c-d (counter-clockwise seen from the front) as two triangles. */
  quad(a: number, b: number, c: number, d: number): void {
    this.indices.push(a, b, c, a, c, d);
  }

  /**
   * Connects consecutive rows of vertex indices with quads. Rows have equal length; `closed`
   * wraps each row around. `flip` reverses the winding.
   */
  grid(rows: number[][], closed: boolean, flip = false): void {
    for (let r = 0; r + 1 < rows.length; r++) {
      const a = rows[r];
      const b = rows[r + 1];
      const n = a.length;
      const last = closed ? n : n - 1;
      for (let i = 0; i < last; i++) {
        const j = (i + 1) % n;
        if (flip) this.quad(a[i], a[j], b[j], b[i]);
        else this.quad(a[i], b[i], b[j], a[j]);
      }
    }
  }

  /** Fan from `center` to a closed row. */
  fan(center: number, row: number[], flip = false): void {
    for (let i = 0; i < row.length; i++) {
      const j = (i + 1) % row.length;
      if (flip) this.triangle(center, row[j], row[i]);
      else this.triangle(center, row[i], row[j]);
    }
  }

  build(
    name: FacePartName,
    material: PartMaterial,
    extra: Partial<Pick<RiggedPart, 'eyeCenter' | 'tongueOut'>> = {},
  ): RiggedPart {
    return {
      name,
      material,
      rest: Float32Array.from(this.positions),
      indices: Uint32Array.from(this.indices),
      colors: Float32Array.from(this.colors),
      follow: Int32Array.from(this.follow),
      followWeight: Float32Array.from(this.followWeight),
      jaw: Float32Array.from(this.jaw),
      ...extra,
    };
  }
}

/** Evaluates a rigged part into a fresh {@link MeshPart}. */
export function evaluatePart(part: RiggedPart, state: RigState): MeshPart {
  const n = part.rest.length / 3;
  const out = new Float32Array(part.rest.length);
  const jawOnly = new Float32Array(3);
  const { faceDelta } = state;
  const rot = part.eyeCenter ? state.eyeRotation : undefined;
  for (let v = 0; v < n; v++) {
    let x = part.rest[3 * v];
    let y = part.rest[3 * v + 1];
    let z = part.rest[3 * v + 2];
    if (rot && part.eyeCenter) {
      const c = part.eyeCenter;
      const dx = x - c[0];
      const dy = y - c[1];
      const dz = z - c[2];
      x = c[0] + rot[0] * dx + rot[1] * dy + rot[2] * dz;
      y = c[1] + rot[3] * dx + rot[4] * dy + rot[5] * dz;
      z = c[2] + rot[6] * dx + rot[7] * dy + rot[8] * dz;
    }
    if (part.tongueOut && state.tongueOut !== 0) {
      x += state.tongueOut * part.tongueOut[3 * v];
      y += state.tongueOut * part.tongueOut[3 * v + 1];
      z += state.tongueOut * part.tongueOut[3 * v + 2];
    }
    for (let k = 0; k < 2; k++) {
      const f = part.follow[2 * v + k];
      if (f < 0) continue;
      const w = part.followWeight[2 * v + k];
      x += w * faceDelta[3 * f];
      y += w * faceDelta[3 * f + 1];
      z += w * faceDelta[3 * f + 2];
    }
    const b = part.jaw[v];
    if (b !== 0) {
      jawOnly[0] = x;
      jawOnly[1] = y;
      jawOnly[2] = z;
      applyAffine(state.jaw, jawOnly);
      x += b * (jawOnly[0] - x);
      y += b * (jawOnly[1] - y);
      z += b * (jawOnly[2] - z);
    }
    out[3 * v] = x * state.scale;
    out[3 * v + 1] = y * state.scale;
    out[3 * v + 2] = z * state.scale;
  }
  return {
    name: part.name,
    material: { ...part.material },
    positions: out,
    indices: part.indices.slice(),
    colors: part.colors.slice(),
  };
}
