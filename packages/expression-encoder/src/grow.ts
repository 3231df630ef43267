import * as tf from '@tensorflow/tfjs';
import { assertArgument, assertObject, type WeightMap } from '@freeavatar/core';
import { initParams } from './params.js';
import { resolveVitConfig, type VitConfig } from './presets.js';
import { blockParamShapes } from './transformer-block.js';

/** How to enlarge a trained encoder: more blocks, wider MLPs, or both. */
export interface EncoderGrowth {
  /** Transformer blocks after growing (at least the current depth). */
  readonly depth?: number;
  /** MLP hidden width as a multiple of `dim` after growing (at least the current ratio). */
  readonly mlpRatio?: number;
}

/**
 * The config a trained encoder has after {@link growEncoderWeights}, validated: depth and MLP
 * ratio may only stay or grow.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `config` or `growth` is not an object, or
 *   `growth` would shrink the encoder or is not a positive integer.
 * @example
 * ```ts
 * grownConfig(resolveVitConfig('tiny'), { depth: 6 }).depth; // 6
 * ```
 */
export function grownConfig(config: VitConfig, growth: EncoderGrowth): VitConfig {
  assertObject(config, 'config');
  assertObject(growth, 'growth');
  const grown = resolveVitConfig({ ...config, ...growth });
  assertArgument(
    grown.depth >= config.depth,
    `depth can only grow: the encoder has ${config.depth} blocks, got ${grown.depth}`,
  );
  assertArgument(
    grown.mlpRatio >= config.mlpRatio,
    `mlpRatio can only grow: the encoder has ${config.mlpRatio}, got ${grown.mlpRatio}`,
  );
  return grown;
}

/**
 * Enlarges a trained encoder's weights without changing what it computes, so that training can
 * go on from where it stopped with more capacity (Net2Net-style growth, Chen et al. 2016).
 * New blocks are appended after the last one with their two output projections (`attn/proj`,
 * `mlp/fc2`) at zero, so each starts as the identity of its residual stream; a wider MLP gets
 * new hidden units whose `fc1` columns are drawn fresh and whose `fc2` rows are zero. Everything
 * else is copied. The result holds new tensors (the caller disposes them); `weights` is left as
 * it is.
 *
 * @param weights - The model's weights, e.g. from `loadWeightMap`; names under `prefix`.
 * @param config - The config those weights were trained with.
 * @param growth - The depth and MLP ratio to grow to (see {@link grownConfig}).
 * @param seed - Seeds the fresh weights.
 * @param prefix - The encoder's name prefix in `weights` (`'encoder/'` in a saved model).
 * @returns The grown weights and their config.
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `weights`, `config` or `growth` is not an
 *   object, `growth` would shrink the encoder or a block's weight is missing.
 * @example
 * ```ts
 * const { model } = await loadExpressionModel('runs/expr/model/model.json');
 * const grown = growEncoderWeights(model.params, model.config, { depth: 6 }, 1, 'encoder/');
 * const deeper = ExpressionModel.fromWeights(grown.config, grown.weights);
 * ```
 */
export function growEncoderWeights(
  weights: WeightMap,
  config: VitConfig,
  growth: EncoderGrowth,
  seed: number,
  prefix = '',
): { config: VitConfig; weights: WeightMap } {
  assertObject(weights, 'weights');
  const grown = grownConfig(config, growth);
  const { dim } = config;
  const hidden = dim * config.mlpRatio;
  const wider = dim * grown.mlpRatio;
  const out: WeightMap = {};
  for (const [name, tensor] of Object.entries(weights)) out[name] = tf.clone(tensor);
  const fresh = initParams(
    {
      ...blockParamShapesFor(config.depth, grown.depth, dim, grown.mlpRatio),
      ...widerColumnShapes(wider > hidden ? config.depth : 0, dim, wider - hidden),
    },
    seed,
  );
  try {
    for (let i = 0; i < config.depth && wider > hidden; i++) {
      const block = `${prefix}block${i}/mlp/`;
      for (const leaf of ['fc1/kernel', 'fc1/bias', 'fc2/kernel']) {
        assertArgument(weights[block + leaf] !== undefined, `weights lack "${block + leaf}"`);
      }
      out[`${block}fc1/kernel`].dispose();
      out[`${block}fc1/bias`].dispose();
      out[`${block}fc2/kernel`].dispose();
      out[`${block}fc1/kernel`] = tf.concat(
        [weights[`${block}fc1/kernel`], fresh[`wide${i}/kernel`]],
        1,
      );
      out[`${block}fc1/bias`] = tf.tidy(() =>
        tf.concat([weights[`${block}fc1/bias`], tf.zeros([wider - hidden])]),
      );
      out[`${block}fc2/kernel`] = tf.tidy(() =>
        tf.concat([weights[`${block}fc2/kernel`], tf.zeros([wider - hidden, dim])]),
      );
    }
    for (const [name, variable] of Object.entries(fresh)) {
      if (name.startsWith('wide')) continue;
      const zeroed = name.endsWith('/attn/proj/kernel') || name.endsWith('/mlp/fc2/kernel');
      out[prefix + name] = zeroed ? tf.zerosLike(variable) : tf.clone(variable);
    }
  } catch (err) {
    Object.values(out).forEach((t) => t.dispose());
    throw err;
  } finally {
    Object.values(fresh).forEach((v) => v.dispose());
  }
  return { config: grown, weights: out };
}

/** Shapes of the new `fc1` columns of the first `blocks` blocks, `wide<i>/kernel`. */
function widerColumnShapes(blocks: number, dim: number, extra: number): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (let i = 0; i < blocks; i++) shapes[`wide${i}/kernel`] = [dim, extra];
  return shapes;
}

/** Shapes of the blocks numbered `from` to `to − 1`. */
function blockParamShapesFor(
  from: number,
  to: number,
  dim: number,
  mlpRatio: number,
): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (let i = from; i < to; i++)
    Object.assign(shapes, blockParamShapes(`block${i}`, dim, mlpRatio));
  return shapes;
}
