import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, assertObject, type WeightMap } from '@freeavatar/core';
import { eyeBranchFeature, eyeBranchParamShapes } from './eye-branch.js';
import { layerNorm, linear } from './layers.js';
import {
  disposeParams,
  initParams,
  paramsFromWeights,
  type ParamShapes,
  type Params,
} from './params.js';
import { patchify } from './patches.js';
import {
  convStemChannels,
  patchCount,
  resolveVitConfig,
  type VitConfig,
  type VitPreset,
} from './presets.js';
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
  assertObject(config, 'config');
  const { dim, patchSize } = config;
  const stem = convStemChannels(config);
  const shapes: Record<string, number[]> = {};
  stem.forEach((out, i) => {
    shapes[`stem/conv${i}/kernel`] = [3, 3, i === 0 ? 3 : stem[i - 1], out];
    shapes[`stem/conv${i}/bias`] = [out];
  });
  Object.assign(shapes, {
    'patch/kernel': [stem.at(-1) ?? patchSize * patchSize * 3, dim],
    'patch/bias': [dim],
    pos: [patchCount(config), dim],
  });
  for (let i = 0; i < config.depth; i++) {
    Object.assign(shapes, blockParamShapes(`block${i}`, dim, config.mlpRatio));
  }
  shapes['norm/gamma'] = [dim];
  shapes['norm/beta'] = [dim];
  Object.assign(shapes, poolParamShapes(config), eyeBranchParamShapes(config));
  return shapes;
}

/** Parameters of positional pooling (none for mean pooling). */
function poolParamShapes(config: VitConfig): ParamShapes {
  const { dim, positionalPool: k } = config;
  if (k === 0) return {};
  return {
    'pool/reduce/kernel': [dim, k],
    'pool/reduce/bias': [k],
    'pool/kernel': [patchCount(config) * k, dim],
    'pool/bias': [dim],
    'pool/norm/gamma': [dim],
    'pool/norm/beta': [dim],
  };
}

/** What {@link VisionTransformer.forward} returns; the caller owns both tensors. */
export interface VitOutput {
  /** Final-normed patch tokens, `[n, tokens, dim]`. */
  readonly tokens: tf.Tensor3D;
  /** The pooled feature `[n, dim]`: the tokens' mean, or their positional pooling. */
  readonly pooled: tf.Tensor2D;
}

/**
 * A Vision Transformer encoder held as named `tf.Variable`s: patch embedding (a 2-D product
 * on flattened patches, or on the features of an optional convolutional stem), learned
 * position embeddings, pre-norm blocks (layer norm, multi-head self-attention, GELU MLP), a
 * final layer norm, and mean or positional pooling (see `VitConfig.positionalPool`). No class
 * token.
 *
 * Images are `[n, imageSize, imageSize, 3]` floats in 0–1; they are mapped to −1…1 inside.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { VisionTransformer } from '@freeavatar/expression-encoder';
 * const config = { imageSize: 32, patchSize: 8, dim: 32, depth: 1, heads: 2 };
 * const vit = VisionTransformer.create(config, 7);
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
   * `'encoder/'`). The map's tensors are copied, not taken. With a `seed`, positional-pooling
   * weights that the map lacks start from random values (to add positional pooling to a
   * mean-pooled model); every other weight must be in the map.
   */
  static fromWeights(
    config: VitPreset | Partial<VitConfig>,
    weights: WeightMap,
    prefix = '',
    seed?: number,
  ): VisionTransformer {
    const full = resolveVitConfig(config);
    const local: WeightMap = {};
    for (const name of Object.keys(vitParamShapes(full))) {
      if (weights[prefix + name] !== undefined) local[name] = weights[prefix + name];
    }
    // A pooling or an eye branch the weights lack starts fresh when a seed is given (a model
    // switched to positional pooling, or given an eye branch, for further training).
    const fresh = (shapes: ParamShapes) =>
      seed !== undefined && Object.keys(shapes).every((n) => local[n] === undefined) ? shapes : {};
    const started = { ...fresh(poolParamShapes(full)), ...fresh(eyeBranchParamShapes(full)) };
    const loadShapes = { ...vitParamShapes(full) };
    for (const name of Object.keys(started)) delete loadShapes[name];
    const params = paramsFromWeights(loadShapes, local, `ViT weights (prefix "${prefix}")`);
    if (Object.keys(started).length > 0) {
      const initial = initParams(started, seed as number);
      // A new eye branch adds nothing at first, so the model computes what it did.
      const proj = initial['eyes/proj/kernel'];
      if (proj !== undefined) tf.tidy(() => proj.assign(tf.zerosLike(proj)));
      Object.assign(params, initial);
    }
    return new VisionTransformer(full, params);
  }

  /** Maps images `[n, s, s, 3]` in 0–1 to patch rows `[n * tokens, patch² · 3]` in −1…1. */
  patches(images: tf.Tensor4D): tf.Tensor2D {
    this.checkImages(images);
    return tf.tidy(() =>
      patchify(tf.sub(tf.mul(images, 2), 1) as tf.Tensor4D, this.config.patchSize),
    );
  }

  /**
   * The rows the patch embedding reads, `[n * tokens, width]`: the pixel patches of
   * {@link patches} without a conv stem; with one, the stem's features of each patch cell
   * (stride-2 3×3 convolutions with ReLU, Xiao et al. 2021), which see a few pixels past their
   * cell.
   */
  tokenInputs(images: tf.Tensor4D): tf.Tensor2D {
    if (this.config.convStem === 0) return this.patches(images);
    this.checkImages(images);
    const p = this.params;
    return tf.tidy(() => {
      let x = tf.sub(tf.mul(images, 2), 1) as tf.Tensor4D;
      for (let i = 0; i < this.config.convStem; i++) {
        const conv = tf.conv2d(x, p[`stem/conv${i}/kernel`] as tf.Tensor4D, 2, 'same');
        x = tf.relu(tf.add(conv, p[`stem/conv${i}/bias`])) as tf.Tensor4D;
      }
      return tf.reshape(x, [images.shape[0] * patchCount(this.config), x.shape[3]]);
    });
  }

  /**
   * Embeds the rows of {@link tokenInputs} and adds their position embeddings. `positions` is
   * either omitted (all patches of each image, in order) or a `[rows, tokens]` one-hot matrix
   * choosing each row's position: a 2-D product, so the gradient reaches the position table on
   * every backend.
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

  /** Full forward pass: final-normed tokens and the pooled feature. */
  forward(images: tf.Tensor4D): VitOutput {
    this.checkImages(images);
    return tf.tidy(() => {
      const n = images.shape[0];
      const tokens = this.encode(this.embed(this.tokenInputs(images)), n);
      const tokens3 = tf.reshape(tokens, [
        n,
        patchCount(this.config),
        this.config.dim,
      ]) as tf.Tensor3D;
      return { tokens: tokens3, pooled: this.pool(tokens3, images) };
    });
  }

  /**
   * Pools tokens `[n, tokens, dim]` into the feature `[n, dim]` (see `positionalPool`). With an
   * eye branch (`eyeBranch` > 0) the images the tokens came from are needed too: the branch's
   * output is added before the pooling's norm.
   */
  pool(tokens: tf.Tensor3D, images?: tf.Tensor4D): tf.Tensor2D {
    this.checkLive();
    const { positionalPool: k, dim, eyeBranch } = this.config;
    assertArgument(
      eyeBranch === 0 || images !== undefined,
      'pool: an encoder with an eye branch needs the images as well as the tokens',
    );
    const p = this.params;
    return tf.tidy(() => {
      const eyes = eyeBranch === 0 ? undefined : eyeBranchFeature(p, images!, this.config);
      if (k === 0) {
        const mean = tf.mean(tokens, 1) as tf.Tensor2D;
        return eyes === undefined ? mean : tf.add(mean, eyes);
      }
      const [n, count] = tokens.shape;
      const rows = tf.reshape(tokens, [n * count, dim]) as tf.Tensor2D;
      const reduced = linear(rows, p['pool/reduce/kernel'], p['pool/reduce/bias']);
      const joined = tf.reshape(reduced, [n, count * k]) as tf.Tensor2D;
      const pooled = linear(joined, p['pool/kernel'], p['pool/bias']);
      return layerNorm(
        eyes === undefined ? pooled : tf.add(pooled, eyes),
        p['pool/norm/gamma'],
        p['pool/norm/beta'],
      );
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
