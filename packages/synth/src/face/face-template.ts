import { loadCanonicalFace } from './canonical-face.js';
import { FACE_LANDMARKS, LANDMARK } from './landmarks.js';
import {
  boundaryLoops,
  buildAdjacency,
  graphDistances,
  harmonicField,
  mirrorMap,
  removeFillTriangles,
  vertexNormals,
  type Adjacency,
} from './mesh-topology.js';

/**
 * A point in head space (cm).
 *
 * @example
 * ```ts
 * const p: Vec3 = [0, 1.5, 7];
 * ```
 */
export type Vec3 = [number, number, number];

/**
 * Which side of the face: the subject's `left` is +x.
 *
 * @example
 * ```ts
 * const side: FaceSide = 'left'; // the subject's left, +x
 * ```
 */
export type FaceSide = 'left' | 'right';

/**
 * The neutral face with everything the model derives from it once: the mesh opened at the eyes
 * and the mouth, adjacency, the mirror map, contour loops and the jaw's weight field. Built by
 * {@link createFaceTemplate}; treat every array as read-only.
 *
 * @example
 * ```ts
 * const template: FaceTemplate = createFaceTemplate();
 * console.log(template.loops.mouth.length); // 20 inner-lip vertices
 * ```
 */
export interface FaceTemplate {
  /** Neutral positions, 468 × 3, cm: the canonical mesh with the lips closed and the eyes a little wider. */
  positions: Float32Array;
  /** MediaPipe texture coordinates, 468 × 2. */
  uvs: Float32Array;
  /** The canonical 898 triangles, eyes and mouth closed by triangles. */
  canonicalTriangles: Uint32Array;
  /** The triangles without the eye and mouth fills (852): the skin surface. */
  triangles: Uint32Array;
  /** Vertex normals of the skin surface at neutral. */
  normals: Float32Array;
  /** Adjacency of the skin surface (eyes and mouth open). */
  adjacency: Adjacency;
  /** `mirror[v]` is the vertex at v's mirror image (x → −x). */
  mirror: Uint32Array;
  /** Closed loops, in the skin triangles' boundary winding. */
  loops: { outer: number[]; eyeLeft: number[]; eyeRight: number[]; mouth: number[] };
  /** The axis point of the jaw hinge (its axis is x). */
  jawPivot: Vec3;
  /** 0..1 per vertex: how much the vertex follows the lower jaw. */
  jawWeight: Float32Array;
}

/** Reads vertex `v` of a packed xyz array. */
export function vertexAt(positions: Float32Array, v: number): Vec3 {
  return [positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]];
}

function sameCycle(loop: number[], expected: readonly number[]): boolean {
  if (loop.length !== expected.length) return false;
  const set = new Set(loop);
  return expected.every((v) => set.has(v));
}

/**
 * Moves `seeds` by `deltas` and spreads the motion to nearby skin on the same side: a vertex
 * within `radius` (graph distance) gets `strength × falloff` times the Gaussian-weighted mean of
 * the motions of the seeds of its group (the group of seeds it is nearest to).
 */
function spreadMoves(
  positions: Float32Array,
  adjacency: Adjacency,
  groups: { seeds: number[]; deltas: Vec3[] }[],
  radius: number,
  strength: number,
): void {
  const dists = groups.map((g) => graphDistances(adjacency, g.seeds));
  const n = positions.length / 3;
  const moved = new Float32Array(positions.length);
  const own = new Map<number, Vec3>();
  groups.forEach((g) => g.seeds.forEach((s, i) => own.set(s, g.deltas[i])));
  for (let v = 0; v < n; v++) {
    const mine = own.get(v);
    if (mine) {
      moved.set(mine, 3 * v);
      continue;
    }
    let best = 0;
    for (let g = 1; g < groups.length; g++) if (dists[g][v] < dists[best][v]) best = g;
    const d = dists[best][v];
    if (d >= radius) continue;
    const w = strength * 0.5 * (1 + Math.cos((Math.PI * d) / radius));
    let sw = 0;
    const acc = [0, 0, 0];
    groups[best].seeds.forEach((s, i) => {
      let d2 = 0;
      for (let k = 0; k < 3; k++) d2 += (positions[3 * v + k] - positions[3 * s + k]) ** 2;
      const k2 = Math.exp(-d2 / 0.36) + 1e-12;
      for (let k = 0; k < 3; k++) acc[k] += k2 * groups[best].deltas[i][k];
      sw += k2;
    });
    for (let k = 0; k < 3; k++) moved[3 * v + k] = (w * acc[k]) / sw;
  }
  for (let i = 0; i < positions.length; i++) positions[i] += moved[i];
}

/**
 * The canonical mesh rests with the lips 0.5 cm apart; a neutral ARKit face has them closed.
 * Moves each inner-lip pair to its meeting point (a hair's breadth overlapped, so no gap
 * shows) and lets the lips around follow.
 */
function closeNeutralLips(positions: Float32Array, adjacency: Adjacency): void {
  const upper = FACE_LANDMARKS.lipsUpperInner.slice(1, -1);
  const lower = FACE_LANDMARKS.lipsLowerInner.slice(1, -1);
  const up: Vec3[] = [];
  const low: Vec3[] = [];
  upper.forEach((u, i) => {
    const l = lower[i];
    const mid = [0, 1, 2].map((k) => (positions[3 * u + k] + positions[3 * l + k]) / 2);
    up.push([
      mid[0] - positions[3 * u],
      mid[1] - 0.005 - positions[3 * u + 1],
      mid[2] - positions[3 * u + 2],
    ]);
    low.push([
      mid[0] - positions[3 * l],
      mid[1] + 0.005 - positions[3 * l + 1],
      mid[2] - positions[3 * l + 2],
    ]);
  });
  spreadMoves(
    positions,
    adjacency,
    [
      { seeds: upper, deltas: up },
      { seeds: lower, deltas: low },
    ],
    1.2,
    0.6,
  );
}

/**
 * The canonical eyes are narrow (height ≈ 0.26 × width); opens them to ≈ 0.33 × width, a
 * typical relaxed adult eye, by raising the upper lid.
 */
function openNeutralEyes(positions: Float32Array, adjacency: Adjacency): void {
  const groups: { seeds: number[]; deltas: Vec3[] }[] = [];
  for (const [upperList, lowerList] of [
    [FACE_LANDMARKS.eyeLeftUpper, FACE_LANDMARKS.eyeLeftLower],
    [FACE_LANDMARKS.eyeRightUpper, FACE_LANDMARKS.eyeRightLower],
  ] as const) {
    const upper = upperList.slice(1, -1);
    const lower = lowerList.slice(1, -1);
    const gap = (i: number): number => positions[3 * upper[i] + 1] - positions[3 * lower[i] + 1];
    groups.push({
      seeds: upper,
      deltas: upper.map((_, i) => [0, 0.26 * gap(i), -0.03 * gap(i)] as Vec3),
    });
    groups.push({ seeds: lower, deltas: lower.map((_, i) => [0, -0.04 * gap(i), 0] as Vec3) });
  }
  spreadMoves(positions, adjacency, groups, 1.0, 0.5);
}

function jawWeightField(
  positions: Float32Array,
  adjacency: Adjacency,
  outer: readonly number[],
): Float32Array {
  const fixed = new Map<number, number>();
  const n = positions.length / 3;
  const cornerY = positions[3 * LANDMARK.mouthCornerLeft + 1];
  const noseY = positions[3 * 2 + 1]; // landmark 2, the base of the nose
  for (let v = 0; v < n; v++) {
    const y = positions[3 * v + 1];
    if (y > noseY) fixed.set(v, 0);
    else if (y < cornerY - 2.5 && Math.abs(positions[3 * v]) < 5.5) fixed.set(v, 1);
  }
  const trim = (list: readonly number[]): number[] => list.slice(1, -1);
  for (const v of [...trim(FACE_LANDMARKS.lipsUpperInner), ...trim(FACE_LANDMARKS.lipsUpperOuter)])
    fixed.set(v, 0);
  for (const v of [...trim(FACE_LANDMARKS.lipsLowerInner), ...trim(FACE_LANDMARKS.lipsLowerOuter)])
    fixed.set(v, 1);
  // Along the face outline the jaw line moves, the temples stay.
  for (const v of outer) {
    const y = positions[3 * v + 1];
    if (y < cornerY - 0.3) fixed.set(v, 1);
    else if (y > cornerY + 3) fixed.set(v, 0);
  }
  const field = harmonicField(adjacency, fixed, 600);
  // Sharpen a little so the cheeks stay put while the chin moves rigidly.
  for (let v = 0; v < n; v++) {
    const w = field[v];
    field[v] = w * w * (3 - 2 * w);
  }
  return field;
}

/**
 * Builds the {@link FaceTemplate} from the canonical mesh. Costs a few milliseconds; build it
 * once and share it.
 *
 * @example
 * ```ts
 * import { createFaceTemplate } from '@freeavatar/synth';
 * const template = createFaceTemplate();
 * console.log(template.triangles.length / 3); // 852: the eyes and the mouth are open
 * ```
 */
export function createFaceTemplate(): FaceTemplate {
  const canonical = loadCanonicalFace();
  const { positions } = canonical;
  const eyeLeft = [...FACE_LANDMARKS.eyeLeftUpper, ...FACE_LANDMARKS.eyeLeftLower.slice(1, -1)];
  const eyeRight = [...FACE_LANDMARKS.eyeRightUpper, ...FACE_LANDMARKS.eyeRightLower.slice(1, -1)];
  const mouth = [...FACE_LANDMARKS.lipsUpperInner, ...FACE_LANDMARKS.lipsLowerInner.slice(1, -1)];
  const triangles = removeFillTriangles(canonical.triangles, [eyeLeft, eyeRight, mouth]);
  const loops = boundaryLoops(triangles);
  const find = (expected: readonly number[]): number[] => {
    const loop = loops.find((l) => sameCycle(l, expected));
    if (!loop)
      throw new Error(`face template: no boundary loop matches landmarks ${expected.join(',')}`);
    return loop;
  };
  const outer = find(FACE_LANDMARKS.faceOval);
  closeNeutralLips(positions, buildAdjacency(triangles, positions));
  openNeutralEyes(positions, buildAdjacency(triangles, positions));
  const adjacency = buildAdjacency(triangles, positions);
  const pivotY = positions[3 * LANDMARK.earLeft + 1] + 0.3;
  const pivotZ = positions[3 * LANDMARK.earLeft + 2] - 0.5;
  return {
    positions,
    uvs: canonical.uvs,
    canonicalTriangles: canonical.triangles,
    triangles,
    normals: vertexNormals(positions, triangles),
    adjacency,
    mirror: mirrorMap(positions),
    loops: { outer, eyeLeft: find(eyeLeft), eyeRight: find(eyeRight), mouth: find(mouth) },
    jawPivot: [0, pivotY, pivotZ],
    jawWeight: jawWeightField(positions, adjacency, outer),
  };
}

/** Graph distance on the template's skin from a set of landmarks (re-exported for authoring). */
export function distanceFrom(template: FaceTemplate, sources: readonly number[]): Float32Array {
  return graphDistances(template.adjacency, sources);
}
