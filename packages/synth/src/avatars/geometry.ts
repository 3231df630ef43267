/**
 * Geometry helpers for the primitive-built avatars: parametric grid surfaces whose shape is a
 * function of the rig state, plus small vector and easing helpers.
 */
import type { SurfaceMaterial } from '../raster/types.js';

/** x y z. */
export type Vec3 = [number, number, number];

/** Rig control values by name; a missing control is 0. */
export type RigState<C extends string> = Partial<Record<C, number>>;

/**
 * A part whose triangles and colours are fixed and whose vertex positions are a function of
 * the rig state. Morph targets are its positions with one control at 1 minus its neutral ones.
 */
export interface PartShape<C extends string> {
  readonly name: string;
  readonly material: SurfaceMaterial;
  /** Local vertex indices, three per triangle, counter-clockwise seen from outside. */
  readonly indices: Uint32Array;
  readonly colors: Float32Array;
  positions(state: RigState<C>): Float32Array;
}

/**
 * A surface sampled on a `(rows + 1) × (cols + 1)` grid of (u, v) in [0, 1]² (one column fewer
 * when `wrap` closes it round in u). `shape(state)` gives the point of each (u, v) in that state.
 */
export interface GridSpec<C extends string> {
  name: string;
  material: SurfaceMaterial;
  rows: number;
  cols: number;
  /** The last column joins the first (u = 1 is u = 0). */
  wrap?: boolean;
  /** Reverse the winding (for grids whose (u, v) run clockwise seen from outside). */
  flip?: boolean;
  color(u: number, v: number): Vec3;
  shape(state: RigState<C>): (u: number, v: number) => Vec3;
}

/** Triangle indices of a grid of `rows × cols` cells. */
export function gridIndices(rows: number, cols: number, wrap = false, flip = false): Uint32Array {
  const stride = wrap ? cols : cols + 1;
  const out = new Uint32Array(rows * cols * 6);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const j1 = wrap ? (j + 1) % cols : j + 1;
      const a = i * stride + j;
      const b = i * stride + j1;
      const c = (i + 1) * stride + j;
      const d = (i + 1) * stride + j1;
      if (flip) out.set([a, b, c, b, d, c], k);
      else out.set([a, c, b, b, c, d], k);
      k += 6;
    }
  }
  return out;
}

/** Turns a {@link GridSpec} into a {@link PartShape}. */
export function gridPart<C extends string>(spec: GridSpec<C>): PartShape<C> {
  const stride = spec.wrap ? spec.cols : spec.cols + 1;
  const count = (spec.rows + 1) * stride;
  const colors = new Float32Array(count * 3);
  const sample = (f: (u: number, v: number) => Vec3, out: Float32Array): Float32Array => {
    for (let i = 0; i <= spec.rows; i++) {
      for (let j = 0; j < stride; j++) {
        const p = f(j / spec.cols, i / spec.rows);
        out.set(p, (i * stride + j) * 3);
      }
    }
    return out;
  };
  sample(spec.color, colors);
  return {
    name: spec.name,
    material: spec.material,
    indices: gridIndices(spec.rows, spec.cols, spec.wrap, spec.flip),
    colors,
    positions: (state) => sample(spec.shape(state), new Float32Array(count * 3)),
  };
}

/**
 * The part plus a mirror copy with reversed triangles, so that it stays visible when a blend of
 * morph targets turns it over (a glyph squashed past flat). The copy has its own vertices, so
 * each side gets its own normals.
 */
export function doubleSided<C extends string>(part: PartShape<C>): PartShape<C> {
  const n = part.colors.length / 3;
  const indices = new Uint32Array(part.indices.length * 2);
  indices.set(part.indices);
  for (let t = 0; t < part.indices.length; t += 3) {
    indices[part.indices.length + t] = part.indices[t] + n;
    indices[part.indices.length + t + 1] = part.indices[t + 2] + n;
    indices[part.indices.length + t + 2] = part.indices[t + 1] + n;
  }
  const colors = new Float32Array(n * 6);
  colors.set(part.colors);
  colors.set(part.colors, n * 3);
  return {
    name: part.name,
    material: part.material,
    indices,
    colors,
    positions(state) {
      const p = part.positions(state);
      const out = new Float32Array(p.length * 2);
      out.set(p);
      out.set(p, p.length);
      return out;
    },
  };
}

/** Hermite smoothstep of x between a and b (a may exceed b for a falling edge). */
export function smooth(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

/** Linear interpolation. */
export function mix(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Linear interpolation of colours. */
export function mixColor(a: readonly number[], b: readonly number[], t: number): Vec3 {
  return [mix(a[0], b[0], t), mix(a[1], b[1], t), mix(a[2], b[2], t)];
}

/** Reads a control from a state (0 when missing). */
export function control<C extends string>(state: RigState<C>, name: C): number {
  return state[name] ?? 0;
}

/** Rotates `p` about the x axis through `pivot` by `angle` radians (positive turns +y to +z). */
export function rotateX(p: Vec3, pivot: readonly number[], angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const y = p[1] - pivot[1];
  const z = p[2] - pivot[2];
  return [p[0], pivot[1] + c * y - s * z, pivot[2] + s * y + c * z];
}

/** Rotates `p` about the y axis through `pivot` by `angle` radians (positive turns +z to +x). */
export function rotateY(p: Vec3, pivot: readonly number[], angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const x = p[0] - pivot[0];
  const z = p[2] - pivot[2];
  return [pivot[0] + c * x + s * z, p[1], pivot[2] - s * x + c * z];
}

/** A unit direction from latitude (up from the equator) and longitude (from +z towards +x). */
export function direction(lat: number, lon: number): Vec3 {
  const c = Math.cos(lat);
  return [c * Math.sin(lon), Math.sin(lat), c * Math.cos(lon)];
}
