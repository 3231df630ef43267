import { assertObject, createRng } from '@freeavatar/core';
import { assertFaceTemplate } from '../arguments.js';
import type { Appearance } from '../face/appearance.js';
import { getDefaultFaceModel, type FaceModel } from '../face/face-model.js';
import type { FaceTemplate } from '../face/face-template.js';
import { sampleAppearance, type AppearanceTraits } from './appearance-sampler.js';
import {
  FACE_SHAPE_COMPONENTS,
  createFaceShapeBasis,
  faceShapeFromCoefficients,
  type FaceShapeBasis,
  type FaceShapeComponent,
} from './face-shape-basis.js';
import { identityId, identitySplit, type DatasetSplit } from './split.js';

/**
 * A synthetic person: shape and look, all derived from one seed. Its fields `shape`,
 * `appearance`, `scale`, `skull`, `earSize`, `neckWidth` and `variation` are `HeadOptions`, so
 * `createHead(identity)` builds its head.
 *
 * @example
 * ```ts
 * const person: Identity = sampleIdentity(5);
 * const head = createHead(person);
 * ```
 */
export interface Identity {
  /** `"identity-<seed>"`. */
  id: string;
  seed: number;
  /** Fixed by the seed (see `identitySplit`). */
  split: DatasetSplit;
  traits: AppearanceTraits;
  /** Shape coefficients by component (≈ standard normal; `sagging` 0..1). */
  shapeCoefficients: Record<FaceShapeComponent, number>;
  /** Displacement of the 468 skin vertices from the template (468 × 3, cm). */
  shape: Float32Array;
  appearance: Appearance;
  scale: number;
  skull: [number, number, number];
  earSize: number;
  neckWidth: number;
  variation: number;
}

const bases = new WeakMap<FaceTemplate, FaceShapeBasis>();

/**
 * The face-shape basis of a model's template, authored once per template.
 *
 * @example
 * ```ts
 * const basis = faceShapeBasisOf(getDefaultFaceModel());
 * const shape = faceShapeFromCoefficients(basis, new Float32Array(basis.fields.length));
 * ```
 */
export function faceShapeBasisOf(model: FaceModel): FaceShapeBasis {
  assertObject(model, 'model');
  assertFaceTemplate(model.template, 'model.template');
  let basis = bases.get(model.template);
  if (!basis) {
    basis = createFaceShapeBasis(model.template);
    bases.set(model.template, basis);
  }
  return basis;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * Samples the identity of a seed. The same seed gives the same identity on every platform;
 * the split is a function of the seed alone.
 *
 * @param seed - integer in 0..2³²−1.
 * @throws FreeAvatarError for a bad seed.
 * @example
 * ```ts
 * import { createHead, sampleIdentity } from '@freeavatar/synth';
 * const person = sampleIdentity(1234);
 * const head = createHead(person);
 * console.log(person.split, person.appearance.hair.style);
 * ```
 */
export function sampleIdentity(seed: number, options: { model?: FaceModel } = {}): Identity {
  const id = identityId(seed);
  const model = options.model ?? getDefaultFaceModel();
  const rng = createRng(seed).fork('identity');
  const traits: AppearanceTraits = {
    melanin: rng.next(),
    age: rng.uniform(18, 85),
    masculinity: clamp(rng.bool() ? rng.normal(0.6, 0.35) : rng.normal(-0.6, 0.35), -1, 1),
  };
  const shapeRng = rng.fork('shape');
  const coefficients = FACE_SHAPE_COMPONENTS.map(({ name }) => {
    if (name === 'sagging') return clamp((traits.age - 30) / 50, 0, 1) * shapeRng.uniform(0.5, 1.1);
    return clamp(shapeRng.normal(0, 1), -2.5, 2.5);
  });
  // Masculine faces: wider jaw, stronger brow ridge and chin, larger nose.
  const bias: Partial<Record<FaceShapeComponent, number>> = {
    jawWidth: 0.6,
    browRidge: 0.7,
    chinHeight: 0.4,
    noseLength: 0.3,
    lipFullness: -0.3,
    cheekFullness: -0.2,
  };
  FACE_SHAPE_COMPONENTS.forEach(({ name }, k) => {
    coefficients[k] += (bias[name] ?? 0) * traits.masculinity;
  });
  const shapeCoefficients = Object.fromEntries(
    FACE_SHAPE_COMPONENTS.map(({ name }, k) => [name, coefficients[k]]),
  ) as Record<FaceShapeComponent, number>;
  const bodyRng = rng.fork('body');
  return {
    id,
    seed,
    split: identitySplit(seed),
    traits,
    shapeCoefficients,
    shape: faceShapeFromCoefficients(faceShapeBasisOf(model), coefficients),
    appearance: sampleAppearance(rng.fork('appearance'), traits),
    scale: clamp(bodyRng.normal(1 + 0.03 * traits.masculinity, 0.035), 0.88, 1.12),
    skull: [
      clamp(bodyRng.normal(1, 0.04), 0.9, 1.1),
      clamp(bodyRng.normal(1, 0.04), 0.9, 1.1),
      clamp(bodyRng.normal(1, 0.04), 0.9, 1.1),
    ],
    earSize: clamp(bodyRng.normal(1, 0.07), 0.85, 1.18),
    neckWidth: clamp(bodyRng.normal(1 + 0.06 * traits.masculinity, 0.07), 0.85, 1.2),
    variation: bodyRng.uniform(0, 2 * Math.PI),
  };
}
