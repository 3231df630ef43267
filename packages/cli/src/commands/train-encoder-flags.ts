import { FreeAvatarError, assertArgument, assertObject, describeValue } from '@freeavatar/core';

/**
 * The training stages of the expression encoder: `mae` (pretraining), `expression` (supervised
 * expression regression), `head-fit` (the embedding head fitted in closed form to the
 * expression distance), `eye-reader` (a convolutional eye reader trained beside a frozen
 * backbone, on the head fit's data), `triplet` (fine-tuning).
 *
 * @example
 * ```ts
 * const stage: EncoderStage = 'mae';
 * ```
 */
export type EncoderStage = 'mae' | 'triplet' | 'expression' | 'head-fit' | 'eye-reader';

const ENCODER_STAGES: readonly string[] = [
  'mae',
  'triplet',
  'expression',
  'head-fit',
  'eye-reader',
];

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `stage` is an {@link EncoderStage}.
 *
 * @example
 * ```ts
 * assertEncoderStage('mae', 'options.stage'); // passes
 * assertEncoderStage('x', 'options.stage'); // throws: options.stage must be one of mae, ...
 * ```
 */
export function assertEncoderStage(stage: unknown, name: string): asserts stage is EncoderStage {
  assertArgument(
    typeof stage === 'string' && ENCODER_STAGES.includes(stage),
    `${name} must be one of ${ENCODER_STAGES.join(', ')}, got ${describeValue(stage)}`,
  );
}

/**
 * Where {@link encoderTrainingData} reads from: the data flags of `train encoder`.
 *
 * @example
 * ```ts
 * const flags: EncoderDataFlags = { stage: 'triplet', fec: 'fec/train.csv', images: 'fec/images' };
 * ```
 */
export interface EncoderDataFlags {
  readonly stage: EncoderStage;
  /**
   * Stage `mae`: a folder of face images (searched recursively). Stages `expression`,
   * `head-fit` and `eye-reader`: a folder of labelled faces (`labels.jsonl` with `file` and the 52 ARKit
   * `weights` per line, as `freeavatar synth faces` writes; see `readLabelledFaces`).
   */
  readonly data?: string;
  /** Stage `triplet`: an FEC-format CSV. */
  readonly fec?: string;
  /** Stage `triplet`: the folder holding the CSV's images, by file name. */
  readonly images?: string;
  /**
   * Either stage: render batches on the fly from the synth world's train split instead of
   * reading files (faces for `mae`, triplets for `triplet`).
   */
  readonly synth?: boolean;
  /** With `synth`: seed of the synth stream (default: the run seed). */
  readonly synthSeed?: number;
  /**
   * With `synth`: a JSON file of scene settings (pose, framing, light, occluders; see
   * {@link readSceneConfig}) that replace the synth defaults.
   */
  readonly scene?: string;
  /**
   * Stage `expression`: floor of each target's standard deviation when the targets are
   * standardised (default 1e-3, `targetStatistics`'s). A control that the statistics' sample
   * hardly shows otherwise gets a tiny spread, and the rare face that shows it a loss in the
   * hundreds: ARKit's `mouthClose`, absent from the 4096 synth expressions sampled, reaches
   * 265 standard deviations. 0.05 keeps every synth target within about 20.
   */
  readonly targetMinStd?: number;
  /**
   * With `synth`: render the batches on a worker thread, ahead of the training step (default
   * `true`); `false` renders them on the training thread between steps. The batches are the
   * same either way (see `renderedSynthBatches`).
   */
  readonly renderWorker?: boolean;
}

function misplaced(flag: string, stage: EncoderStage): FreeAvatarError {
  return new FreeAvatarError(
    'INVALID_ARGUMENT',
    `${flag} is not used by --stage ${stage}: stages mae, expression, head-fit and eye-reader read --data DIR, stage triplet reads --fec CSV --images DIR`,
    { subject: flag },
  );
}

/**
 * Checks that the data flags fit the stage: `--data` for `mae`, `--fec` and `--images` for
 * `triplet`, nothing of the other stage.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the missing or misplaced flag, or when
 *   `flags` is not an object with a known `stage`.
 * @example
 * ```ts
 * assertDataFlags({ stage: 'triplet', fec: 'fec/train.csv', images: 'fec/images' });
 * ```
 */
export function assertDataFlags(flags: EncoderDataFlags): void {
  assertObject(flags, 'flags');
  assertEncoderStage(flags.stage, 'flags.stage');
  if (flags.synth === true) {
    for (const [flag, value] of [
      ['--data', flags.data],
      ['--fec', flags.fec],
      ['--images', flags.images],
    ] as const) {
      if (value !== undefined) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `${flag} cannot be combined with --synth: --synth renders its own data, files are read without it`,
          { subject: flag },
        );
      }
    }
    return;
  }
  if (flags.synthSeed !== undefined) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--synth-seed ${flags.synthSeed} needs --synth: it seeds the synth data stream`,
      { subject: '--synth-seed' },
    );
  }
  if (flags.scene !== undefined) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--scene ${flags.scene} needs --synth: it sets how synth draws its scenes`,
      { subject: '--scene' },
    );
  }
  if (flags.stage === 'expression' || isHeadFitData(flags.stage)) {
    if (flags.fec !== undefined) throw misplaced('--fec', flags.stage);
    if (flags.images !== undefined) throw misplaced('--images', flags.stage);
    if (flags.data === undefined) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `--stage ${flags.stage} needs --synth or --data DIR (labelled faces: labels.jsonl with the ARKit weights of each image)`,
      );
    }
    return;
  }
  if (flags.stage === 'mae') {
    if (flags.fec !== undefined) throw misplaced('--fec', 'mae');
    if (flags.images !== undefined) throw misplaced('--images', 'mae');
    if (flags.data === undefined) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        '--stage mae needs --data DIR (a folder of face images) or --synth',
      );
    }
    return;
  }
  if (flags.data !== undefined) throw misplaced('--data', 'triplet');
  if (flags.fec === undefined || flags.images === undefined) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      '--stage triplet needs --fec CSV and --images DIR (an FEC-format CSV and its image folder) or --synth',
    );
  }
}

/** Whether a stage reads faces with their expression-distance coordinates, as the head fit does. */
export function isHeadFitData(stage: EncoderStage): stage is 'head-fit' | 'eye-reader' {
  return stage === 'head-fit' || stage === 'eye-reader';
}
