import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, assertObject, describeValue } from '@freeavatar/core';
import type { ParamOptimizer } from './optimizer.js';
import type { Params } from './params.js';

/** Options of {@link optimizeStep}. */
export interface OptimizeStepOptions {
  /** Rescale gradients whose global L2 norm exceeds this (default: no clipping). */
  clipNorm?: number;
}

/** What one {@link optimizeStep} measured. */
export interface OptimizeStepResult {
  /** The loss before the update. */
  readonly loss: number;
  /** The global L2 norm of the gradients, before clipping. */
  readonly gradNorm: number;
}

/**
 * One optimisation step: evaluates `loss` (a function returning a scalar tensor built from
 * `params`), takes the gradients of every parameter, optionally clips their global norm, and
 * lets `optimizer` update `params`. Every intermediate tensor is freed.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `params`, `optimizer` or `loss` is not what it
 *   should be, or the loss is not a finite scalar.
 * @example
 * ```ts
 * declare const params: Params;
 * declare const ea: tf.Tensor2D, ep: tf.Tensor2D, en: tf.Tensor2D; // embeddings from `params`
 * const { loss } = await optimizeStep(params, createSgd(), () => tripletLoss(ea, ep, en, 0.2));
 * ```
 */
export async function optimizeStep(
  params: Params,
  optimizer: ParamOptimizer,
  loss: () => tf.Scalar,
  options: OptimizeStepOptions = {},
): Promise<OptimizeStepResult> {
  assertObject(params, 'params');
  assertArgument(
    typeof (optimizer as Partial<ParamOptimizer> | null)?.apply === 'function',
    `optimizer must be a ParamOptimizer, got ${describeValue(optimizer)}`,
  );
  assertArgument(typeof loss === 'function', `loss must be a function, got ${describeValue(loss)}`);
  const names = Object.keys(params);
  assertArgument(names.length > 0, 'optimizeStep needs at least one parameter');
  const byVariable = new Map<string, string>();
  for (const name of names) byVariable.set(params[name].name, name);
  const { value, grads } = tf.variableGrads(
    loss,
    names.map((n) => params[n]),
  );
  try {
    assertArgument(value.rank === 0, `the loss must be a scalar, got shape [${value.shape}]`);
    const lossValue = (await value.data())[0];
    if (!Number.isFinite(lossValue)) {
      throw new FreeAvatarError('INVALID_ARGUMENT', `the loss is not finite (${lossValue})`);
    }
    const named: Record<string, tf.Tensor> = {};
    for (const [variableName, grad] of Object.entries(grads)) {
      const name = byVariable.get(variableName);
      if (name !== undefined) named[name] = grad;
    }
    // Pairwise adds, not one addN: addN over many inputs exceeds WebGPU binding limits.
    const squared = tf.tidy(() =>
      Object.values(named)
        .map((g) => tf.sum(tf.square(g)))
        .reduce((a, b) => tf.add(a, b)),
    );
    const gradNorm = Math.sqrt((await squared.data())[0]);
    squared.dispose();
    const clip = options.clipNorm;
    if (clip !== undefined && gradNorm > clip) {
      const scale = clip / (gradNorm + 1e-6);
      for (const name of Object.keys(named)) {
        const scaled = tf.mul(named[name], scale);
        named[name].dispose();
        named[name] = scaled;
        grads[params[name].name] = scaled;
      }
    }
    optimizer.apply(params, named);
    return { loss: lossValue, gradNorm };
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}
