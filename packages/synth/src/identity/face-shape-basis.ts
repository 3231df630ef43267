/**
 * Identity shape variation as displacement fields on the 468-vertex template. Each component's
 * field is its displacement at coefficient 1 (≈ one standard deviation across adults, cm);
 * a face shape is the weighted sum of the fields.
 */
import { assertArgument, assertObject, describeValue } from '@freeavatar/core';
import { assertFaceTemplate, assertNumbers } from '../arguments.js';
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
} from '../blendshapes/field-tools.js';
import type { FaceTemplate, Vec3 } from '../face/face-template.js';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import { graphDistances } from '../face/mesh-topology.js';

/**
 * The face-shape components, in coefficient order.
 *
 * @example
 * ```ts
 * import { FACE_SHAPE_COMPONENTS } from '@freeavatar/synth';
 * console.log(FACE_SHAPE_COMPONENTS.map((c) => c.name).join(', '));
 * ```
 */
export const FACE_SHAPE_COMPONENTS = [
  { name: 'faceWidth', description: 'Width of the whole face (±6% per unit).' },
  { name: 'lowerFaceLength', description: 'Length from the nose base to the chin.' },
  { name: 'foreheadHeight', description: 'Height of the forehead above the brows.' },
  { name: 'jawWidth', description: 'Width of the jaw and lower cheeks.' },
  { name: 'chinProjection', description: 'How far the chin juts forward.' },
  { name: 'chinHeight', description: 'Height of the chin below the lower lip.' },
  { name: 'noseLength', description: 'Nose tip lower or higher.' },
  { name: 'noseWidth', description: 'Width of the nostrils.' },
  { name: 'noseProjection', description: 'How far the nose stands out from the face.' },
  { name: 'noseBridge', description: 'Height of the nose bridge between the eyes.' },
  { name: 'eyeSpacing', description: 'Distance between the eyes.' },
  { name: 'eyeSize', description: 'Size of the eye openings.' },
  { name: 'eyeTilt', description: 'Outer eye corners up (canthal tilt).' },
  { name: 'cheekFullness', description: 'Fullness of the cheeks.' },
  { name: 'cheekbones', description: 'Prominence of the cheekbones.' },
  { name: 'browRidge', description: 'Prominence of the brow ridge.' },
  { name: 'lipFullness', description: 'Thickness of both lips.' },
  { name: 'mouthWidth', description: 'Width of the mouth.' },
  { name: 'faceDepth', description: 'Flat versus projecting profile.' },
  { name: 'asymmetry', description: 'A slight left-right difference of eyes, brows and mouth.' },
  {
    name: 'sagging',
    description: 'Age-like sagging: jowls, lower brows and cheeks, thinner lips (0 young … 1 old).',
  },
] as const;

/**
 * One of the face-shape component names.
 *
 * @example
 * ```ts
 * const c: FaceShapeComponent = 'noseWidth';
 * ```
 */
export type FaceShapeComponent = (typeof FACE_SHAPE_COMPONENTS)[number]['name'];

/**
 * The identity shape fields of a template, in {@link FACE_SHAPE_COMPONENTS} order.
 *
 * @example
 * ```ts
 * const basis: FaceShapeBasis = createFaceShapeBasis(createFaceTemplate());
 * ```
 */
export interface FaceShapeBasis {
  readonly fields: readonly Float32Array[];
}

const interior = (list: readonly number[]): number[] => list.slice(1, -1);

function eyeRegion(
  template: FaceTemplate,
  side: 'left' | 'right',
  radius: number,
): { weights: Float32Array; center: Vec3 } {
  const loop = side === 'left' ? template.loops.eyeLeft : template.loops.eyeRight;
  return { weights: falloffFromVertices(template, loop, radius), center: centroid(template, loop) };
}

/**
 * Authors the identity shape fields on a template.
 *
 * @example
 * ```ts
 * import { createFaceShapeBasis, createFaceTemplate } from '@freeavatar/synth';
 * const basis = createFaceShapeBasis(createFaceTemplate());
 * console.log(basis.fields.length); // 21
 * ```
 */
export function createFaceShapeBasis(template: FaceTemplate): FaceShapeBasis {
  assertFaceTemplate(template);
  const p = template.positions;
  const at = (v: number): Vec3 => [p[3 * v], p[3 * v + 1], p[3 * v + 2]];
  const everywhere = new Float32Array(p.length / 3).fill(1);
  const noseBaseY = at(2)[1];
  const browY = at(105)[1];
  const eyeLoops = [...template.loops.eyeLeft, ...template.loops.eyeRight];
  const lidGuard = graphDistances(template.adjacency, eyeLoops).map((d) => smoothstep(0.2, 1.0, d));
  const nose = falloffFromVertices(
    template,
    [1, 4, 5, 195, 197, 6, 168, ...FACE_LANDMARKS.noseLeftAla, ...FACE_LANDMARKS.noseRightAla],
    1.3,
  );
  const lips = falloffFromVertices(
    template,
    [...FACE_LANDMARKS.lipsUpperOuter, ...FACE_LANDMARKS.lipsLowerOuter],
    1.4,
  );
  const chin = falloffFromVertices(template, FACE_LANDMARKS.chin, 3.0);
  const left = eyeRegion(template, 'left', 1.8);
  const right = eyeRegion(template, 'right', 1.8);
  const cheeks = product(
    falloffFromPoint(template, [4.6, -1.8, 3.2], 2.8, [1, 1.2, 1.6]),
    weightsFromPosition(template, ([x]) => smoothstep(0.5, 2, x)),
  );
  const cheeksBoth = weightsFromPosition(template, () => 0);
  for (let v = 0; v < cheeksBoth.length; v++)
    cheeksBoth[v] = Math.max(cheeks[v], cheeks[template.mirror[v]]);
  const along = (scale: number, weights: Float32Array): Field =>
    addPerVertex(template, newField(template), weights, (_q, v) => [
      scale * template.normals[3 * v],
      scale * template.normals[3 * v + 1],
      scale * template.normals[3 * v + 2],
    ]);

  const faceWidth = addPerVertex(template, newField(template), everywhere, ([x]) => [
    0.06 * x,
    0,
    0,
  ]);
  const lowerFaceLength = addPerVertex(template, newField(template), everywhere, ([, y]) => [
    0,
    0.07 * Math.min(0, y - noseBaseY),
    0,
  ]);
  const foreheadHeight = addPerVertex(template, newField(template), everywhere, ([, y]) => [
    0,
    0.09 * Math.max(0, y - browY),
    0,
  ]);
  const jawWidth = addPerVertex(template, newField(template), template.jawWeight, ([x]) => [
    0.08 * x,
    0,
    0,
  ]);
  const chinProjection = addTranslation(newField(template), chin, [0, -0.05, 0.4]);
  const chinHeight = addTranslation(
    newField(template),
    product(chin, template.jawWeight),
    [0, -0.35, 0.03],
  );
  const noseLength = addPerVertex(template, newField(template), nose, ([, y]) => [
    0,
    -0.25 * smoothstep(3, -1.5, y),
    0.05,
  ]);
  const noseWidth = addPerVertex(
    template,
    newField(template),
    falloffFromVertices(
      template,
      [...FACE_LANDMARKS.noseLeftAla, ...FACE_LANDMARKS.noseRightAla],
      1.0,
    ),
    ([x]) => [0.22 * Math.tanh(x / 0.5), 0, 0],
  );
  const noseProjection = addPerVertex(template, newField(template), nose, ([, , z]) => [
    0,
    0,
    0.45 * smoothstep(4.5, 7.5, z),
  ]);
  const noseBridge = addTranslation(
    newField(template),
    product(falloffFromVertices(template, [168, 6, 197], 1.2), lidGuard),
    [0, 0, 0.3],
  );
  const eyeSpacing = addTranslation(
    addTranslation(newField(template), left.weights, [0.22, 0, 0]),
    right.weights,
    [-0.22, 0, 0],
  );
  const eyeScale = (
    region: { weights: Float32Array; center: Vec3 },
    k: number,
    tilt: number,
  ): Field =>
    addPerVertex(template, newField(template), region.weights, ([x, y, z]) => {
      const dx = x - region.center[0];
      const dy = y - region.center[1];
      return [k * dx - tilt * dy, k * dy + tilt * dx, k * 0.3 * (z - region.center[2])];
    });
  const eyeSize = addFields(eyeScale(left, 0.09, 0), eyeScale(right, 0.09, 0));
  const eyeTilt = addFields(eyeScale(left, 0, 0.06), eyeScale(right, 0, -0.06));
  const cheekFullness = along(0.3, cheeksBoth);
  const cheekbones = along(
    0.25,
    weightsFromPosition(template, ([x, y, z]) =>
      Math.exp(-((Math.abs(x) - 5) ** 2 + (y - 0.8) ** 2 + (z - 2.6) ** 2) / 2.5),
    ),
  );
  const browRidge = addTranslation(
    newField(template),
    product(
      falloffFromVertices(
        template,
        [...FACE_LANDMARKS.browLeftLower, ...FACE_LANDMARKS.browRightLower],
        1.6,
      ),
      lidGuard,
    ),
    [0, 0.02, 0.28],
  );
  const lipFullness = newField(template);
  addTranslation(
    lipFullness,
    falloffFromVertices(template, interior(FACE_LANDMARKS.lipsUpperOuter), 0.5),
    [0, 0.1, 0.08],
  );
  addTranslation(
    lipFullness,
    falloffFromVertices(template, interior(FACE_LANDMARKS.lipsLowerOuter), 0.5),
    [0, -0.12, 0.08],
  );
  const mouthWidth = addPerVertex(template, newField(template), lips, ([x]) => [0.07 * x, 0, 0]);
  const centre = weightsFromPosition(template, ([x]) => 1 - smoothstep(2.5, 6.5, Math.abs(x)));
  const faceDepth = addPerVertex(template, newField(template), centre, ([, , z]) => [
    0,
    0,
    0.08 * (z - 3.5),
  ]);
  const asymmetry = newField(template);
  addTranslation(asymmetry, left.weights, [0, 0.12, 0]);
  addTranslation(
    asymmetry,
    falloffFromVertices(template, FACE_LANDMARKS.browLeftUpper, 1.5),
    [0, 0.1, 0],
  );
  addTranslation(asymmetry, lips, [0.12, -0.05, 0]);
  const sagging = newField(template);
  addTranslation(
    sagging,
    weightsFromPosition(template, ([x, y]) =>
      Math.exp(-((Math.abs(x) - 4.8) ** 2 + (y + 5.8) ** 2) / 3),
    ),
    [0, -0.35, 0.05],
  );
  addTranslation(
    sagging,
    product(
      cheeksBoth,
      weightsFromPosition(template, ([, y]) => smoothstep(-4, -1, y)),
    ),
    [0, -0.2, -0.05],
  );
  addTranslation(
    sagging,
    product(
      falloffFromVertices(
        template,
        [...FACE_LANDMARKS.browLeftUpper, ...FACE_LANDMARKS.browRightUpper],
        1.6,
      ),
      lidGuard,
    ),
    [0, -0.18, 0],
  );
  for (let i = 0; i < sagging.length; i++) sagging[i] -= 0.6 * lipFullness[i];

  const byName: Record<FaceShapeComponent, Field> = {
    faceWidth,
    lowerFaceLength,
    foreheadHeight,
    jawWidth,
    chinProjection,
    chinHeight,
    noseLength,
    noseWidth,
    noseProjection,
    noseBridge,
    eyeSpacing,
    eyeSize,
    eyeTilt,
    cheekFullness,
    cheekbones,
    browRidge,
    lipFullness,
    mouthWidth,
    faceDepth,
    asymmetry,
    sagging,
  };
  return { fields: FACE_SHAPE_COMPONENTS.map((c) => byName[c.name]) };
}

function addFields(a: Field, b: Field): Field {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/**
 * The identity displacement (468 × 3) for shape coefficients in {@link FACE_SHAPE_COMPONENTS}
 * order.
 *
 * @throws FreeAvatarError when the coefficient count is wrong or a value is not finite.
 * @example
 * ```ts
 * const basis = createFaceShapeBasis(createFaceTemplate());
 * const shape = faceShapeFromCoefficients(basis, new Float32Array(21).fill(0.5));
 * const head = createHead({ shape });
 * ```
 */
export function faceShapeFromCoefficients(
  basis: FaceShapeBasis,
  coefficients: ArrayLike<number>,
): Float32Array {
  assertObject(basis, 'basis');
  assertArgument(
    Array.isArray(basis.fields) && basis.fields.length > 0,
    `basis.fields must be a non-empty array (see createFaceShapeBasis), got ${describeValue(basis.fields)}`,
  );
  assertNumbers(coefficients, 'coefficients');
  assertArgument(
    coefficients.length === basis.fields.length,
    `expected ${basis.fields.length} shape coefficients (FACE_SHAPE_COMPONENTS order), got ${coefficients.length}`,
  );
  const out = new Float32Array(basis.fields[0].length);
  for (let k = 0; k < basis.fields.length; k++) {
    const c = coefficients[k];
    assertArgument(
      Number.isFinite(c),
      `shape coefficient ${FACE_SHAPE_COMPONENTS[k].name} must be finite, got ${c}`,
    );
    if (c === 0) continue;
    const f = basis.fields[k];
    for (let i = 0; i < out.length; i++) out[i] += c * f[i];
  }
  return out;
}
