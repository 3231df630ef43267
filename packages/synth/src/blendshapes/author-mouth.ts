/**
 * Lip, mouth-corner, jaw and tongue displacement fields. Sided shapes are authored for the
 * subject's left (+x) and mirrored for the right. Jaw shapes use the template's harmonic jaw
 * weight and the rigid motions of `RIG_LIMITS`, so the teeth and tongue can follow exactly.
 */
import { vertexAt, type FaceTemplate, type Vec3 } from '../face/face-template.js';
import { FACE_LANDMARKS, LANDMARK } from '../face/landmarks.js';
import {
  addPerVertex,
  addTranslation,
  closerTo,
  falloffFromPoint,
  falloffFromVertices,
  newField,
  product,
  propagate,
  rotationXDisplacement,
  smoothstep,
  weightsFromPosition,
  type Field,
} from './field-tools.js';
import { RIG_LIMITS } from './rig.js';

/** Shapes authored here (the sided ones for the left only). */
export type MouthShape =
  | 'jawOpen'
  | 'jawForward'
  | 'jawLeft'
  | 'mouthClose'
  | 'mouthFunnel'
  | 'mouthPucker'
  | 'mouthLeft'
  | 'mouthSmileLeft'
  | 'mouthFrownLeft'
  | 'mouthDimpleLeft'
  | 'mouthStretchLeft'
  | 'mouthRollLower'
  | 'mouthRollUpper'
  | 'mouthShrugLower'
  | 'mouthShrugUpper'
  | 'mouthPressLeft'
  | 'mouthLowerDownLeft'
  | 'mouthUpperUpLeft'
  | 'tongueOut';

const interior = (list: readonly number[]): number[] => list.slice(1, -1);

/** Moves one lip's outer contour towards its inner contour (rolling it in or thinning it). */
function thinLip(
  template: FaceTemplate,
  field: Field,
  outer: readonly number[],
  inner: readonly number[],
  fraction: number,
  extra: Vec3,
  innerMove: Vec3,
  side: Float32Array,
  allowed: Float32Array,
): void {
  const seeds: number[] = [];
  const deltas: Vec3[] = [];
  for (let i = 1; i < outer.length - 1; i++) {
    const o = vertexAt(template.positions, outer[i]);
    const n = vertexAt(template.positions, inner[i]);
    const s = side[outer[i]];
    seeds.push(outer[i]);
    deltas.push([
      s * (fraction * (n[0] - o[0]) + extra[0]),
      s * (fraction * (n[1] - o[1]) + extra[1]),
      s * (fraction * (n[2] - o[2]) + extra[2]),
    ]);
    const si = side[inner[i]];
    seeds.push(inner[i]);
    deltas.push([si * innerMove[0], si * innerMove[1], si * innerMove[2]]);
  }
  propagate(template, field, seeds, deltas, { radius: 0.9, strength: 0.4, sigma: 0.4, allowed });
}

/** Authors the mouth, jaw and tongue fields. */
export function authorMouthShapes(template: FaceTemplate): Record<MouthShape, Field> {
  const L = FACE_LANDMARKS;
  const upperLip = [...interior(L.lipsUpperInner), ...interior(L.lipsUpperOuter)];
  const lowerLip = [...interior(L.lipsLowerInner), ...interior(L.lipsLowerOuter)];
  const allLips = [
    ...L.lipsUpperOuter,
    ...L.lipsLowerOuter,
    ...L.lipsUpperInner,
    ...L.lipsLowerInner,
  ];
  const upperSide = closerTo(template, upperLip, lowerLip);
  const lowerSide = upperSide.map((x) => 1 - x);
  const corner = [LANDMARK.mouthCornerLeft, L.lipsUpperInner[L.lipsUpperInner.length - 1]];
  const cornerX = vertexAt(template.positions, LANDMARK.mouthCornerLeft)[0];
  const leftHalf = weightsFromPosition(template, ([x]) => smoothstep(-1.0, 1.0, x));
  const lips = (radius: number): Float32Array => falloffFromVertices(template, allLips, radius);
  const cornerWeights = (radius: number): Float32Array =>
    product(falloffFromVertices(template, corner, radius), leftHalf);
  const J = template.jawWeight;

  const jawOpen = addPerVertex(template, newField(template), J, (p) => {
    const d = rotationXDisplacement(p, template.jawPivot, RIG_LIMITS.jawOpenAngle);
    const glide = RIG_LIMITS.jawOpenGlide;
    return [d[0] + glide[0], d[1] + glide[1], d[2] + glide[2]];
  });
  const jawForward = addTranslation(newField(template), J, [0, 0, RIG_LIMITS.jawForward]);
  const jawLeft = addTranslation(newField(template), J, [RIG_LIMITS.jawSide, 0, 0]);

  // mouthClose undoes most of jawOpen on the lower lip and drops the upper lip a little.
  const lowerLipZone = product(falloffFromVertices(template, lowerLip, 1.6), lowerSide);
  const mouthClose = newField(template);
  for (let v = 0; v < lowerLipZone.length; v++) {
    const w = 0.96 * lowerLipZone[v];
    for (let k = 0; k < 3; k++) mouthClose[3 * v + k] = -w * jawOpen[3 * v + k];
  }
  addTranslation(
    mouthClose,
    product(falloffFromVertices(template, upperLip, 0.8), upperSide),
    [0, -0.08, 0],
  );

  // Lips round: pulled in towards the midline and pushed forward; the funnel opens, the pucker stays closed.
  const roundness = product(
    lips(1.5),
    weightsFromPosition(
      template,
      ([x]) => 1 - smoothstep(cornerX + 0.6, cornerX + 2.2, Math.abs(x)),
    ),
  );
  const opening = weightsFromPosition(template, ([x]) =>
    Math.max(0, 1 - (x / (cornerX * 0.95)) ** 2),
  );
  const mouthFunnel = addPerVertex(template, newField(template), roundness, ([x]) => [
    -0.26 * x,
    0,
    0.45,
  ]);
  addTranslation(
    mouthFunnel,
    product(falloffFromVertices(template, interior(L.lipsUpperInner), 0.7), upperSide, opening),
    [0, 0.3, 0.1],
  );
  addTranslation(
    mouthFunnel,
    product(falloffFromVertices(template, interior(L.lipsLowerInner), 0.7), lowerSide, opening),
    [0, -0.34, 0.1],
  );
  const mouthPucker = addPerVertex(template, newField(template), roundness, ([x]) => [
    -0.34 * x,
    0,
    0.55,
  ]);
  addTranslation(
    mouthPucker,
    product(
      falloffFromVertices(template, [...L.lipsUpperOuter, ...L.lipsLowerOuter], 0.6),
      opening,
    ),
    [0, 0, 0.2],
  );

  const mouthLeft = addPerVertex(template, newField(template), lips(1.9), ([x]) => [
    0.6,
    0,
    -0.05 * x,
  ]);

  const mouthSmileLeft = addTranslation(newField(template), cornerWeights(3.0), [0.5, 0.75, -0.32]);
  addTranslation(
    mouthSmileLeft,
    product(falloffFromPoint(template, [3.9, -2.2, 4.0], 1.8), leftHalf),
    [0.05, 0.25, 0.18],
  );

  const mouthFrownLeft = addTranslation(
    newField(template),
    cornerWeights(2.6),
    [0.08, -0.5, -0.05],
  );
  addTranslation(
    mouthFrownLeft,
    product(falloffFromPoint(template, [2.9, -5.8, 3.6], 1.6), leftHalf),
    [0, -0.15, 0],
  );

  const mouthDimpleLeft = addTranslation(
    newField(template),
    cornerWeights(1.8),
    [0.3, 0.04, -0.35],
  );

  const mouthStretchLeft = addTranslation(
    newField(template),
    cornerWeights(2.6),
    [0.5, -0.28, -0.15],
  );
  addTranslation(
    mouthStretchLeft,
    product(
      falloffFromVertices(template, lowerLip, 0.8),
      lowerSide,
      weightsFromPosition(template, ([x]) => smoothstep(-0.5, 1.8, x)),
    ),
    [0, -0.15, 0],
  );

  const none = new Float32Array(J.length).fill(1);
  const mouthRollLower = newField(template);
  thinLip(
    template,
    mouthRollLower,
    L.lipsLowerOuter,
    L.lipsLowerInner,
    0.8,
    [0, 0, -0.2],
    [0, -0.05, -0.3],
    none,
    lowerSide,
  );
  const mouthRollUpper = newField(template);
  thinLip(
    template,
    mouthRollUpper,
    L.lipsUpperOuter,
    L.lipsUpperInner,
    0.8,
    [0, 0, -0.2],
    [0, 0.05, -0.3],
    none,
    upperSide,
  );

  const mouthPressLeft = newField(template);
  const pressSide = weightsFromPosition(template, ([x]) => smoothstep(-0.6, 0.9, x));
  thinLip(
    template,
    mouthPressLeft,
    L.lipsUpperOuter,
    L.lipsUpperInner,
    0.32,
    [0, 0, -0.04],
    [0, 0, -0.06],
    pressSide,
    upperSide,
  );
  thinLip(
    template,
    mouthPressLeft,
    L.lipsLowerOuter,
    L.lipsLowerInner,
    0.32,
    [0, 0, -0.04],
    [0, 0, -0.06],
    pressSide,
    lowerSide,
  );
  addTranslation(mouthPressLeft, cornerWeights(1.0), [0.06, 0, 0]);

  const chin = falloffFromVertices(template, [17, 18, 200, 199, 175], 2.6);
  const mouthShrugLower = addTranslation(
    newField(template),
    product(chin, lowerSide),
    [0, 0.3, 0.15],
  );
  addTranslation(
    mouthShrugLower,
    product(falloffFromVertices(template, lowerLip, 1.0), lowerSide),
    [0, 0.12, 0.18],
  );
  addTranslation(
    mouthShrugLower,
    product(falloffFromVertices(template, upperLip, 0.8), upperSide),
    [0, 0.08, 0.05],
  );

  const upperLipZone = product(falloffFromVertices(template, upperLip, 1.2), upperSide);
  const mouthShrugUpper = addTranslation(newField(template), upperLipZone, [0, 0.25, 0.1]);
  addTranslation(
    mouthShrugUpper,
    product(falloffFromVertices(template, lowerLip, 0.7), lowerSide),
    [0, 0.08, 0.04],
  );

  const halfProfile = weightsFromPosition(template, ([x]) => smoothstep(-1.0, 1.5, x));
  const mouthLowerDownLeft = addTranslation(
    newField(template),
    product(falloffFromVertices(template, lowerLip, 1.1), lowerSide, halfProfile),
    [0.02, -0.45, 0.08],
  );
  const mouthUpperUpLeft = addTranslation(
    newField(template),
    product(upperLipZone, halfProfile),
    [0, 0.45, 0.08],
  );

  const tongueOut = newField(template);
  for (let i = 0; i < tongueOut.length; i++) tongueOut[i] = RIG_LIMITS.tongueJawOpen * jawOpen[i];
  addTranslation(
    tongueOut,
    product(falloffFromVertices(template, lowerLip, 1.0), lowerSide),
    [0, -0.2, 0.15],
  );
  addTranslation(
    tongueOut,
    product(falloffFromVertices(template, upperLip, 0.6), upperSide),
    [0, 0.1, 0.04],
  );

  return {
    jawOpen,
    jawForward,
    jawLeft,
    mouthClose,
    mouthFunnel,
    mouthPucker,
    mouthLeft,
    mouthSmileLeft,
    mouthFrownLeft,
    mouthDimpleLeft,
    mouthStretchLeft,
    mouthRollLower,
    mouthRollUpper,
    mouthShrugLower,
    mouthShrugUpper,
    mouthPressLeft,
    mouthLowerDownLeft,
    mouthUpperUpLeft,
    tongueOut,
  };
}
