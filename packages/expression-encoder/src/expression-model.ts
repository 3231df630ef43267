import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertArgument,
  assertObject,
  describeValue,
  type WeightMap,
} from '@freeavatar/core';
import { eyeReaderFeature, eyeReaderParamShapes } from './eye-reader.js';
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
 * Names and shapes of the embedding head (without the `head/` prefix): a linear map from what
 * the head reads (the pooled feature, then the eye reader's feature where the model has one) to
 * the embedding.
 *
 * @example
 * ```ts
 * headParamShapes(resolveVitConfig('tiny')).kernel; // [128, 16]
 * headParamShapes(resolveVitConfig({ eyeReader: 128 })).kernel; // [256, 16]
 * ```
 */
export function headParamShapes(config: VitConfig): ParamShapes {
  assertObject(config, 'config');
  return {
    kernel: [config.dim + config.eyeReader, config.embeddingDim],
    bias: [config.embeddingDim],
  };
}

/** The `prefix…` entries of a weight map, without the prefix. */
function entriesUnder(weights: WeightMap, prefix: string): WeightMap {
  const local: WeightMap = {};
  for (const [k, v] of Object.entries(weights)) {
    if (k.startsWith(prefix)) local[k.slice(prefix.length)] = v;
  }
  return local;
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
 * an optional eye reader (`config.eyeReader`), and a linear head to a unit-length expression
 * embedding (16-d by default). Weight names: `encoder/…`, `eyeReader/…` and `head/…`.
 *
 * @example
 * ```ts
 * declare const images: tf.Tensor4D; // [n, 64, 64, 3] in 0–1
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
  /** The eye reader's variables (see `eyeReaderParamShapes`); empty when it has none. */
  readonly eyeReader: Params;
  /**
   * All trainable variables under their checkpoint names (`encoder/…`, `eyeReader/…`,
   * `head/…`).
   */
  readonly params: Params;
  private disposed = false;

  private constructor(encoder: VisionTransformer, eyeReader: Params, head: Params) {
    assertArgument(
      encoder instanceof VisionTransformer,
      `encoder must be a VisionTransformer (build an ExpressionModel with ExpressionModel.create or .fromWeights), got ${describeValue(encoder)}`,
    );
    assertObject(eyeReader, 'eyeReader');
    assertObject(head, 'head');
    this.encoder = encoder;
    this.eyeReader = eyeReader;
    this.head = head;
    const params: Params = {};
    for (const [k, v] of Object.entries(encoder.params)) params[`encoder/${k}`] = v;
    for (const [k, v] of Object.entries(eyeReader)) params[`eyeReader/${k}`] = v;
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
    const parts: Params[] = [];
    try {
      parts.push(initParams(eyeReaderParamShapes(encoder.config), seed + 3));
      parts.push(initParams(headParamShapes(encoder.config), seed + 2));
      return new ExpressionModel(encoder, parts[0], parts[1]);
    } catch (err) {
      encoder.dispose();
      parts.forEach(disposeParams);
      throw err;
    }
  }

  /**
   * Builds a model from a weight map with `encoder/…` entries. The `head/…` entries are used
   * when present; when absent (an MAE checkpoint, before fine-tuning) the head is initialised
   * from `seed`, and without a seed that is an error. An eye reader the config asks for and the
   * weights lack starts from `seed`, and a head fitted without it gets zero rows for the reader's
   * feature, so that the model embeds what it did. The map's tensors are copied.
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
    const parts: Params[] = [];
    try {
      parts.push(ExpressionModel.eyeReaderFromWeights(full, weights, seed));
      if (hasHead) {
        const local = entriesUnder(weights, 'head/');
        const kernel = local.kernel;
        const withoutReader = full.eyeReader > 0 && kernel?.shape[0] === full.dim;
        if (withoutReader) {
          local.kernel = tf.tidy(() =>
            tf.concat([kernel, tf.zeros([full.eyeReader, full.embeddingDim])], 0),
          );
        }
        try {
          parts.push(paramsFromWeights(headParamShapes(full), local, 'embedding head weights'));
        } finally {
          if (withoutReader) local.kernel.dispose();
        }
      } else {
        parts.push(initParams(headParamShapes(full), (seed as number) + 2));
      }
      return new ExpressionModel(encoder, parts[0], parts[1]);
    } catch (err) {
      encoder.dispose();
      parts.forEach(disposeParams);
      throw err;
    }
  }

  /** The eye reader's variables from `eyeReader/…` weights, or fresh from `seed`. */
  private static eyeReaderFromWeights(
    config: VitConfig,
    weights: WeightMap,
    seed?: number,
  ): Params {
    const shapes = eyeReaderParamShapes(config);
    const local = entriesUnder(weights, 'eyeReader/');
    if (Object.keys(shapes).length > 0 && Object.keys(local).length === 0) {
      if (seed === undefined) {
        throw new FreeAvatarError(
          'MODEL_LOAD_FAILED',
          'The config has an eye reader and the weights have none ("eyeReader/…"); pass a seed to start one',
        );
      }
      return initParams(shapes, seed + 3);
    }
    return paramsFromWeights(shapes, local, 'eye reader weights');
  }

  /** Pooled features and unit embeddings of images `[n, s, s, 3]` in 0–1. */
  run(images: tf.Tensor4D): EmbeddingOutput {
    this.checkLive();
    return tf.tidy(() => {
      const features = this.encoder.features(images);
      const input = this.joinEyeReader(features, images);
      const embeddings = l2Normalize(linear(input, this.head.kernel, this.head.bias));
      return { features, embeddings };
    });
  }

  /**
   * What the embedding head reads, `[n, dim + eyeReader]`: the pooled feature, then the eye
   * reader's feature where the model has one (for fitting the head, `fitEmbeddingHead`).
   */
  headInput(images: tf.Tensor4D): tf.Tensor2D {
    this.checkLive();
    return tf.tidy(() => this.joinEyeReader(this.encoder.features(images), images));
  }

  private joinEyeReader(features: tf.Tensor2D, images: tf.Tensor4D): tf.Tensor2D {
    if (this.config.eyeReader === 0) return features;
    return tf.concat([features, eyeReaderFeature(this.eyeReader, images, this.config)], 1);
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
    disposeParams(this.eyeReader);
    disposeParams(this.head);
  }

  private checkLive(): void {
    if (this.disposed) throw new FreeAvatarError('DISPOSED', 'This ExpressionModel was disposed');
  }
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `value` is an {@link ExpressionModel} (checked
 * by its shape, so that a model from another copy of this package passes too).
 */
export function assertExpressionModel(
  value: unknown,
  name: string,
): asserts value is ExpressionModel {
  const model = value as Partial<ExpressionModel> | null | undefined;
  assertArgument(
    typeof model?.embed === 'function' && typeof model.params === 'object' && model.params !== null,
    `${name} must be an ExpressionModel, got ${describeValue(value)}`,
  );
}
