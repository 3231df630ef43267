import * as tf from '@tensorflow/tfjs';
import { createRng } from '@freeavatar/core';
import type { ParamShapes, Params } from '@freeavatar/expression-encoder';

/**
 * Initial values of one animator weight, chosen from its name and drawn from its own generator
 * forked from `seed` by name (so adding an avatar never changes the other weights):
 * FiLM maps and biases start at zero (every block starts unmodulated), identity rows are
 * standard normal, other kernels Xavier-uniform.
 */
function initialValues(name: string, shape: readonly number[], seed: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (name.endsWith('/bias') || name.endsWith('/film/kernel')) return values;
  const rng = createRng(seed).fork(name);
  if (name.endsWith('/identity')) {
    for (let i = 0; i < size; i++) values[i] = rng.normal();
    return values;
  }
  const limit = Math.sqrt(6 / (shape[0] + shape[shape.length - 1]));
  for (let i = 0; i < size; i++) values[i] = rng.uniform(-limit, limit);
  return values;
}

/** Allocates variables for `shapes`, deterministically from `seed`. */
export function initAnimatorParams(shapes: ParamShapes, seed: number): Params {
  const params: Params = {};
  try {
    for (const [name, shape] of Object.entries(shapes)) {
      const initial = tf.tensor(initialValues(name, shape, seed), [...shape], 'float32');
      params[name] = tf.variable(initial, true);
      initial.dispose();
    }
  } catch (err) {
    tf.dispose(Object.values(params));
    throw err;
  }
  return params;
}
