/**
 * Building blocks for authoring vertex displacement fields on the 468-vertex template: smooth
 * weights from graph or Euclidean distance, side masks, propagation of seed displacements to
 * their neighbourhood, and mirroring. Fields are dense `Float32Array(468 × 3)` while authoring.
 */
import type { FaceTemplate, Vec3 } from '../face/face-template.js';
import { graphDistances } from '../face/mesh-topology.js';

/** A dense displacement field, x y z per vertex. */
export type Field = Float32Array;

/** A fresh zero field for the template. */
export function newField(template: FaceTemplate): Field {
  return new Float32Array(template.positions.length);
}

/** 1 at distance 0, 0 from `radius` on, smooth (raised cosine) in between. */
export function cosineFalloff(distance: number, radius: number): number {
  if (distance >= radius) return 0;
  return 0.5 * (1 + Math.cos((Math.PI * distance) / radius));
}

/** Hermite smoothstep of x between edges a and b. */
export function smoothstep(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

/** Weights that fall off with graph distance along the skin from `seeds`. */
export function falloffFromVertices(
  template: FaceTemplate,
  seeds: readonly number[],
  radius: number,
): Float32Array {
  const dist = graphDistances(template.adjacency, seeds);
  return dist.map((d) => cosineFalloff(d, radius));
}

/** Weights that fall off with straight-line distance from `point`. */
export function falloffFromPoint(
  template: FaceTemplate,
  point: Vec3,
  radius: number,
  scale: Vec3 = [1, 1, 1],
): Float32Array {
  const p = template.positions;
  const out = new Float32Array(p.length / 3);
  for (let v = 0; v < out.length; v++) {
    const d = Math.hypot(
      (p[3 * v] - point[0]) / scale[0],
      (p[3 * v + 1] - point[1]) / scale[1],
      (p[3 * v + 2] - point[2]) / scale[2],
    );
    out[v] = cosineFalloff(d, radius);
  }
  return out;
}

/**
 * Per-vertex weight of a function of the neutral position, e.g. a side mask
 * `(x) => smoothstep(-1, 1, x)`.
 */
export function weightsFromPosition(template: FaceTemplate, fn: (p: Vec3) => number): Float32Array {
  const p = template.positions;
  const out = new Float32Array(p.length / 3);
  for (let v = 0; v < out.length; v++) out[v] = fn([p[3 * v], p[3 * v + 1], p[3 * v + 2]]);
  return out;
}

/** 1 where the vertex is nearer (along the skin) to `a` than to `b`, 0 elsewhere. */
export function closerTo(
  template: FaceTemplate,
  a: readonly number[],
  b: readonly number[],
): Float32Array {
  const da = graphDistances(template.adjacency, a);
  const db = graphDistances(template.adjacency, b);
  return da.map((d, v) => (d < db[v] ? 1 : 0));
}

/** Element-wise product of weight arrays. */
export function product(...weights: Float32Array[]): Float32Array {
  const out = new Float32Array(weights[0].length).fill(1);
  for (const w of weights) for (let v = 0; v < out.length; v++) out[v] *= w[v];
  return out;
}

/** `field += weights[v] * vector` for every vertex. */
export function addTranslation(field: Field, weights: Float32Array, vector: Vec3): Field {
  for (let v = 0; v < weights.length; v++) {
    const w = weights[v];
    if (w === 0) continue;
    field[3 * v] += w * vector[0];
    field[3 * v + 1] += w * vector[1];
    field[3 * v + 2] += w * vector[2];
  }
  return field;
}

/** `field += weights[v] * fn(neutral position, v)` for every vertex with a non-zero weight. */
export function addPerVertex(
  template: FaceTemplate,
  field: Field,
  weights: Float32Array,
  fn: (p: Vec3, v: number) => Vec3,
): Field {
  const p = template.positions;
  for (let v = 0; v < weights.length; v++) {
    const w = weights[v];
    if (w === 0) continue;
    const d = fn([p[3 * v], p[3 * v + 1], p[3 * v + 2]], v);
    field[3 * v] += w * d[0];
    field[3 * v + 1] += w * d[1];
    field[3 * v + 2] += w * d[2];
  }
  return field;
}

/** The displacement that a rotation by `angle` about the x axis through `pivot` gives point `p`. */
export function rotationXDisplacement(p: Vec3, pivot: Vec3, angle: number): Vec3 {
  const y = p[1] - pivot[1];
  const z = p[2] - pivot[2];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [0, y * c - z * s - y, y * s + z * c - z];
}

/**
 * Sets each seed's displacement exactly and spreads it to the skin around: a vertex within
 * `radius` (graph distance) of the seeds gets `strength × falloff × allowed[v]` times the
 * Gaussian-weighted mean (σ = `sigma` cm) of the seed displacements near it.
 */
export function propagate(
  template: FaceTemplate,
  field: Field,
  seeds: readonly number[],
  deltas: readonly Vec3[],
  options: { radius: number; strength: number; allowed?: Float32Array; sigma?: number },
): Field {
  const p = template.positions;
  const sigma2 = (options.sigma ?? 0.6) ** 2;
  const dist = graphDistances(template.adjacency, seeds);
  const seedSet = new Set(seeds);
  seeds.forEach((s, i) => {
    field[3 * s] += deltas[i][0];
    field[3 * s + 1] += deltas[i][1];
    field[3 * s + 2] += deltas[i][2];
  });
  for (let v = 0; v < dist.length; v++) {
    if (seedSet.has(v)) continue;
    const w =
      options.strength *
      cosineFalloff(dist[v], options.radius) *
      (options.allowed ? options.allowed[v] : 1);
    if (w === 0) continue;
    let sx = 0;
    let sy = 0;
    let sz = 0;
    let sw = 0;
    seeds.forEach((s, i) => {
      const d2 =
        (p[3 * v] - p[3 * s]) ** 2 +
        (p[3 * v + 1] - p[3 * s + 1]) ** 2 +
        (p[3 * v + 2] - p[3 * s + 2]) ** 2;
      const k = Math.exp(-d2 / sigma2) + 1e-12;
      sx += k * deltas[i][0];
      sy += k * deltas[i][1];
      sz += k * deltas[i][2];
      sw += k;
    });
    field[3 * v] += (w * sx) / sw;
    field[3 * v + 1] += (w * sy) / sw;
    field[3 * v + 2] += (w * sz) / sw;
  }
  return field;
}

/** The mirror image of a field (the subject's left shape → the right shape). */
export function mirrorField(template: FaceTemplate, field: Field): Field {
  const out = new Float32Array(field.length);
  const m = template.mirror;
  for (let v = 0; v < m.length; v++) {
    const u = m[v];
    out[3 * u] = -field[3 * v];
    out[3 * u + 1] = field[3 * v + 1];
    out[3 * u + 2] = field[3 * v + 2];
  }
  return out;
}

/** Mean of some template vertices. */
export function centroid(template: FaceTemplate, vertices: readonly number[]): Vec3 {
  const c: Vec3 = [0, 0, 0];
  for (const v of vertices) {
    c[0] += template.positions[3 * v] / vertices.length;
    c[1] += template.positions[3 * v + 1] / vertices.length;
    c[2] += template.positions[3 * v + 2] / vertices.length;
  }
  return c;
}
