import { assertArgument } from '@freeavatar/core';
import { assertNumbers } from '../arguments.js';
import {
  ARKIT_BLENDSHAPES,
  ARKIT_BLENDSHAPE_COUNT,
  ARKIT_BLENDSHAPE_NAMES,
  type ArkitBlendshape,
  type BlendshapeRegion,
} from './arkit-table.js';

export {
  ARKIT_BLENDSHAPES,
  ARKIT_BLENDSHAPE_COUNT,
  ARKIT_BLENDSHAPE_NAMES,
  type ArkitBlendshape,
  type BlendshapeRegion,
};

const INDEX = new Map<string, number>(ARKIT_BLENDSHAPE_NAMES.map((name, i) => [name, i]));

/**
 * ARKit weights, either as a dense vector in {@link ARKIT_BLENDSHAPE_NAMES} order (length 52)
 * or as a partial record by name (missing names are 0).
 *
 * @example
 * ```ts
 * const a: BlendshapeWeights = { jawOpen: 0.5 };
 * const b: BlendshapeWeights = new Float32Array(52);
 * ```
 */
export type BlendshapeWeights =
  Float32Array | ArrayLike<number> | Partial<Record<ArkitBlendshape, number>>;

/**
 * `true` when `name` is one of the 52 ARKit names.
 *
 * @example
 * ```ts
 * isArkitBlendshape('jawOpen'); // true
 * isArkitBlendshape('JawOpen'); // false: names are case-sensitive
 * ```
 */
export function isArkitBlendshape(name: string): name is ArkitBlendshape {
  return INDEX.has(name);
}

/**
 * The position of `name` in the weight vector.
 *
 * @throws FreeAvatarError (`INVALID_ARGUMENT`) for an unknown name.
 * @example
 * ```ts
 * const weights = new Float32Array(52);
 * weights[blendshapeIndex('eyeBlinkLeft')] = 1;
 * ```
 */
export function blendshapeIndex(name: string): number {
  const i = INDEX.get(name);
  assertArgument(
    i !== undefined,
    `unknown ARKit blendshape "${name}"; expected one of the 52 names, e.g. "jawOpen"`,
  );
  return i;
}

/**
 * Turns {@link BlendshapeWeights} into a dense Float32Array(52). Values must be finite; they are
 * not clamped (ARKit weights live in 0..1, but extrapolation is allowed for authoring).
 *
 * @throws FreeAvatarError for a vector whose length is not 52, an unknown name or a non-finite value.
 * @example
 * ```ts
 * const w = toWeightVector({ jawOpen: 0.4, mouthFunnel: 0.8 });
 * console.log(w.length); // 52
 * ```
 */
export function toWeightVector(
  weights: BlendshapeWeights,
  out = new Float32Array(ARKIT_BLENDSHAPE_COUNT),
): Float32Array {
  assertArgument(
    out.length === ARKIT_BLENDSHAPE_COUNT,
    `output weight vector must have length ${ARKIT_BLENDSHAPE_COUNT}, got ${out.length}`,
  );
  assertArgument(
    weights !== null && typeof weights === 'object',
    `weights must be a vector or a record, got ${String(weights)}`,
  );
  if (
    ArrayBuffer.isView(weights) ||
    Array.isArray(weights) ||
    typeof (weights as ArrayLike<number>).length === 'number'
  ) {
    const vector = weights as ArrayLike<number>;
    assertArgument(
      vector.length === ARKIT_BLENDSHAPE_COUNT,
      `weight vector must have length ${ARKIT_BLENDSHAPE_COUNT} (ARKit order), got ${vector.length}`,
    );
    for (let i = 0; i < ARKIT_BLENDSHAPE_COUNT; i++) {
      const x = vector[i];
      assertArgument(
        Number.isFinite(x),
        `weight ${ARKIT_BLENDSHAPE_NAMES[i]} must be a finite number, got ${x}`,
      );
      out[i] = x;
    }
    return out;
  }
  out.fill(0);
  for (const [name, value] of Object.entries(weights)) {
    const i = blendshapeIndex(name);
    assertArgument(
      Number.isFinite(value),
      `weight ${name} must be a finite number, got ${String(value)}`,
    );
    out[i] = value as number;
  }
  return out;
}

/**
 * Turns a dense weight vector into a record by name, leaving out weights whose magnitude is at
 * most `threshold`.
 *
 * @example
 * ```ts
 * weightRecord(toWeightVector({ jawOpen: 0.5 })); // { jawOpen: 0.5 }
 * ```
 */
export function weightRecord(
  weights: ArrayLike<number>,
  threshold = 0,
): Partial<Record<ArkitBlendshape, number>> {
  assertNumbers(weights, 'weights');
  assertArgument(
    weights.length === ARKIT_BLENDSHAPE_COUNT,
    `weight vector must have length ${ARKIT_BLENDSHAPE_COUNT}, got ${weights.length}`,
  );
  const out: Partial<Record<ArkitBlendshape, number>> = {};
  for (let i = 0; i < ARKIT_BLENDSHAPE_COUNT; i++) {
    if (Math.abs(weights[i]) > threshold) out[ARKIT_BLENDSHAPE_NAMES[i]] = weights[i];
  }
  return out;
}
