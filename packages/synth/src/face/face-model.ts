import { createBlendshapeBasis, type BlendshapeBasis } from '../blendshapes/blendshape-basis.js';
import { createFaceTemplate, type FaceTemplate } from './face-template.js';

/**
 * The neutral template with its 52 blendshapes: everything heads and distances are built on.
 *
 * @example
 * ```ts
 * const model: FaceModel = createFaceModel();
 * const head = createHead({ model });
 * ```
 */
export interface FaceModel {
  readonly template: FaceTemplate;
  readonly blendshapes: BlendshapeBasis;
}

/**
 * Builds a face model (template + blendshape basis), ≈ 50 ms.
 *
 * @example
 * ```ts
 * import { createFaceModel } from '@freeavatar/synth';
 * const model = createFaceModel();
 * const displacement = model.blendshapes.apply({ jawOpen: 1 });
 * ```
 */
export function createFaceModel(): FaceModel {
  const template = createFaceTemplate();
  return Object.freeze({ template, blendshapes: createBlendshapeBasis(template) });
}

let shared: FaceModel | undefined;

/**
 * The face model shared by calls that are not given one: built on first use, then reused (it
 * is never modified).
 *
 * @example
 * ```ts
 * import { getDefaultFaceModel } from '@freeavatar/synth';
 * const { template } = getDefaultFaceModel();
 * ```
 */
export function getDefaultFaceModel(): FaceModel {
  shared ??= createFaceModel();
  return shared;
}
