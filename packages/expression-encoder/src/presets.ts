import { assertArgument, assertObject } from '@freeavatar/core';
import { assertFaceAlignment, type FaceAlignment } from '@freeavatar/face-crop';

/** The shape of a Vision Transformer encoder. */
export interface VitConfig {
  /** Input crop size in pixels (square). */
  readonly imageSize: number;
  /** Patch size in pixels; `imageSize` must be a multiple of it. */
  readonly patchSize: number;
  /** Token width. */
  readonly dim: number;
  /** Transformer blocks. */
  readonly depth: number;
  /** Attention heads; `dim` must be a multiple of it. */
  readonly heads: number;
  /** MLP hidden width as a multiple of `dim`. */
  readonly mlpRatio: number;
  /** Size of the expression embedding. */
  readonly embeddingDim: number;
  /**
   * Stride-2 3×3 convolutions (ReLU) that turn each patch into the token's input before the
   * patch embedding, so that `patchSize` must be `2 ** convStem`; 0 (the default) embeds the raw
   * pixels of each patch with one linear map. See {@link convStemChannels}.
   */
  readonly convStem: number;
  /**
   * How the tokens become the pooled feature. 0: their mean. k > 0: positional pooling, where
   * each token is mapped to k values, the values of all tokens are joined in token order and
   * mapped to `dim` (then layer-normed), so the feature keeps where on the face something is
   * (a blink is a change at the eyes, not anywhere).
   */
  readonly positionalPool: number;
  /**
   * Channels of an eye branch (0: none): a small convolutional network on the band of the crop
   * that holds the eyes and brows, whose output is added to the pooled feature before its norm,
   * so that lids and irises a few pixels across are read at the pixel (see `eyeBand`).
   */
  readonly eyeBranch: number;
  /**
   * Width of an eye reader (0: none): a small convolutional network on the eye band of the crop
   * whose feature the embedding head reads beside the pooled feature (see `eyeReaderFeature`).
   * The pooled feature, which the animator reads, is not changed by it.
   */
  readonly eyeReader: number;
  /**
   * How the input crops are aligned (face-crop's `FaceAlignment`): the encoder reads crops cut
   * the way it was trained on, so `embedImages` and the animator crop faces with it.
   */
  readonly alignment: FaceAlignment;
}

/**
 * Encoder presets. `tiny` is the shipped default (trainable on a laptop CPU); `base` is the
 * ViT-B/16 at 224 px of the FreeAvatar paper, for GPU users; `micro` (32 px, one block) is for
 * plumbing: random weights of its size embed a face in milliseconds, which suits tests and
 * examples, but it learns little.
 *
 * @example
 * ```ts
 * VIT_PRESETS.base.patchSize; // 16
 * ```
 */
export const VIT_PRESETS = {
  micro: {
    imageSize: 32,
    patchSize: 8,
    dim: 32,
    depth: 1,
    heads: 2,
    mlpRatio: 2,
    embeddingDim: 16,
    convStem: 0,
    positionalPool: 16,
    eyeBranch: 0,
    eyeReader: 0,
    alignment: 'eyes-mouth',
  },
  tiny: {
    imageSize: 64,
    patchSize: 8,
    dim: 128,
    depth: 4,
    heads: 4,
    mlpRatio: 2,
    embeddingDim: 16,
    convStem: 0,
    positionalPool: 16,
    eyeBranch: 0,
    eyeReader: 0,
    alignment: 'eyes-mouth',
  },
  small: {
    imageSize: 112,
    patchSize: 8,
    dim: 384,
    depth: 8,
    heads: 6,
    mlpRatio: 4,
    embeddingDim: 16,
    convStem: 0,
    positionalPool: 0,
    eyeBranch: 0,
    eyeReader: 0,
    alignment: 'eyes-mouth',
  },
  base: {
    imageSize: 224,
    patchSize: 16,
    dim: 768,
    depth: 12,
    heads: 12,
    mlpRatio: 4,
    embeddingDim: 16,
    convStem: 0,
    positionalPool: 0,
    eyeBranch: 0,
    eyeReader: 0,
    alignment: 'eyes-mouth',
  },
} as const satisfies Record<string, VitConfig>;

/** A preset name: `'micro' | 'tiny' | 'small' | 'base'`. */
export type VitPreset = keyof typeof VIT_PRESETS;

/**
 * Resolves a preset name or a partial config (over the `tiny` preset) into a full, validated
 * {@link VitConfig}.
 *
 * @example
 * ```ts
 * import { resolveVitConfig } from '@freeavatar/expression-encoder';
 * resolveVitConfig('base').patchSize; // 16
 * resolveVitConfig({ imageSize: 96 }).imageSize; // 96
 * ```
 */
export function resolveVitConfig(config: VitPreset | Partial<VitConfig> = 'tiny'): VitConfig {
  if (typeof config === 'string') {
    assertArgument(
      config in VIT_PRESETS,
      `unknown preset "${config}", expected one of ${Object.keys(VIT_PRESETS).join(', ')}`,
    );
    return { ...VIT_PRESETS[config] };
  }
  const merged: VitConfig = { ...VIT_PRESETS.tiny };
  for (const [key, value] of Object.entries(config)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  assertFaceAlignment(merged.alignment);
  for (const [key, value] of Object.entries(merged)) {
    if (key === 'alignment') continue;
    const least = ['convStem', 'positionalPool', 'eyeBranch', 'eyeReader'].includes(key) ? 0 : 1;
    assertArgument(
      Number.isInteger(value) && value >= least,
      least === 0
        ? `${key} must be an integer ≥ 0, got ${value}`
        : `${key} must be a positive integer, got ${value}`,
    );
  }
  assertArgument(
    merged.convStem === 0 || merged.patchSize === 2 ** merged.convStem,
    `a conv stem of ${merged.convStem} stride-2 layers needs patchSize ${2 ** merged.convStem}, got ${merged.patchSize}`,
  );
  assertArgument(
    merged.imageSize % merged.patchSize === 0,
    `imageSize ${merged.imageSize} must be a multiple of patchSize ${merged.patchSize}`,
  );
  assertArgument(
    merged.dim % merged.heads === 0,
    `dim ${merged.dim} must be a multiple of heads ${merged.heads}`,
  );
  return merged;
}

/**
 * Number of patch tokens of a config: `(imageSize / patchSize)²`.
 *
 * @example
 * ```ts
 * patchCount(resolveVitConfig('tiny')); // 64
 * ```
 */
export function patchCount(config: VitConfig): number {
  assertObject(config, 'config');
  return (config.imageSize / config.patchSize) ** 2;
}

/**
 * Output channels of each conv-stem layer: doubling up to the token width, e.g. `[32, 64, 128]`
 * for three layers and `dim` 128; empty without a conv stem.
 *
 * @example
 * ```ts
 * convStemChannels(resolveVitConfig({ convStem: 3 })); // [32, 64, 128]
 * ```
 */
export function convStemChannels(config: VitConfig): number[] {
  assertObject(config, 'config');
  return Array.from({ length: config.convStem }, (_, i) =>
    Math.max(8, Math.round(config.dim / 2 ** (config.convStem - 1 - i))),
  );
}
