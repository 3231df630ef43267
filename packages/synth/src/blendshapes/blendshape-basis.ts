import { assertArgument } from '@freeavatar/core';
import { assertFaceTemplate } from '../arguments.js';
import type { FaceTemplate } from '../face/face-template.js';
import {
  ARKIT_BLENDSHAPE_COUNT,
  blendshapeIndex,
  toWeightVector,
  type BlendshapeWeights,
} from './arkit.js';
import { authorBlendshapeFields } from './authoring.js';

/**
 * One blendshape as a sparse displacement field: only the vertices it moves.
 *
 * @example
 * ```ts
 * const { vertices, deltas }: SparseDisplacement = createFaceModel().blendshapes.shapes[blendshapeIndex('jawOpen')];
 * ```
 */
export interface SparseDisplacement {
  /** Indices of the moved vertices, ascending. */
  vertices: Uint32Array;
  /** dx dy dz per moved vertex at weight 1, cm. */
  deltas: Float32Array;
}

/**
 * The 52 ARKit blendshapes as sparse displacement fields on the 468-vertex template. Applying a
 * weight vector costs one pass over the non-zero entries of the non-zero weights (≈ 10⁴
 * multiply-adds at most).
 *
 * @example
 * ```ts
 * const basis: BlendshapeBasis = getDefaultFaceModel().blendshapes;
 * const d = basis.displacement('cheekPuff');
 * ```
 */
export interface BlendshapeBasis {
  /** Number of vertices each field covers (468). */
  readonly vertexCount: number;
  /** The fields in ARKit order. */
  readonly shapes: readonly SparseDisplacement[];
  /** A dense copy (468 × 3) of one shape's displacement at weight 1. */
  displacement(shape: string | number): Float32Array;
  /**
   * Sums the weighted displacements into `out` (468 × 3, zeroed first) and returns it; with
   * `base`, the result is `base + Σ wᵢ Dᵢ` (deformed positions) instead of the displacement alone.
   */
  apply(
    weights: BlendshapeWeights,
    options?: { base?: Float32Array; out?: Float32Array },
  ): Float32Array;
}

/** Entries smaller than this (cm) are dropped from the sparse fields. */
const EPSILON = 1e-5;

/**
 * Authors the blendshape fields on a template and stores them sparsely. Takes tens of
 * milliseconds: build one and reuse it (`createFaceModel` does).
 *
 * @example
 * ```ts
 * import { createBlendshapeBasis, createFaceTemplate } from '@freeavatar/synth';
 * const template = createFaceTemplate();
 * const basis = createBlendshapeBasis(template);
 * const smiling = basis.apply({ mouthSmileLeft: 1, mouthSmileRight: 1 }, { base: template.positions });
 * ```
 */
export function createBlendshapeBasis(template: FaceTemplate): BlendshapeBasis {
  assertFaceTemplate(template);
  const vertexCount = template.positions.length / 3;
  const shapes: SparseDisplacement[] = authorBlendshapeFields(template).map((field) => {
    const vertices: number[] = [];
    const deltas: number[] = [];
    for (let v = 0; v < vertexCount; v++) {
      const dx = field[3 * v];
      const dy = field[3 * v + 1];
      const dz = field[3 * v + 2];
      if (Math.abs(dx) < EPSILON && Math.abs(dy) < EPSILON && Math.abs(dz) < EPSILON) continue;
      vertices.push(v);
      deltas.push(dx, dy, dz);
    }
    return { vertices: Uint32Array.from(vertices), deltas: Float32Array.from(deltas) };
  });
  const scratch = new Float32Array(ARKIT_BLENDSHAPE_COUNT);

  return {
    vertexCount,
    shapes,
    displacement(shape) {
      const i = typeof shape === 'number' ? shape : blendshapeIndex(shape);
      assertArgument(
        Number.isInteger(i) && i >= 0 && i < ARKIT_BLENDSHAPE_COUNT,
        `shape index must be an integer in 0..${ARKIT_BLENDSHAPE_COUNT - 1}, got ${shape}`,
      );
      const out = new Float32Array(vertexCount * 3);
      const { vertices, deltas } = shapes[i];
      for (let k = 0; k < vertices.length; k++) {
        out[3 * vertices[k]] = deltas[3 * k];
        out[3 * vertices[k] + 1] = deltas[3 * k + 1];
        out[3 * vertices[k] + 2] = deltas[3 * k + 2];
      }
      return out;
    },
    apply(weights, options = {}) {
      const w = toWeightVector(weights, scratch);
      const out = options.out ?? new Float32Array(vertexCount * 3);
      assertArgument(
        out.length === vertexCount * 3,
        `out must have length ${vertexCount * 3}, got ${out.length}`,
      );
      if (options.base) {
        assertArgument(
          options.base.length === vertexCount * 3,
          `base must have length ${vertexCount * 3} (468 vertices × xyz), got ${options.base.length}`,
        );
        out.set(options.base);
      } else {
        out.fill(0);
      }
      for (let i = 0; i < ARKIT_BLENDSHAPE_COUNT; i++) {
        const wi = w[i];
        if (wi === 0) continue;
        const { vertices, deltas } = shapes[i];
        for (let k = 0; k < vertices.length; k++) {
          const o = 3 * vertices[k];
          out[o] += wi * deltas[3 * k];
          out[o + 1] += wi * deltas[3 * k + 1];
          out[o + 2] += wi * deltas[3 * k + 2];
        }
      }
      return out;
    },
  };
}
