import { getDefaultFaceModel, type FaceModel } from '../face/face-model.js';
import type { BlendshapeWeights } from './arkit.js';

/**
 * Deforms the 468-vertex face by ARKit weights: `base + Σ wᵢ Dᵢ`, with `base` the neutral
 * template unless given (e.g. an identity's neutral face). Returns positions (468 × 3, cm).
 * Eye gaze and the jaw's rigid motion of teeth and tongue are not vertices of this mesh: see
 * `eyeRotations`, `jawAffine` and `createHead` for the full head.
 *
 * @param weights - Float32Array(52) in ARKit order, or a record by name.
 * @example
 * ```ts
 * import { applyBlendshapes } from '@freeavatar/synth';
 * const positions = applyBlendshapes({ eyeBlinkLeft: 1, jawOpen: 0.3 });
 * console.log(positions.length); // 1404
 * ```
 */
export function applyBlendshapes(
  weights: BlendshapeWeights,
  options: { model?: FaceModel; base?: Float32Array; out?: Float32Array } = {},
): Float32Array {
  const model = options.model ?? getDefaultFaceModel();
  return model.blendshapes.apply(weights, {
    base: options.base ?? model.template.positions,
    out: options.out,
  });
}
