/**
 * Brow, cheek and nose displacement fields. Sided shapes are authored for the subject's left
 * (+x) and mirrored for the right.
 */
import { vertexAt, type FaceTemplate, type Vec3 } from '../face/face-template.js';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import {
  addPerVertex,
  addTranslation,
  centroid,
  falloffFromPoint,
  falloffFromVertices,
  newField,
  product,
  smoothstep,
  weightsFromPosition,
  type Field,
} from './field-tools.js';
import { graphDistances } from '../face/mesh-topology.js';

/** Shapes authored here (the sided ones for the left only). */
export type UpperFaceShape =
  | 'browDownLeft'
  | 'browOuterUpLeft'
  | 'browInnerUp'
  | 'cheekPuff'
  | 'cheekSquintLeft'
  | 'noseSneerLeft';

/** Weight that is 0 on an eye's lid margins and 1 from `reach` cm away from them. */
function lidGuard(template: FaceTemplate, reach: number): Float32Array {
  const eyes = [...template.loops.eyeLeft, ...template.loops.eyeRight];
  return graphDistances(template.adjacency, eyes).map((d) => smoothstep(0.2, reach, d));
}

/** Index of the template vertex nearest to (x, y) among the vertices facing the viewer. */
function surfaceVertexIndexNear(template: FaceTemplate, x: number, y: number): number {
  const p = template.positions;
  let best = 0;
  let bestD = Infinity;
  for (let v = 0; v < p.length / 3; v++) {
    if (template.normals[3 * v + 2] < 0.3) continue;
    const d = (p[3 * v] - x) ** 2 + (p[3 * v + 1] - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best;
}

/** Nearest template vertex to (x, y) among the vertices facing the viewer. */
function surfaceVertexNear(template: FaceTemplate, x: number, y: number): Vec3 {
  return vertexAt(template.positions, surfaceVertexIndexNear(template, x, y));
}

/** Authors brow, cheek and nose fields. */
export function authorUpperFaceShapes(template: FaceTemplate): Record<UpperFaceShape, Field> {
  const browLeft = [...FACE_LANDMARKS.browLeftUpper, ...FACE_LANDMARKS.browLeftLower];
  const innerX = vertexAt(template.positions, FACE_LANDMARKS.browLeftUpper[4])[0];
  const outerX = vertexAt(template.positions, FACE_LANDMARKS.browLeftUpper[0])[0];
  // 0 at the inner end of the brow, 1 at the outer end.
  const along = (x: number): number =>
    Math.min(1, Math.max(0, (Math.abs(x) - innerX) / (outerX - innerX)));
  const guard = lidGuard(template, 0.9);
  const leftOnly = weightsFromPosition(template, ([x]) => smoothstep(0.05, 0.9, x));

  const browDownLeft = addPerVertex(
    template,
    newField(template),
    product(falloffFromVertices(template, browLeft, 2.0), guard, leftOnly),
    ([x]) => {
      const inner = 1 - along(x);
      return [-0.28 * inner, -(0.32 + 0.26 * inner), 0.12 * inner];
    },
  );

  const browOuterUpLeft = addPerVertex(
    template,
    newField(template),
    product(falloffFromVertices(template, browLeft, 2.4), guard, leftOnly),
    ([x]) => {
      const outer = along(x) ** 1.3;
      return [0.03 * outer, 0.62 * outer, -0.05 * outer];
    },
  );

  const innerSeeds = [
    ...FACE_LANDMARKS.browLeftUpper.slice(3),
    ...FACE_LANDMARKS.browLeftLower.slice(3),
    ...FACE_LANDMARKS.browRightUpper.slice(3),
    ...FACE_LANDMARKS.browRightLower.slice(3),
  ];
  const browInnerUp = addPerVertex(
    template,
    newField(template),
    product(
      falloffFromVertices(template, innerSeeds, 2.6),
      guard,
      weightsFromPosition(template, ([x]) => 1 - smoothstep(1.8, 4.6, Math.abs(x))),
    ),
    ([x]) => [-0.06 * Math.tanh(x), 0.58, 0.03],
  );

  // Cheek puff: the lower cheeks swell along their normals.
  const cheekPuff = newField(template);
  for (const sign of [1, -1]) {
    const anchor = surfaceVertexNear(template, sign * 4.7, -3.3);
    const w = falloffFromPoint(template, anchor, 2.9, [1, 1.15, 1.6]);
    addPerVertex(template, cheekPuff, w, (_p, v) => [
      0.7 * template.normals[3 * v],
      0.7 * template.normals[3 * v + 1] * 0.3,
      0.7 * template.normals[3 * v + 2],
    ]);
  }

  const cheekAnchor = centroid(template, [347, 330, 280]);
  const cheekSquintLeft = addTranslation(
    newField(template),
    product(
      falloffFromPoint(template, cheekAnchor, 2.3),
      weightsFromPosition(template, ([x]) => smoothstep(0.4, 1.4, x)),
      lidGuard(template, 0.6),
    ),
    [0.05, 0.36, 0.12],
  );

  const sneerSide = weightsFromPosition(template, ([x]) => smoothstep(-0.3, 0.7, x));
  const noseSneerLeft = addTranslation(
    newField(template),
    product(falloffFromVertices(template, FACE_LANDMARKS.noseLeftAla, 1.7), sneerSide),
    [-0.02, 0.4, 0.03],
  );
  // The skin beside the upper nose bunches up as well.
  addTranslation(
    noseSneerLeft,
    product(
      falloffFromVertices(template, [surfaceVertexIndexNear(template, 1.1, 1.4)], 1.1),
      sneerSide,
      guard,
    ),
    [0, 0.14, 0.02],
  );

  return { browDownLeft, browOuterUpLeft, browInnerUp, cheekPuff, cheekSquintLeft, noseSneerLeft };
}
