import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, type WeightMap } from '@freeavatar/core';
import { l2Normalize, linear } from './layers.js';
import {
  disposeParams,
  initParams,
  paramsFromWeights,
  type ParamShapes,
  type Params,
} from './params.js';
import { resolveVitConfig, type VitConfig, type VitPreset } from './presets.js';
import { VisionTransformer } from './vit.js';

/**
 * Names and shapes of the embedding head (without the `head/` prefix): a linear map from the
 * pooled feature to the embedding.
 *
 * @example
 * ```ts
 * headParamShapes(resolveVitConfig('tiny')).kernel; // [128, 16]
 * ```
 */
export function headParamShapes(config: VitConfig): ParamShapes {
  return { kernel: [config.dim, config.embeddingDim], bias: [config.embeddingDim] };
}

/** Embeddings and the features they came from; the caller owns both. */
export interface EmbeddingOutput {
  /** Pooled backbone features `[n, dim]`. */
  readonly features: tf.Tensor2D;
  /** L2-normalised embeddings `[n, embeddingDim]`. */
  readonly embeddings: tf.Tensor2D;
}

/**
 * Stage 2 of the expression model: the {@link VisionTransformer} backbone, its pooled feature,
 * and a linear head to a unit-length expression embedding (16-d by default). Weight names:
 * `encoder/…` and `head/…`.
 *
 * @example
 * ```ts
 * const model = ExpressionModel.create('tiny', 42);
 * const e = tf.tidy(() => model.embed(images)); // [n, 16], unit rows
 * model.dispose();
 * ```
 */
export class ExpressionModel {
  /** The backbone. */
  readonly encoder: VisionTransformer;
  /** The head's variables (`kernel`, `bias`). */
  readonly head: Params;
  /** All trainable variables under their checkpoint names (`encoder/…`, `head/…`). */
  readonly params: Params;
  private disposed = false;

  private constructor(encoder: VisionTransformer, head: Params) {
    this.encoder = encoder;
    this.head = head;
    const params: Params = {};
    for (const [k, v] of Object.entries(encoder.params)) params[`encoder/${k}`] = v;
    for (const [k, v] of Object.entries(head)) params[`head/${k}`] = v;
    this.params = params;
  }

  /** The full configuration. */
  get config(): VitConfig {
    return this.encoder.config;
  }

  /** A randomly initialised model; the same seed gives the same weights. */
  static create(config: VitPreset | Partial<VitConfig>, seed: number): ExpressionModel {
    const encoder = VisionTransformer.create(config, seed);
    try {
      return new ExpressionModel(encoder, initParams(headParamShapes(encoder.config), seed + 2));
    } catch (err) {
      encoder.dispose();
      throw err;
    }
  }

  /**
   * Builds a model from a weight map with `encoder/…` entries. The `head/…` entries are used
   * when present; when absent (an MAE checkpoint, before fine-tuning) the head is initialised
   * from `seed`, and without a seed that is an error. The map's tensors are copied.
   */
  static fromWeights(
    config: VitPreset | Partial<VitConfig>,
    weights: WeightMap,
    seed?: number,
  ): ExpressionModel {
    const full = resolveVitConfig(config);
    const hasHead = 'head/kernel' in weights;
    if (!hasHead && seed === undefined) {
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        'The weights have no embedding head ("head/kernel"); pass a seed to start a new head',
      );
    }
    const encoder = VisionTransformer.fromWeights(full, weights, 'encoder/', seed);
    try {
      let head: Params;
      if (hasHead) {
        const local: WeightMap = {};
        for (const [k, v] of Object.entries(weights)) {
          if (k.startsWith('head/')) local[k.slice(5)] = v;
        }
        head = paramsFromWeights(headParamShapes(full), local, 'embedding head weights');
      } else {
        head = initParams(headParamShapes(full), (seed as number) + 2);
      }
      return new ExpressionModel(encoder, head);
    } catch (err) {
      encoder.dispose();
      throw err;
    }
  }

  /** Pooled features and unit embeddings of images `[n, s, s, 3]` in 0–1. */
  run(images: tf.Tensor4D): EmbeddingOutput {
    this.checkLive();
    return tf.tidy(() => {
      const features = this.encoder.features(images);
      const embeddings = l2Normalize(linear(features, this.head.kernel, this.head.bias));
      return { features, embeddings };
    });
  }

  /** Unit embeddings `[n, embeddingDim]` of images `[n, s, s, 3]` in 0–1. */
  embed(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.run(images).embeddings);
  }

  /** Pooled backbone features `[n, dim]` of images `[n, s, s, 3]` in 0–1. */
  features(images: tf.Tensor4D): tf.Tensor2D {
    this.checkLive();
    return this.encoder.features(images);
  }

  /** Frees every variable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.encoder.dispose();
    disposeParams(this.head);
  }

  private checkLive(): void {
    if (this.disposed) throw new FreeAvatarError('DISPOSED', 'This ExpressionModel was disposed');
  }
}
