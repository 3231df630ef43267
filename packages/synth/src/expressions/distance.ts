/**
 * A perceptual distance between ARKit expressions, computed from the vertex displacements they
 * cause on the neutral template, so it does not depend on identity or head pose.
 *
 * For weight vectors a and b with displacement fields Δa, Δb (cm), the squared distance is
 *
 *   d² = Σ_r λ_r · mean over the points p of region r of |Δa(p) − Δb(p)|²
 *
 * Regions and their weights λ (see {@link PERCEPTUAL_REGION_WEIGHTS}): people notice a
 * millimetre of eyelid or brow motion far more than a millimetre of jaw or cheek motion, so the
 * weights per cm² fall from the eyelids to the jaw. They were set so that single full
 * activations land near how salient they look: one-eye blink ≈ 1.0, brow raise ≈ 0.8, a
 * 30° gaze shift ≈ 0.7, one-sided smile ≈ 0.7, pucker ≈ 1.1, nose sneer ≈ 0.6, cheek puff ≈
 * 0.5, tongue out ≈ 1.7, jaw fully open ≈ 3.7. Gaze is measured at two points (the pupil
 * centres), the tongue at its tip. Taking the mean per region keeps regions with many
 * vertices from outweighing small ones. The distance grows linearly with displacement (no
 * saturation); any increasing rescaling keeps the order of distances, so triplet judgements
 * made with it do not depend on that choice.
 *
 * Because the displacement is linear in the weights, d² = (a − b)ᵀ G (a − b) with a fixed
 * 52 × 52 Gram matrix G; its eigen-decomposition gives a linear embedding E (d = |E a − E b|),
 * so a distance costs one small matrix–vector product.
 */
import { assertArgument, symmetricEigen } from '@freeavatar/core';
import {
  ARKIT_BLENDSHAPE_COUNT,
  blendshapeIndex,
  toWeightVector,
  type BlendshapeWeights,
} from '../blendshapes/arkit.js';
import { RIG_LIMITS, eyeRotationMatrix, eyeRotations } from '../blendshapes/rig.js';
import { fitEyeball } from '../face/eyeball-fit.js';
import { getDefaultFaceModel, type FaceModel } from '../face/face-model.js';
import type { FaceTemplate } from '../face/face-template.js';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import { graphDistances } from '../face/mesh-topology.js';

/**
 * Regions of the face that the distance weighs separately.
 *
 * @example
 * ```ts
 * const onlyMouth = Object.fromEntries(PERCEPTUAL_REGIONS.map((r) => [r, r === 'mouth' ? 1 : 0]));
 * const metric = createExpressionDistance({ regionWeights: onlyMouth });
 * ```
 */
export const PERCEPTUAL_REGIONS = [
  'eyes',
  'brows',
  'gaze',
  'mouth',
  'tongue',
  'nose',
  'cheeks',
  'jaw',
] as const;
/**
 * One of {@link PERCEPTUAL_REGIONS}.
 *
 * @example
 * ```ts
 * const region: PerceptualRegion = 'brows';
 * ```
 */
export type PerceptualRegion = (typeof PERCEPTUAL_REGIONS)[number];

/**
 * Default region weights λ, per cm² of mean squared displacement in the region: eyelids 36,
 * brows 6, nose 12, cheeks 10, mouth 2.5, gaze 2, tongue 0.3, jaw 0.3. Regions: `eyes` = skin
 * within 1 cm of the lid margins, `brows` = within 1.5 cm of the brow landmarks, `mouth` =
 * within 1.2 cm of the lip contours, `nose` = within 1.2 cm of the tip and alae, `jaw` = the rest
 * that follows the jaw, `cheeks` = everything else; `gaze` = the two pupil centres, `tongue` =
 * the tongue tip.
 *
 * @example
 * ```ts
 * const metric = createExpressionDistance({ regionWeights: { ...PERCEPTUAL_REGION_WEIGHTS, gaze: 0 } });
 * ```
 */
export const PERCEPTUAL_REGION_WEIGHTS: Readonly<Record<PerceptualRegion, number>> = Object.freeze({
  eyes: 36,
  brows: 6,
  gaze: 2,
  mouth: 2.5,
  tongue: 0.3,
  nose: 12,
  cheeks: 10,
  jaw: 0.3,
});

/**
 * A compiled expression distance.
 *
 * @example
 * ```ts
 * const metric: ExpressionDistance = createExpressionDistance();
 * const e = metric.embed({ jawOpen: 0.5 }); // Float32Array(metric.dimension)
 * ```
 */
export interface ExpressionDistance {
  /** Size of the embedding (the rank of G, ≤ 52). */
  readonly dimension: number;
  /** The 52 × 52 Gram matrix G, row-major. */
  readonly gram: Float64Array;
  /** The embedding E·w, whose Euclidean distances are expression distances. */
  embed(weights: BlendshapeWeights): Float32Array;
  /** d(a, b) ≥ 0, symmetric, 0 for equal inputs. */
  distance(a: BlendshapeWeights, b: BlendshapeWeights): number;
}

/** Assigns each template vertex to the region it belongs to. */
function vertexRegions(template: FaceTemplate): PerceptualRegion[] {
  const L = FACE_LANDMARKS;
  const eyes = graphDistances(template.adjacency, [
    ...template.loops.eyeLeft,
    ...template.loops.eyeRight,
  ]);
  const brows = graphDistances(template.adjacency, [
    ...L.browLeftUpper,
    ...L.browLeftLower,
    ...L.browRightUpper,
    ...L.browRightLower,
  ]);
  const lips = graphDistances(template.adjacency, [
    ...L.lipsUpperOuter,
    ...L.lipsLowerOuter,
    ...L.lipsUpperInner,
    ...L.lipsLowerInner,
  ]);
  const nose = graphDistances(template.adjacency, [
    1,
    4,
    5,
    195,
    ...L.noseLeftAla,
    ...L.noseRightAla,
  ]);
  return Array.from(eyes, (_, v) => {
    if (eyes[v] < 1.0) return 'eyes';
    if (brows[v] < 1.5) return 'brows';
    if (lips[v] < 1.2) return 'mouth';
    if (nose[v] < 1.2) return 'nose';
    if (template.jawWeight[v] > 0.5) return 'jaw';
    return 'cheeks';
  });
}

/**
 * Compiles the expression distance on a face model (default: the shared one) with optional
 * region weights.
 *
 * @throws FreeAvatarError for a negative or non-finite region weight.
 * @example
 * ```ts
 * import { createExpressionDistance } from '@freeavatar/synth';
 * const metric = createExpressionDistance({ regionWeights: { gaze: 0 } }); // ignore gaze
 * const d = metric.distance({ mouthSmileLeft: 1 }, { mouthSmileRight: 1 });
 * ```
 */
export function createExpressionDistance(
  options: { model?: FaceModel; regionWeights?: Partial<Record<PerceptualRegion, number>> } = {},
): ExpressionDistance {
  const model = options.model ?? getDefaultFaceModel();
  const lambda = { ...PERCEPTUAL_REGION_WEIGHTS, ...(options.regionWeights ?? {}) };
  for (const r of PERCEPTUAL_REGIONS) {
    assertArgument(
      Number.isFinite(lambda[r]) && lambda[r] >= 0,
      `region weight ${r} must be a finite number ≥ 0, got ${lambda[r]}`,
    );
  }
  const { template, blendshapes } = model;
  const n = ARKIT_BLENDSHAPE_COUNT;
  const regions = vertexRegions(template);
  const count: Record<PerceptualRegion, number> = {
    eyes: 0,
    brows: 0,
    gaze: 2,
    mouth: 0,
    tongue: 1,
    nose: 0,
    cheeks: 0,
    jaw: 0,
  };
  for (const r of regions) count[r]++;
  // Rows: x, y, z of every vertex, then of the two pupil centres and the tongue tip; each row
  // with weight λ_r / |r|.
  const columns = Array.from({ length: n }, (_, j) => blendshapes.displacement(j));
  const rows: { weight: number; values: Float64Array }[] = [];
  for (let v = 0; v < regions.length; v++) {
    const weight = lambda[regions[v]] / count[regions[v]];
    if (weight === 0) continue;
    for (let k = 0; k < 3; k++)
      rows.push({ weight, values: Float64Array.from(columns, (c) => c[3 * v + k]) });
  }
  for (const side of ['left', 'right'] as const) {
    const eye = fitEyeball(template.positions, side);
    const point = new Float64Array(3 * n);
    for (let j = 0; j < n; j++) {
      const single = new Float32Array(n);
      single[j] = 1;
      const m = eyeRotationMatrix(eyeRotations(single)[side]);
      for (let k = 0; k < 3; k++)
        point[3 * j + k] = eye.radius * (m[3 * k + 2] - (k === 2 ? 1 : 0));
    }
    for (let k = 0; k < 3; k++) {
      rows.push({
        weight: lambda.gaze / count.gaze,
        values: Float64Array.from({ length: n }, (_, j) => point[3 * j + k]),
      });
    }
  }
  const tongue = blendshapeIndex('tongueOut');
  // The tongue tip moves about 0.85 cm up and RIG_LIMITS.tongueOut forward at tongueOut = 1.
  for (const value of [0.85, RIG_LIMITS.tongueOut]) {
    const values = new Float64Array(n);
    values[tongue] = value;
    rows.push({ weight: lambda.tongue / count.tongue, values });
  }
  const gram = new Float64Array(n * n);
  for (const { weight, values } of rows) {
    for (let i = 0; i < n; i++) {
      const vi = values[i];
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) gram[i * n + j] += weight * vi * values[j];
    }
  }
  const { values, vectors } = symmetricEigen(gram, n);
  const maxValue = Math.max(...values);
  const keep = [...values.keys()]
    .filter((i) => values[i] > maxValue * 1e-10)
    .sort((a, b) => values[b] - values[a]);
  const dimension = keep.length;
  // E (dimension × 52): row r is sqrt(λ_r) times eigenvector r.
  const embedding = new Float64Array(dimension * n);
  keep.forEach((e, r) => {
    const s = Math.sqrt(values[e]);
    for (let j = 0; j < n; j++) embedding[r * n + j] = s * vectors[j * n + e];
  });
  const wa = new Float32Array(n);
  const wb = new Float32Array(n);
  const diff = new Float64Array(n);
  return {
    dimension,
    gram,
    embed(weights) {
      const w = toWeightVector(weights, wa);
      const out = new Float32Array(dimension);
      for (let r = 0; r < dimension; r++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += embedding[r * n + j] * w[j];
        out[r] = s;
      }
      return out;
    },
    distance(a, b) {
      const x = toWeightVector(a, wa);
      const y = toWeightVector(b, wb);
      for (let j = 0; j < n; j++) diff[j] = x[j] - y[j];
      let sum = 0;
      for (let r = 0; r < dimension; r++) {
        let s = 0;
        const row = r * n;
        for (let j = 0; j < n; j++) s += embedding[row + j] * diff[j];
        sum += s * s;
      }
      return Math.sqrt(sum);
    },
  };
}

let shared: ExpressionDistance | undefined;

/**
 * The perceptual distance between two ARKit expressions with the default region weights (see
 * {@link createExpressionDistance}). Identity- and pose-independent by construction; a weighted
 * root-mean-square displacement (one-eye blink ≈ 1, jaw fully open ≈ 3.7).
 *
 * @example
 * ```ts
 * import { expressionDistance } from '@freeavatar/synth';
 * expressionDistance({ eyeBlinkLeft: 1 }, {}); // > 0
 * expressionDistance({ jawOpen: 0.5 }, { jawOpen: 0.5 }); // 0
 * ```
 */
export function expressionDistance(a: BlendshapeWeights, b: BlendshapeWeights): number {
  shared ??= createExpressionDistance();
  return shared.distance(a, b);
}
