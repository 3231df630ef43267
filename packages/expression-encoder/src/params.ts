import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertArgument,
  assertObject,
  createRng,
  type WeightMap,
} from '@freeavatar/core';

/** Parameter names mapped to their shapes: a model's weights, described without allocating them. */
export type ParamShapes = Readonly<Record<string, readonly number[]>>;

/** Trainable parameters by name. */
export type Params = Record<string, tf.Variable>;

/**
 * How a parameter starts, chosen from its name: `…/kernel` Xavier-uniform, `…/gamma` ones,
 * `…/beta` and `…/bias` zeros, anything else (position embeddings, mask tokens) normal with
 * standard deviation 0.02.
 */
function initialValues(name: string, shape: readonly number[], seed: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  const leaf = name.slice(name.lastIndexOf('/') + 1);
  if (leaf === 'gamma') return values.fill(1);
  if (leaf === 'beta' || leaf === 'bias') return values;
  const rng = createRng(seed).fork(name);
  if (leaf === 'kernel') {
    // Glorot-uniform; a conv kernel [h, w, in, out] counts its receptive field in both fans.
    const field = shape.length === 4 ? shape[0] * shape[1] : 1;
    const fanIn = field * shape[shape.length - 2];
    const fanOut = field * shape[shape.length - 1];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < size; i++) values[i] = rng.uniform(-limit, limit);
    return values;
  }
  for (let i = 0; i < size; i++) {
    // Truncated at two standard deviations, as ViT implementations do.
    let v = rng.normal();
    while (Math.abs(v) > 2) v = rng.normal();
    values[i] = 0.02 * v;
  }
  return values;
}

/**
 * Number of scalars in a set of parameter shapes.
 *
 * @example
 * ```ts
 * countParams(vitParamShapes(resolveVitConfig('base'))); // ≈ 85.8 million
 * ```
 */
export function countParams(shapes: ParamShapes): number {
  assertObject(shapes, 'shapes');
  let total = 0;
  for (const shape of Object.values(shapes)) total += shape.reduce((a, b) => a * b, 1);
  return total;
}

/**
 * Allocates trainable variables for `shapes`, deterministically from `seed`: each parameter
 * draws from its own generator forked from the seed by name, so adding a parameter never
 * changes the others.
 */
export function initParams(shapes: ParamShapes, seed: number): Params {
  const params: Params = {};
  try {
    for (const [name, shape] of Object.entries(shapes)) {
      const values = initialValues(name, shape, seed);
      params[name] = ownedVariable(tf.tensor(values, shape as number[], 'float32'), true);
    }
  } catch (err) {
    disposeParams(params);
    throw err;
  }
  return params;
}

/**
 * Makes a variable from a tensor the caller gives up: a variable shares the tensor's data but is
 * a separate tensor, so the original is disposed here.
 */
export function ownedVariable(initial: tf.Tensor, trainable: boolean): tf.Variable {
  try {
    return tf.variable(initial, trainable);
  } finally {
    initial.dispose();
  }
}

/**
 * Creates variables from a weight map, checking that every name in `shapes` is present with the
 * right shape. Extra entries in `weights` are ignored. The weight map's tensors are not disposed.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` naming the first weight missing or of a wrong shape.
 * @example
 * ```ts
 * import type { WeightMap } from '@freeavatar/core';
 * declare const weights: WeightMap; // an embedding head's `kernel` and `bias`
 * const head = paramsFromWeights(headParamShapes(resolveVitConfig('tiny')), weights, 'head');
 * ```
 */
export function paramsFromWeights(shapes: ParamShapes, weights: WeightMap, what: string): Params {
  assertObject(shapes, 'shapes');
  assertObject(weights, 'weights');
  const params: Params = {};
  try {
    for (const [name, shape] of Object.entries(shapes)) {
      const tensor = weights[name];
      if (tensor === undefined || !tf.util.arraysEqual(tensor.shape, shape as number[])) {
        const problem =
          tensor === undefined
            ? `is missing, expected shape [${shape}]`
            : `has shape [${tensor.shape}], expected [${shape}]`;
        throw new FreeAvatarError('MODEL_LOAD_FAILED', `${what}: weight "${name}" ${problem}`, {
          subject: name,
        });
      }
      params[name] = ownedVariable(tf.cast(tensor, 'float32'), true);
    }
  } catch (err) {
    disposeParams(params);
    throw err;
  }
  return params;
}

/** Copies values from a weight map into existing variables of the same names and shapes. */
export function assignParams(params: Params, weights: WeightMap, what: string): void {
  for (const [name, variable] of Object.entries(params)) {
    const tensor = weights[name];
    assertArgument(tensor !== undefined, `${what} lacks weight "${name}"`);
    assertArgument(
      tf.util.arraysEqual(tensor.shape, variable.shape),
      `${what}: weight "${name}" has shape [${tensor.shape}], expected [${variable.shape}]`,
    );
    variable.assign(tensor.dtype === 'float32' ? tensor : tf.tidy(() => tensor.toFloat()));
  }
}

/** Prefixes every name of a parameter set, e.g. `encoder/`. */
export function prefixShapes(prefix: string, shapes: ParamShapes): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, shape] of Object.entries(shapes)) out[`${prefix}${name}`] = [...shape];
  return out;
}

/** Disposes every variable of a parameter set. */
export function disposeParams(params: Params): void {
  for (const variable of Object.values(params)) variable.dispose();
}
