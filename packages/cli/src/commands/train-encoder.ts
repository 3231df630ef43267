import { join } from 'node:path';
import type { FaceAlignment } from '@freeavatar/face-crop';
import { ARKIT_BLENDSHAPE_NAMES } from '@freeavatar/synth';
import {
  FreeAvatarError,
  assertNonEmptyString,
  assertObject,
  initBackend,
  progressReporter,
  type BackendName,
  type ProgressCallback,
} from '@freeavatar/core';
import {
  runMaePretraining,
  runExpressionRegression,
  runEyeReaderTraining,
  runHeadFit,
  runTripletFineTuning,
  type HeadFit,
  type MaeOptions,
  type RunResult,
  type VitConfig,
  type VitPreset,
} from '@freeavatar/expression-encoder';
import { barMetrics, shellQuote, type RunSummary } from './train-command.js';
import { encoderTrainingData } from './train-encoder-data.js';
import {
  assertDataFlags,
  assertEncoderStage,
  type EncoderDataFlags,
} from './train-encoder-flags.js';
import { encoderRunSetup } from './train-encoder-setup.js';

/** Default steps and batch size of each stage. */
const DEFAULTS = {
  mae: { steps: 3000, batch: 32 },
  triplet: { steps: 5000, batch: 16 },
  expression: { steps: 600, batch: 32 },
  'head-fit': { steps: 128, batch: 32 },
  'eye-reader': { steps: 2048, batch: 64 },
} as const;

/**
 * Options of {@link runTrainEncoder}.
 *
 * @example
 * ```ts
 * const options: TrainEncoderOptions = { stage: 'mae', data: 'faces/', out: 'runs/mae', seed: 1 };
 * ```
 */
export interface TrainEncoderOptions extends EncoderDataFlags {
  /** Run folder: `checkpoint/`, `log.jsonl`, and `model/model.json` when the run completes. */
  readonly out: string;
  /**
   * Encoder preset or a custom config (default `'tiny'`). Stage `triplet` with `init` takes the
   * config of the init model instead.
   */
  readonly preset?: VitPreset | Partial<VitConfig>;
  /** Stage `triplet`: the stage-1 model (or checkpoint) to start from. */
  readonly init?: string;
  /**
   * A new encoder (stage `mae`, or `expression` without `init`): stride-2 conv layers before the
   * patch embedding, overriding the preset's (0 embeds raw patches; 3 fits the 8 px patches of
   * `tiny`).
   */
  readonly convStem?: number;
  /**
   * Stages `mae` and `expression`: positional pooling with this many values per token (0 = mean
   * pooling); with `init`, stage `expression` switches the init model to it (see
   * `VitConfig.positionalPool`).
   */
  readonly positionalPool?: number;
  /**
   * Stage `expression`: an eye branch with this many channels (see `VitConfig.eyeBranch`), for a
   * new encoder or, with `init`, added to the init model (it starts adding nothing).
   */
  readonly eyeBranch?: number;
  /**
   * Stage `eye-reader`: the width of the eye reader added to the init model (see
   * `VitConfig.eyeReader`); default the init model's own reader, else 128.
   */
  readonly eyeReader?: number;
  /**
   * How the training faces are cropped (face-crop's `FaceAlignment`), stored in the model so
   * that inference crops alike. Default: the init model's, else the preset's (`'eyes-mouth'`).
   * With `init`, stage `expression` switches the init model to it.
   */
  readonly alignment?: FaceAlignment;
  /**
   * Stage `expression` with `init`: grow the init model's encoder to this many transformer
   * blocks first, keeping what it computes (see `growEncoderWeights`); default its own depth.
   */
  readonly depth?: number;
  /**
   * Stage `expression` with `init`: widen the init model's MLPs to this multiple of the token
   * width first, keeping what it computes; default its own ratio.
   */
  readonly mlpRatio?: number;
  /**
   * Stage `expression`: how the 52 targets weigh in the loss, `'uniform'` (default) or
   * `'perceptual'` (half uniform, half by their share of the expression distance's spread, see
   * `perceptualTargetWeights` in `@freeavatar/synth`).
   */
  readonly targetWeights?: 'uniform' | 'perceptual';
  /**
   * Stages `expression`, `head-fit` and `eye-reader`: augment the faces, `true` with the triplet stage's full
   * recipe, a path with the JSON recipe in that file (see {@link readAugmentConfig}); default
   * none.
   */
  readonly augment?: boolean | string;
  /**
   * Total optimizer steps (default 3000 for mae, 5000 for triplet); stage `head-fit`: batches of
   * faces to fit on (default 128, so 4096 faces).
   */
  readonly steps?: number;
  /** Images (mae) or triplets per batch (default 32 / 16). */
  readonly batch?: number;
  /** Stage `triplet`: train `'all'` weights (default) or only the embedding `'head'`. */
  readonly train?: 'all' | 'head';
  /** Peak learning rate (default: the stage's, 5e-4 AdamW for mae, 0.002 SGD for triplet). */
  readonly lr?: number;
  /** Seeds weights, shuffling, masks and augmentation (default 0). */
  readonly seed?: number;
  /** Continue from `out/checkpoint` when present. */
  readonly resume?: boolean;
  /** Minutes between checkpoints (default 5). */
  readonly checkpointMinutes?: number;
  /** Steps between checkpoints (default: by time only). */
  readonly checkpointSteps?: number;
  /** Backend preference, e.g. `'wasm'` (default: the best available). */
  readonly backend?: BackendName;
  /** MAE decoder and masking settings (default: the package's). */
  readonly mae?: MaeOptions;
  /** Stops the run after the current step, with a checkpoint. */
  readonly signal?: AbortSignal;
  /** Progress: steps with `loss`, `lr` and samples per second. */
  readonly onProgress?: ProgressCallback;
  /** Receives human-readable status lines. */
  readonly log?: (line: string) => void;
}

/**
 * What {@link runTrainEncoder} did.
 *
 * @example
 * ```ts
 * declare const options: TrainEncoderOptions;
 * const summary: TrainEncoderSummary = await runTrainEncoder(options);
 * if (summary.stopped !== 'completed') console.log(`resume with: ${summary.resumeCommand}`);
 * ```
 */
export interface TrainEncoderSummary extends RunSummary {
  readonly stage: TrainEncoderOptions['stage'];
  /** Stage `head-fit`: the fit's figures, when it completed. */
  readonly fit?: Pick<HeadFit, 'heldOutR2' | 'keptVariance' | 'count'>;
}

/** Checks what every stage needs: an options object with a known `stage` and an `out` folder. */
function assertEncoderOptions(options: TrainEncoderOptions): void {
  assertObject(options, 'options');
  assertEncoderStage(options.stage, 'options.stage');
  assertNonEmptyString(options.out, 'options.out');
}

/**
 * The `freeavatar train encoder` command line that continues a run with `--resume`: every
 * flag that shapes the run, with defaults filled in.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, or its `stage` or
 *   `out` is missing or unknown.
 * @example
 * ```ts
 * resumeCommand({ stage: 'mae', out: 'runs/mae', data: 'faces/' });
 * // 'freeavatar train encoder --stage mae --preset tiny --out runs/mae --data faces/ --steps 3000 --batch 32 --seed 0 --resume'
 * ```
 */
export function resumeCommand(options: TrainEncoderOptions): string {
  assertEncoderOptions(options);
  const defaults = DEFAULTS[options.stage];
  const args = ['freeavatar', 'train', 'encoder', '--stage', options.stage];
  if (typeof (options.preset ?? 'tiny') === 'string')
    args.push('--preset', `${options.preset ?? 'tiny'}`);
  args.push('--out', options.out);
  const paths: [string, string | undefined][] = [
    ['--data', options.data],
    ['--fec', options.fec],
    ['--images', options.images],
    ['--init', options.init],
  ];
  for (const [flag, value] of paths) if (value !== undefined) args.push(flag, value);
  if (options.synth === true) args.push('--synth');
  if (options.synthSeed !== undefined) args.push('--synth-seed', `${options.synthSeed}`);
  args.push('--steps', `${options.steps ?? defaults.steps}`);
  args.push('--batch', `${options.batch ?? defaults.batch}`);
  if (options.train === 'head') args.push('--train', 'head');
  if (options.convStem !== undefined) args.push('--conv-stem', `${options.convStem}`);
  if (options.positionalPool !== undefined) {
    args.push('--positional-pool', `${options.positionalPool}`);
  }
  if (options.eyeBranch !== undefined) args.push('--eye-branch', `${options.eyeBranch}`);
  if (options.eyeReader !== undefined) args.push('--eye-reader', `${options.eyeReader}`);
  if (options.alignment !== undefined) args.push('--alignment', options.alignment);
  if (options.depth !== undefined) args.push('--depth', `${options.depth}`);
  if (options.mlpRatio !== undefined) args.push('--mlp-ratio', `${options.mlpRatio}`);
  if (options.targetWeights !== undefined) args.push('--target-weights', options.targetWeights);
  if (options.targetMinStd !== undefined) args.push('--target-min-std', `${options.targetMinStd}`);
  if (options.augment === true) args.push('--augment');
  if (typeof options.augment === 'string') args.push('--augment', options.augment);
  if (options.scene !== undefined) args.push('--scene', options.scene);
  if (options.renderWorker === false) args.push('--no-render-worker');
  if (options.lr !== undefined) args.push('--lr', `${options.lr}`);
  args.push('--seed', `${options.seed ?? 0}`);
  if (options.checkpointMinutes !== undefined)
    args.push('--checkpoint-minutes', `${options.checkpointMinutes}`);
  if (options.backend !== undefined) args.push('--backend', options.backend);
  args.push('--resume');
  return args.map(shellQuote).join(' ');
}

/**
 * `freeavatar train encoder`: trains the expression encoder, one stage at a time: `mae`
 * (masked-autoencoder pretraining on face images), `expression` (regression of the ARKit weights
 * of synth faces), `head-fit` (the embedding head fitted in closed form), `eye-reader` (an eye
 * reader beside a frozen backbone) or `triplet` (triplet fine-tuning, e.g. on an FEC-format CSV).
 * Writes a JSONL log and checkpoints to `out`,
 * resumes with `resume`, is deterministic for a seed, and stops cleanly (with a checkpoint) when
 * `signal` aborts.
 *
 * @throws FreeAvatarError for options that are not an object or lack a known `stage` or `out`,
 *   missing or misplaced data flags, unreadable data, a checkpoint of another seed, or an init
 *   model that cannot be loaded.
 * @example
 * ```ts
 * const summary = await runTrainEncoder({
 *   stage: 'mae', data: 'faces/', out: 'runs/mae', steps: 3000, seed: 1, resume: true,
 * });
 * console.log(summary.stopped, summary.model); // 'completed' 'runs/mae/model/model.json'
 * ```
 */
export async function runTrainEncoder(options: TrainEncoderOptions): Promise<TrainEncoderSummary> {
  assertEncoderOptions(options);
  const log = options.log ?? (() => {});
  const defaults = DEFAULTS[options.stage];
  const steps = options.steps ?? defaults.steps;
  const batchSize = options.batch ?? defaults.batch;
  const seed = options.seed ?? 0;
  assertDataFlags(options);
  const backend = await initBackend(options.backend ? { prefer: options.backend } : {});
  log(`backend: ${backend.name}`);
  const { config, grow, augment } = await encoderRunSetup(options, log);
  const data = await encoderTrainingData(options, {
    imageSize: config.imageSize,
    alignment: config.alignment,
    batchSize,
    seed,
    log,
  });
  log(`data: ${data.description}`);
  const report = progressReporter(options.onProgress);
  const common = {
    maxSteps: steps,
    seed,
    outDir: options.out,
    resume: options.resume,
    checkpointEveryMinutes: options.checkpointMinutes,
    checkpointEverySteps: options.checkpointSteps,
    signal: options.signal,
    metadata: { data: data.description, batchSize },
  };
  if (data.stage === 'head-fit') {
    if (options.init === undefined) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        '--stage head-fit needs --init: it fits the head of a trained encoder',
        { subject: '--init' },
      );
    }
    const fitted = await runHeadFit({
      init: options.init,
      data: data.batches,
      samples: steps * batchSize,
      outDir: options.out,
      seed,
      ...(augment !== undefined ? { augment } : {}),
      signal: options.signal,
      metadata: { data: data.description, batchSize },
      onProgress: report,
    });
    return {
      stage: options.stage,
      stopped: fitted.stopped,
      step: Math.ceil(fitted.samples / batchSize),
      startStep: 0,
      steps,
      lastLoss: undefined,
      seconds: fitted.seconds,
      backend: backend.name,
      checkpoint: fitted.model ?? 'none (a head fit starts over)',
      log: fitted.log,
      model: fitted.model,
      resumeCommand: resumeCommand(options).replace(/ --resume$/, ''),
      ...(fitted.fit === undefined ? {} : { fit: fitted.fit }),
    };
  }
  let run: RunResult;
  if (data.stage === 'mae') {
    run = await runMaePretraining({
      ...common,
      data: data.batches,
      preset: config,
      mae: options.mae,
      ...(options.lr !== undefined ? { optimizer: { learningRate: options.lr } } : {}),
      onProgress: (e) => report(barMetrics(e, 'img/s')),
    });
  } else if (data.stage === 'eye-reader') {
    if (options.init === undefined) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        '--stage eye-reader needs --init: it adds an eye reader to a trained encoder',
        { subject: '--init' },
      );
    }
    run = await runEyeReaderTraining({
      ...common,
      data: data.batches,
      targetStats: data.targetStats,
      init: options.init,
      width: options.eyeReader,
      ...(augment !== undefined ? { augment } : {}),
      ...(options.lr !== undefined ? { optimizer: { learningRate: options.lr } } : {}),
      onProgress: (e) => report(barMetrics(e, 'img/s')),
    });
  } else if (data.stage === 'expression') {
    run = await runExpressionRegression({
      ...common,
      data: data.batches,
      targetSize: ARKIT_BLENDSHAPE_NAMES.length,
      targetStats: data.targetStats,
      positionalPool: options.positionalPool,
      eyeBranch: options.eyeBranch,
      alignment: options.alignment,
      ...(grow !== undefined ? { grow } : {}),
      ...(augment !== undefined ? { augment } : {}),
      ...(options.targetWeights === 'perceptual' ? { targetWeights: data.perceptualWeights } : {}),
      preset: config,
      init: options.init,
      ...(options.lr !== undefined ? { optimizer: { learningRate: options.lr } } : {}),
      onProgress: (e) => report(barMetrics(e, 'img/s')),
    });
  } else {
    run = await runTripletFineTuning({
      ...common,
      data: data.batches,
      preset: config,
      init: options.init,
      trainable: options.train,
      ...(options.lr !== undefined ? { optimizer: { learningRate: options.lr } } : {}),
      onProgress: (e) => report(barMetrics(e, 'triplets/s')),
    });
  }
  const { result } = run;
  return {
    stage: options.stage,
    stopped: result.stopped,
    step: result.step,
    startStep: result.startStep,
    steps,
    lastLoss: result.last?.loss,
    seconds: result.seconds,
    backend: backend.name,
    checkpoint: run.checkpoint,
    log: join(options.out, 'log.jsonl'),
    model: run.model,
    resumeCommand: resumeCommand(options),
  };
}
