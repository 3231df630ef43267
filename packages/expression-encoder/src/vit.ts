import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, type WeightMap } from '@freeavatar/core';
import { layerNorm, linear } from './layers.js';
import {
  disposeParams,
  initParams,
  paramsFromWeights,
  type ParamShapes,
  type Params,
} from './params.js';
import { patchify } from './patches.js';
import { patchCount, resolveVitConfig, type VitConfig, type VitPreset } from './presets.js';
import { blockParamShapes, transformerBlock } from './transformer-block.js';

/**
 * The names and shapes of a ViT encoder's parameters for a config, computed without allocating
 * anything (so even `base` is cheap to describe).
 *
 * @example
 * ```ts
 * import { resolveVitConfig, vitParamShapes } from '@freeavatar/expression-encoder';
 * vitParamShapes(resolveVitConfig('base'))['patch/kernel']; // [768, 768]
 * ```
 */
export function vitParamShapes(config: VitConfig): ParamShapes {
  const { dim, patchSize } = config;
  const shapes: Record<string, number[]> = {
    'patch/kernel': [patchSize * patchSize * 3, dim],
    'patch/bias': [dim],
    pos: [patchCount(config), dim],
  };
  for (let i = 0; i < config.depth; i++) {
    Object.assign(shapes, blockParamShapes(`block${i}`, dim, config.mlpRatio));
  }
  shapes['norm/gamma'] = [dim];
  shapes['norm/beta'] = [dim];
  return shapes;
}

/** What {@link VisionTransformer.forward} returns; the caller owns both tensors. */
export interface VitOutput {
  /** Final-normed patch tokens, `[n, tokens, dim]`. */
  readonly tokens: tf.Tensor3D;
  /** Mean of the tokens, `[n, dim]`: the pooled feature. */
  readonly pooled: tf.Tensor2D;
}

/**
 * A Vision Transformer encoder held as named `tf.Variable`s: patch embedding (a 2-D product
 * on flattened patches), learned position embeddings, pre-norm blocks (layer norm, multi-head
 * self-attention, GELU MLP), a final layer norm, and mean pooling. No class token.
 *
 * Images are `[n, imageSize, imageSize, 3]` floats in 0–1; they are mapped to −1…1 inside.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { VisionTransformer } from '@freeavatar/expression-encoder';
 * const vit = VisionTransformer.create({ imageSize: 32, patchSize: 8, dim: 32, depth: 1, heads: 2 }, 7);
 * const feature = tf.tidy(() => vit.features(tf.zeros([1, 32, 32, 3]))); // [1, 32]
 * vit.dispose();
 * ```
 */
export class VisionTransformer {
  /** The full, validated configuration. */
  readonly config: VitConfig;
  /** The trainable variables, by name (see {@link vitParamShapes}). */
  readonly params: Params;
  private disposed = false;

  private constructor(config: VitConfig, params: Params) {
    this.config = config;
    this.params = params;
  }

  /**
   * Creates a randomly initialised encoder; the same `seed` always gives the same weights.
   */
  static create(config: VitPreset | Partial<VitConfig>, seed: number): VisionTransformer {
    const full = resolveVitConfig(config);
    return new VisionTransformer(full, initParams(vitParamShapes(full), seed));
  }

  /**
   * Creates an encoder from a weight map holding {@link vitParamShapes} under `prefix` (e.g.
   * `'encoder/'`). The map's tensors are copied, not taken.
   */
  static fromWeights(
    config: VitPreset | Partial<VitConfig>,
    weights: WeightMap,
    prefix = '',
  ): VisionTransformer {
    const full = resolveVitConfig(config);
    const local: WeightMap = {};
    for (const name of Object.keys(vitParamShapes(full))) {
      if (weights[prefix + name] !== undefined) local[name] = weights[prefix + name];
    }
    return new VisionTransformer(
      full,
      paramsFromWeights(vitParamShapes(full), local, `ViT weights (prefix "${prefix}")`),
    );
  }

  /** Maps images `[n, s, s, 3]` in 0–1 to patch rows `[n * tokens, patch² · 3]` in −1…1. */
  patches(images: tf.Tensor4D): tf.Tensor2D {
    this.checkImages(images);
    return tf.tidy(() =>
      patchify(tf.sub(tf.mul(images, 2), 1) as tf.Tensor4D, this.config.patchSize),
    );
  }

  /**
   * Embeds patch rows and adds their position embeddings. `positions` is either omitted (all
   * patches of each image, in order) or a `[rows, tokens]` one-hot matrix choosing each row's
   * position: a 2-D product, so the gradient reaches the position table on every backend.
   */
  embed(patchRows: tf.Tensor2D, positions?: tf.Tensor2D): tf.Tensor2D {
    this.checkLive();
    const p = this.params;
    return tf.tidy(() => {
      const embedded = linear(patchRows, p['patch/kernel'], p['patch/bias']);
      if (positions !== undefined) return tf.add(embedded, tf.matMul(positions, p.pos));
      const tokens = p.pos.shape[0];
      const n = patchRows.shape[0] / tokens;
      return tf.reshape(tf.add(tf.reshape(embedded, [n, tokens, this.config.dim]), p.pos), [
        n * tokens,
        this.config.dim,
      ]);
    });
  }

  /** Runs the blocks and the final norm on `[batch * tokens, dim]` embedded tokens. */
  encode(tokens: tf.Tensor2D, batch: number): tf.Tensor2D {
    this.checkLive();
    const perItem = tokens.shape[0] / batch;
    assertArgument(
      Number.isInteger(perItem),
      `encode: ${tokens.shape[0]} token rows do not split into ${batch} sequences`,
    );
    return tf.tidy(() => {
      let x = tokens;
      for (let i = 0; i < this.config.depth; i++) {
        x = transformerBlock(this.params, `block${i}`, x, batch, perItem, this.config.heads);
      }
      return layerNorm(x, this.params['norm/gamma'], this.params['norm/beta']);
    });
  }

  /** Full forward pass: final-normed tokens and the mean-pooled feature. */
  forward(images: tf.Tensor4D): VitOutput {
    return tf.tidy(() => {
      const n = images.shape[0];
      const tokens = this.encode(this.embed(this.patches(images)), n);
      const tokens3 = tf.reshape(tokens, [
        n,
        patchCount(this.config),
        this.config.dim,
      ]) as tf.Tensor3D;
      return { tokens: tokens3, pooled: tf.mean(tokens3, 1) as tf.Tensor2D };
    });
  }

  /** The pooled feature `[n, dim]` of images `[n, s, s, 3]` in 0–1. */
  features(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.forward(images).pooled);
  }

  /** Frees the variables. Further calls throw `DISPOSED`. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeParams(this.params);
  }

  /** Whether {@link dispose} was called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private checkLive(): void {
    if (this.disposed) throw new FreeAvatarError('DISPOSED', 'This VisionTransformer was disposed');
  }

  private checkImages(images: tf.Tensor4D): void {
    this.checkLive();
    const s = this.config.imageSize;
    assertArgument(
      images instanceof tf.Tensor &&
        images.rank === 4 &&
        images.shape[1] === s &&
        images.shape[2] === s &&
        images.shape[3] === 3,
      `images must be a tensor of shape [n, ${s}, ${s}, 3], got ${
        images instanceof tf.Tensor ? `[${images.shape}]` : typeof images
      }`,
    );
  }
}
