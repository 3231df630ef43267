import { FreeAvatarError } from '@freeavatar/core';
import {
  grownConfig,
  loadExpressionModel,
  resolveVitConfig,
  type AugmentOptions,
  type EncoderGrowth,
  type VitConfig,
} from '@freeavatar/expression-encoder';
import type { TrainEncoderOptions } from './train-encoder.js';
import { readAugmentConfig } from './training-configs.js';

/** What a `freeavatar train encoder` run trains, resolved from its flags. */
export interface EncoderRunSetup {
  /** The encoder's config: the preset with the flags' overrides, or the `--init` model's. */
  readonly config: VitConfig;
  /** The blocks and MLP widths `--depth` / `--mlp-ratio` add to the `--init` model, if any. */
  readonly grow?: EncoderGrowth;
  /** The augmentation `--augment` asks for (`{}`: the default recipe), if any. */
  readonly augment?: AugmentOptions;
}

/** The `--depth` / `--mlp-ratio` growth the options ask for, if any. */
function growthOf(options: TrainEncoderOptions): EncoderGrowth | undefined {
  if (options.depth === undefined && options.mlpRatio === undefined) return undefined;
  return {
    ...(options.depth !== undefined ? { depth: options.depth } : {}),
    ...(options.mlpRatio !== undefined ? { mlpRatio: options.mlpRatio } : {}),
  };
}

/**
 * Resolves the encoder a training run trains and checks that its model flags fit the stage:
 * the preset and its overrides, or the config of the `--init` model (whose alignment only stage
 * `expression` may switch); `--eye-reader`, `--eye-branch`, `--depth`, `--mlp-ratio` and
 * `--augment` each belong to some stages only.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the flag that does not fit the stage.
 * @example
 * ```ts
 * const { config, augment } = await encoderRunSetup(
 *   { stage: 'expression', out: 'runs/expr', synth: true, augment: true },
 *   console.log,
 * );
 * console.log(config.imageSize, augment); // 64 {}
 * ```
 */
export async function encoderRunSetup(
  options: TrainEncoderOptions,
  log: (line: string) => void,
): Promise<EncoderRunSetup> {
  let config = resolveVitConfig(options.preset ?? 'tiny');
  const overrides = {
    ...(options.convStem !== undefined ? { convStem: options.convStem } : {}),
    ...(options.positionalPool !== undefined ? { positionalPool: options.positionalPool } : {}),
    ...(options.eyeBranch !== undefined ? { eyeBranch: options.eyeBranch } : {}),
    ...(options.alignment !== undefined ? { alignment: options.alignment } : {}),
  };
  config = resolveVitConfig({ ...config, ...overrides });
  if (options.stage !== 'mae' && options.init !== undefined) {
    const { model } = await loadExpressionModel(options.init);
    config = model.config;
    model.dispose();
    if (options.alignment !== undefined && options.alignment !== config.alignment) {
      if (options.stage !== 'expression') {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `--alignment ${options.alignment}: only --stage expression can switch a model's alignment (${options.init} reads ${config.alignment} crops)`,
          { subject: '--alignment' },
        );
      }
      config = { ...config, alignment: options.alignment };
    }
  } else if (options.stage === 'triplet') {
    log('no --init: stage triplet starts from random weights');
  }
  if (options.eyeReader !== undefined && options.stage !== 'eye-reader') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--eye-reader is used by --stage eye-reader only, got --stage ${options.stage}`,
      { subject: '--eye-reader' },
    );
  }
  if (options.eyeBranch !== undefined && options.stage !== 'expression') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--eye-branch is used by --stage expression only, got --stage ${options.stage}`,
      { subject: '--eye-branch' },
    );
  }
  const grow = growthOf(options);
  if (grow !== undefined) {
    if (options.stage !== 'expression' || options.init === undefined) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `--depth and --mlp-ratio grow a trained encoder: they need --stage expression and --init, got --stage ${options.stage}${options.init === undefined ? ' without --init' : ''}`,
        { subject: options.depth !== undefined ? '--depth' : '--mlp-ratio' },
      );
    }
    config = grownConfig(config, grow);
    log(`growing the encoder to ${config.depth} blocks, MLP ratio ${config.mlpRatio}`);
  }
  const augment =
    options.augment === true
      ? {}
      : typeof options.augment === 'string'
        ? await readAugmentConfig(options.augment)
        : undefined;
  if (augment !== undefined && (options.stage === 'mae' || options.stage === 'triplet')) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--augment is used by --stage expression, head-fit and eye-reader only (stage triplet always augments), got --stage ${options.stage}`,
      { subject: '--augment' },
    );
  }
  return {
    config,
    ...(grow !== undefined ? { grow } : {}),
    ...(augment !== undefined ? { augment } : {}),
  };
}
