/**
 * Graph tools over a triangle mesh: vertex adjacency, edge-length (geodesic-like) distances,
 * boundary loops, harmonic interpolation and the left/right mirror map. Internal to the face
 * model; all functions are pure.
 */

/**
 * Vertex adjacency in compressed form: neighbours of v are `neighbors[offsets[v] .. offsets[v + 1])`.
 *
 * @example
 * ```ts
 * const { offsets, neighbors } = createFaceTemplate().adjacency;
 * const firstNeighbours = neighbors.subarray(offsets[0], offsets[1]);
 * ```
 */
export interface Adjacency {
  offsets: Uint32Array;
  neighbors: Uint32Array;
  /** Euclidean length of each entry's edge, parallel to `neighbors`. */
  lengths: Float32Array;
}

/** Builds the vertex adjacency of a triangle list. */
export function buildAdjacency(triangles: Uint32Array, positions: Float32Array): Adjacency {
  const n = positions.length / 3;
  const sets: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let t = 0; t < triangles.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = triangles[t + k];
      const b = triangles[t + ((k + 1) % 3)];
      sets[a].add(b);
      sets[b].add(a);
    }
  }
  const offsets = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + sets[v].size;
  const neighbors = new Uint32Array(offsets[n]);
  const lengths = new Float32Array(offsets[n]);
  for (let v = 0; v < n; v++) {
    let i = offsets[v];
    for (const u of [...sets[v]].sort((x, y) => x - y)) {
      neighbors[i] = u;
      lengths[i] = Math.hypot(
        positions[3 * u] - positions[3 * v],
        positions[3 * u + 1] - positions[3 * v + 1],
        positions[3 * u + 2] - positions[3 * v + 2],
      );
      i++;
    }
  }
  return { offsets, neighbors, lengths };
}

/**
 * Shortest-path distance along mesh edges from the nearest of `sources` (Dijkstra).
 * Unreachable vertices get `Infinity`.
 */
export function graphDistances(adjacency: Adjacency, sources: readonly number[]): Float32Array {
  const n = adjacency.offsets.length - 1;
  const dist = new Float32Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  // Binary min-heap of (distance, vertex) with lazy deletion; at most one entry per edge relaxation.
  const capacity = adjacency.neighbors.length + sources.length + 1;
  const heapD = new Float64Array(capacity);
  const heapV = new Int32Array(capacity);
  let size = 0;
  const push = (d: number, v: number): void => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapD[p] <= d) break;
      heapD[i] = heapD[p];
      heapV[i] = heapV[p];
      i = p;
    }
    heapD[i] = d;
    heapV[i] = v;
  };
  const pop = (): number => {
    const top = heapV[0];
    const d = heapD[--size];
    const v = heapV[size];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const m = l + 1 < size && heapD[l + 1] < heapD[l] ? l + 1 : l;
      if (heapD[m] >= d) break;
      heapD[i] = heapD[m];
      heapV[i] = heapV[m];
      i = m;
    }
    heapD[i] = d;
    heapV[i] = v;
    return top;
  };
  for (const s of sources) {
    dist[s] = 0;
    push(0, s);
  }
  while (size > 0) {
    const v = pop();
    if (done[v]) continue;
    done[v] = 1;
    for (let i = adjacency.offsets[v]; i < adjacency.offsets[v + 1]; i++) {
      const u = adjacency.neighbors[i];
      const d = dist[v] + adjacency.lengths[i];
      if (d < dist[u]) {
        dist[u] = d;
        push(d, u);
      }
    }
  }
  return dist;
}

/** Boundary loops of a triangle list (edges used by one triangle), each in winding order. */
export function boundaryLoops(triangles: Uint32Array): number[][] {
  const count = new Map<number, number>();
  const key = (a: number, b: number): number => (a < b ? a * 65536 + b : b * 65536 + a);
  for (let t = 0; t < triangles.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const e = key(triangles[t + k], triangles[t + ((k + 1) % 3)]);
      count.set(e, (count.get(e) ?? 0) + 1);
    }
  }
  const next = new Map<number, number>();
  for (let t = 0; t < triangles.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = triangles[t + k];
      const b = triangles[t + ((k + 1) % 3)];
      if (count.get(key(a, b)) === 1) next.set(a, b);
    }
  }
  const seen = new Set<number>();
  const loops: number[][] = [];
  for (const start of next.keys()) {
    if (seen.has(start)) continue;
    const loop: number[] = [];
    let v: number | undefined = start;
    while (v !== undefined && !seen.has(v)) {
      seen.add(v);
      loop.push(v);
      v = next.get(v);
    }
    loops.push(loop);
  }
  return loops;
}

/** Removes the triangles whose three vertices all belong to one of `holes` (fills of a loop). */
export function removeFillTriangles(
  triangles: Uint32Array,
  holes: readonly (readonly number[])[],
): Uint32Array {
  const sets = holes.map((h) => new Set(h));
  const kept: number[] = [];
  for (let t = 0; t < triangles.length; t += 3) {
    const a = triangles[t];
    const b = triangles[t + 1];
    const c = triangles[t + 2];
    if (sets.some((s) => s.has(a) && s.has(b) && s.has(c))) continue;
    kept.push(a, b, c);
  }
  return Uint32Array.from(kept);
}

/**
 * Harmonic interpolation: vertices in `fixed` keep their value, every other vertex converges to
 * the edge-length-weighted mean of its neighbours (Gauss–Seidel).
 */
export function harmonicField(
  adjacency: Adjacency,
  fixed: ReadonlyMap<number, number>,
  iterations = 400,
  initial = 0,
): Float32Array {
  const n = adjacency.offsets.length - 1;
  const value = new Float64Array(n).fill(initial);
  const isFixed = new Uint8Array(n);
  for (const [v, x] of fixed) {
    value[v] = x;
    isFixed[v] = 1;
  }
  const inverse = adjacency.lengths.map((l) => 1 / Math.max(l, 1e-3));
  for (let it = 0; it < iterations; it++) {
    for (let v = 0; v < n; v++) {
      if (isFixed[v]) continue;
      let sum = 0;
      let wsum = 0;
      for (let i = adjacency.offsets[v]; i < adjacency.offsets[v + 1]; i++) {
        sum += inverse[i] * value[adjacency.neighbors[i]];
        wsum += inverse[i];
      }
      if (wsum > 0) value[v] = sum / wsum;
    }
  }
  return Float32Array.from(value);
}

/** For each vertex, the index of the vertex nearest to its mirror image (x → −x). */
export function mirrorMap(positions: Float32Array): Uint32Array {
  const n = positions.length / 3;
  const out = new Uint32Array(n);
  for (let v = 0; v < n; v++) {
    const x = -positions[3 * v];
    const y = positions[3 * v + 1];
    const z = positions[3 * v + 2];
    let best = 0;
    let bestD = Infinity;
    for (let u = 0; u < n; u++) {
      const d =
        (positions[3 * u] - x) ** 2 +
        (positions[3 * u + 1] - y) ** 2 +
        (positions[3 * u + 2] - z) ** 2;
      if (d < bestD) {
        bestD = d;
        best = u;
      }
    }
    out[v] = best;
  }
  return out;
}

/** Area-weighted vertex normals of a triangle list over `positions`. */
export function vertexNormals(positions: Float32Array, triangles: Uint32Array): Float32Array {
  const normals = new Float32Array(positions.length);
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t];
    const b = 3 * triangles[t + 1];
    const c = 3 * triangles[t + 2];
    const ux = positions[b] - positions[a];
    const uy = positions[b + 1] - positions[a + 1];
    const uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a];
    const vy = positions[c + 1] - positions[a + 1];
    const vz = positions[c + 2] - positions[a + 2];
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    for (const i of [a, b, c]) {
      normals[i] += nx;
      normals[i + 1] += ny;
      normals[i + 2] += nz;
    }
  }
  for (let i = 0; i < normals.length; i += 3) {
    const len = Math.hypot(normals[i], normals[i + 1], normals[i + 2]) || 1;
    normals[i] /= len;
    normals[i + 1] /= len;
    normals[i + 2] /= len;
  }
  return normals;
}
