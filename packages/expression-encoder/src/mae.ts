import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  assertArgument,
  assertObject,
  assertTensor,
  describeValue,
  type Rng,
  type WeightMap,
} from '@freeavatar/core';
import { layerNorm, linear } from './layers.js';
import {
  keptPositionsOneHot,
  keptRowIndices,
  randomMasking,
  scatterOneHot,
  type MaskPlan,
} from './masking.js';
import {
  disposeParams,
  initParams,
  paramsFromWeights,
  type ParamShapes,
  type Params,
} from './params.js';
import { unpatchify } from './patches.js';
import { patchCount, type VitConfig, type VitPreset } from './presets.js';
import { blockParamShapes, transformerBlock } from './transformer-block.js';
import { VisionTransformer } from './vit.js';

/** Options of a {@link MaskedAutoencoder}: the light decoder and the masking. */
export interface MaeOptions {
  /** Decoder token width, default 64. */
  decoderDim?: number;
  /** Decoder blocks, default 1. */
  decoderDepth?: number;
  /** Decoder attention heads, default 4. */
  decoderHeads?: number;
  /** Fraction of patches hidden from the encoder, default 0.75. */
  maskRatio?: number;
  /** Score each patch after normalising its pixels to zero mean, unit variance (default true). */
  normPixLoss?: boolean;
}

/** {@link MaeOptions} with every default filled in. */
export type ResolvedMaeOptions = Required<MaeOptions>;

/**
 * Fills the defaults of {@link MaeOptions} and validates them; `undefined` fields keep the
 * default.
 *
 * @example
 * ```ts
 * resolveMaeOptions({ maskRatio: 0.6 }).decoderDim; // 64
 * ```
 */
export function resolveMaeOptions(options: MaeOptions = {}): ResolvedMaeOptions {
  const out: ResolvedMaeOptions = {
    decoderDim: options.decoderDim ?? 64,
    decoderDepth: options.decoderDepth ?? 1,
    decoderHeads: options.decoderHeads ?? 4,
    maskRatio: options.maskRatio ?? 0.75,
    normPixLoss: options.normPixLoss ?? true,
  };
  for (const key of ['decoderDim', 'decoderDepth', 'decoderHeads'] as const) {
    assertArgument(
      Number.isInteger(out[key]) && out[key] > 0,
      `${key} must be a positive integer, got ${out[key]}`,
    );
  }
  assertArgument(
    out.decoderDim % out.decoderHeads === 0,
    `decoderDim ${out.decoderDim} must be a multiple of decoderHeads ${out.decoderHeads}`,
  );
  assertArgument(
    out.maskRatio >= 0 && out.maskRatio < 1,
    `maskRatio must be in [0, 1), got ${out.maskRatio}`,
  );
  return out;
}

/**
 * Names and shapes of the MAE decoder's parameters (without the `decoder/` prefix).
 *
 * @example
 * ```ts
 * maeDecoderShapes(resolveVitConfig('tiny'), resolveMaeOptions())['pred/kernel']; // [64, 192]
 * ```
 */
export function maeDecoderShapes(config: VitConfig, options: ResolvedMaeOptions): ParamShapes {
  assertObject(config, 'config');
  assertObject(options, 'options');
  const dd = options.decoderDim;
  const shapes: Record<string, number[]> = {
    'embed/kernel': [config.dim, dd],
    'embed/bias': [dd],
    mask_token: [1, dd],
    pos: [patchCount(config), dd],
  };
  for (let i = 0; i < options.decoderDepth; i++)
    Object.assign(shapes, blockParamShapes(`block${i}`, dd, 4));
  shapes['norm/gamma'] = [dd];
  shapes['norm/beta'] = [dd];
  shapes['pred/kernel'] = [dd, config.patchSize * config.patchSize * 3];
  shapes['pred/bias'] = [config.patchSize * config.patchSize * 3];
  return shapes;
}

function normalisePatches(rows: tf.Tensor2D): tf.Tensor2D {
  const mean = tf.mean(rows, -1, true);
  const variance = tf.mean(tf.square(tf.sub(rows, mean)), -1, true);
  return tf.div(tf.sub(rows, mean), tf.sqrt(tf.add(variance, 1e-6)));
}

/**
 * Stage 1 of the expression model: a masked autoencoder around a {@link VisionTransformer}.
 * The encoder sees only the visible patches of each image (gathered per sample); a light
 * decoder fills in mask tokens and predicts the pixels of every patch; the loss is the mean
 * squared error on hidden patches only, per-patch normalised.
 *
 * Weight names: `encoder/…` (see `vitParamShapes`) and `decoder/…` ({@link maeDecoderShapes}).
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * declare const images: tf.Tensor4D; // [n, 64, 64, 3] in 0–1
 * const mae = MaskedAutoencoder.create('tiny', {}, 42);
 * const optimizer = createAdamW();
 * await optimizeStep(mae.params, optimizer, () => mae.loss(images, createRng(1)));
 * ```
 */
export class MaskedAutoencoder {
  /** The encoder being pretrained. */
  readonly encoder: VisionTransformer;
  /** The decoder's variables, by name without prefix. */
  readonly decoder: Params;
  /** The resolved decoder and masking options. */
  readonly options: ResolvedMaeOptions;
  /** All trainable variables under their checkpoint names (`encoder/…`, `decoder/…`). */
  readonly params: Params;
  private disposed = false;

  private constructor(encoder: VisionTransformer, decoder: Params, options: ResolvedMaeOptions) {
    assertArgument(
      encoder instanceof VisionTransformer,
      `encoder must be a VisionTransformer (build a MaskedAutoencoder with MaskedAutoencoder.create or .fromWeights), got ${describeValue(encoder)}`,
    );
    assertObject(decoder, 'decoder');
    assertObject(options, 'options');
    this.encoder = encoder;
    this.decoder = decoder;
    this.options = options;
    const params: Params = {};
    for (const [k, v] of Object.entries(encoder.params)) params[`encoder/${k}`] = v;
    for (const [k, v] of Object.entries(decoder)) params[`decoder/${k}`] = v;
    this.params = params;
  }

  /** A randomly initialised autoencoder; the same seed gives the same weights. */
  static create(
    config: VitPreset | Partial<VitConfig>,
    options: MaeOptions,
    seed: number,
  ): MaskedAutoencoder {
    const encoder = VisionTransformer.create(config, seed);
    const resolved = resolveMaeOptions(options);
    try {
      const decoder = initParams(maeDecoderShapes(encoder.config, resolved), seed + 1);
      return new MaskedAutoencoder(encoder, decoder, resolved);
    } catch (err) {
      encoder.dispose();
      throw err;
    }
  }

  /**
   * Rebuilds an autoencoder from a weight map with `encoder/…` and `decoder/…` entries (as saved
   * by a checkpoint). The map's tensors are copied.
   */
  static fromWeights(
    config: VitPreset | Partial<VitConfig>,
    options: MaeOptions,
    weights: WeightMap,
  ): MaskedAutoencoder {
    const encoder = VisionTransformer.fromWeights(config, weights, 'encoder/');
    const resolved = resolveMaeOptions(options);
    try {
      const local: WeightMap = {};
      for (const [k, v] of Object.entries(weights)) {
        if (k.startsWith('decoder/')) local[k.slice('decoder/'.length)] = v;
      }
      const decoder = paramsFromWeights(
        maeDecoderShapes(encoder.config, resolved),
        local,
        'MAE decoder weights',
      );
      return new MaskedAutoencoder(encoder, decoder, resolved);
    } catch (err) {
      encoder.dispose();
      throw err;
    }
  }

  /** Draws a mask for a batch of `batch` images with this autoencoder's ratio. */
  mask(batch: number, rng: Rng): MaskPlan {
    return randomMasking(batch, patchCount(this.encoder.config), this.options.maskRatio, rng);
  }

  /**
   * The training loss on images `[n, s, s, 3]` in 0–1: masks each image independently (from
   * `rng`, or the given plan) and returns the mean per-patch squared error over hidden patches.
   */
  loss(images: tf.Tensor4D, mask: Rng | MaskPlan): tf.Scalar {
    this.checkLive();
    const plan = this.planFor(images, mask);
    return tf.tidy(() => {
      const { pred, target } = this.predict(images, plan);
      const perPatch = tf.mean(tf.square(tf.sub(pred, target)), -1); // [n*T]
      const hidden = tf.tensor1d(plan.hidden);
      return tf.div(tf.sum(tf.mul(perPatch, hidden)), tf.sum(hidden)) as tf.Scalar;
    });
  }

  /**
   * Reconstructs images `[n, s, s, 3]` in 0–1: visible patches copied from the input, hidden
   * ones predicted (with the normalisation undone from the true patch statistics, as the MAE
   * paper's figures do).
   */
  reconstruct(images: tf.Tensor4D, mask: Rng | MaskPlan): tf.Tensor4D {
    this.checkLive();
    const plan = this.planFor(images, mask);
    return tf.tidy(() => {
      const { pred, rows } = this.predict(images, plan);
      let pixels = pred;
      if (this.options.normPixLoss) {
        const mean = tf.mean(rows, -1, true);
        const std = tf.sqrt(tf.add(tf.mean(tf.square(tf.sub(rows, mean)), -1, true), 1e-6));
        pixels = tf.add(tf.mul(pred, std), mean);
      }
      const hidden = tf.reshape(tf.tensor1d(plan.hidden), [-1, 1]);
      const mixed = tf.add(tf.mul(pixels, hidden), tf.mul(rows, tf.sub(1, hidden))) as tf.Tensor2D;
      const image = unpatchify(mixed, plan.batch, this.encoder.config.patchSize);
      return tf.clipByValue(tf.div(tf.add(image, 1), 2), 0, 1) as tf.Tensor4D;
    });
  }

  /** Frees every variable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.encoder.dispose();
    disposeParams(this.decoder);
  }

  private planFor(images: tf.Tensor4D, mask: Rng | MaskPlan): MaskPlan {
    assertTensor(images, 'images');
    assertObject(mask as unknown, 'mask');
    const n = images.shape[0];
    const plan = 'kept' in mask ? mask : this.mask(n, mask);
    assertArgument(
      plan.batch === n && plan.tokens === patchCount(this.encoder.config),
      `mask plan is for ${plan.batch}x${plan.tokens} patches, images give ${n}x${patchCount(this.encoder.config)}`,
    );
    return plan;
  }

  private predict(
    images: tf.Tensor4D,
    plan: MaskPlan,
  ): { pred: tf.Tensor2D; target: tf.Tensor2D; rows: tf.Tensor2D } {
    const { batch, tokens, keep } = plan;
    const d = this.decoder;
    const dd = this.options.decoderDim;
    const rows = this.encoder.patches(images); // [n*T, P] in −1…1
    // A conv stem sees past its cell, so it reads images whose hidden patches are blanked.
    const inputs =
      this.encoder.config.convStem === 0
        ? rows
        : this.encoder.tokenInputs(blankHidden(images, plan));
    const visible = tf.gather(inputs, tf.tensor1d(keptRowIndices(plan), 'int32'));
    const positions = tf.tensor2d(keptPositionsOneHot(plan), [batch * keep, tokens]);
    const encoded = this.encoder.encode(this.encoder.embed(visible, positions), batch);
    const x = tf.reshape(linear(encoded, d['embed/kernel'], d['embed/bias']), [batch, keep, dd]);
    const scatter = tf.tensor3d(scatterOneHot(plan), [batch, tokens, keep]);
    const hidden = tf.tensor3d(plan.hidden, [batch, tokens, 1]);
    const full = tf.add(tf.add(tf.matMul(scatter, x), tf.mul(hidden, d.mask_token)), d.pos);
    let h = tf.reshape(full, [batch * tokens, dd]) as tf.Tensor2D;
    for (let i = 0; i < this.options.decoderDepth; i++) {
      h = transformerBlock(d, `block${i}`, h, batch, tokens, this.options.decoderHeads);
    }
    h = layerNorm(h, d['norm/gamma'], d['norm/beta']);
    const pred = linear(h, d['pred/kernel'], d['pred/bias']);
    const target = this.options.normPixLoss ? normalisePatches(rows) : rows;
    return { pred, target, rows };
  }

  private checkLive(): void {
    if (this.disposed) throw new FreeAvatarError('DISPOSED', 'This MaskedAutoencoder was disposed');
  }
}

/** Images with their hidden patches set to mid-grey (0 once mapped to −1…1). */
function blankHidden(images: tf.Tensor4D, plan: MaskPlan): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, size] = images.shape;
    const grid = Math.round(Math.sqrt(plan.tokens));
    const cell = size / grid;
    const hidden = tf.reshape(tf.tensor1d(plan.hidden), [n, grid, 1, grid, 1, 1]);
    const mask = tf.reshape(tf.tile(hidden, [1, 1, cell, 1, cell, 1]), [n, size, size, 1]);
    return tf.add(tf.mul(images, tf.sub(1, mask)), tf.mul(mask, 0.5)) as tf.Tensor4D;
  });
}

/**
 * The MAE loss of one batch: a shorthand for `mae.loss(images, rng)`.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * declare const mae: MaskedAutoencoder;
 * declare const batch: tf.Tensor4D;
 * const loss = tf.tidy(() => maeLoss(mae, batch, createRng(1)));
 * ```
 */
export function maeLoss(mae: MaskedAutoencoder, images: tf.Tensor4D, rng: Rng): tf.Scalar {
  assertMaskedAutoencoder(mae, 'mae');
  return mae.loss(images, rng);
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `value` is a {@link MaskedAutoencoder} (checked
 * by its shape, so that one from another copy of this package passes too).
 */
export function assertMaskedAutoencoder(
  value: unknown,
  name: string,
): asserts value is MaskedAutoencoder {
  assertArgument(
    typeof (value as Partial<MaskedAutoencoder> | null | undefined)?.loss === 'function',
    `${name} must be a MaskedAutoencoder, got ${describeValue(value)}`,
  );
}
