import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  FreeAvatarError,
  assertNonEmptyString,
  assertObject,
  initBackend,
  progressReporter,
  type BackendName,
  type ProgressCallback,
} from '@freeavatar/core';
import { psnr, trainNeuralRenderer } from '@freeavatar/animator';
import { AVATAR_IDS, createAvatarPairStream, type AvatarId } from '@freeavatar/synth';
import { integerArg, positiveArg } from './option-parsers.js';
import {
  addCommonTrainFlags,
  barMetrics,
  runTrainingCommand,
  shellQuote,
  type CommonTrainFlags,
  type RunSummary,
} from './train-command.js';

const DEFAULTS = { steps: 2000, batch: 16, size: 64, width: 128, lr: 2e-3 } as const;
/** Image sides the generator can make: 4 × a power of two. */
const SIZES = [8, 16, 32, 64, 128, 256] as const;
/** Held-out rigs come from this offset added to the run's seed, so none was seen in training. */
const HELD_OUT_SEED_OFFSET = 1000;

/**
 * Options of {@link runTrainRenderer}.
 *
 * @example
 * ```ts
 * const options: TrainRendererOptions = { avatar: 'robot', out: 'runs/robot', steps: 2000 };
 * ```
 */
export interface TrainRendererOptions {
  /** Which avatar's renderer to train: one of `AVATAR_IDS` (`human`, `toon`, `robot`). */
  readonly avatar: string;
  /** Run folder: `checkpoint/`, `log.jsonl` and `renderer/model.json`. */
  readonly out: string;
  /** Total optimizer steps (default 2000). */
  readonly steps?: number;
  /** Renders per step (default 16). */
  readonly batch?: number;
  /** Image side in pixels: 8, 16, 32, 64, 128 or 256 (default 64). */
  readonly size?: number;
  /** Channels of the generator's 4×4 seed map (default 128). */
  readonly width?: number;
  /** Seeds weights and training expressions (default 0). */
  readonly seed?: number;
  /** Peak learning rate (default 0.002). */
  readonly lr?: number;
  /** Pre-render this many pairs once and train epochs over them (default 0: render every step). */
  readonly pool?: number;
  /** Continue from `out/checkpoint` when present. */
  readonly resume?: boolean;
  /** Minutes between checkpoints (default 5). */
  readonly checkpointMinutes?: number;
  /** Backend preference, e.g. `'wasm'` (default: the best available). */
  readonly backend?: BackendName;
  /** Held-out rigs scored for PSNR at the end (default 32; 0 skips it). */
  readonly heldOut?: number;
  /** Stops the run after the current step, with a checkpoint. */
  readonly signal?: AbortSignal;
  /** Progress: steps with `loss` and renders per second. */
  readonly onProgress?: ProgressCallback;
  /** Receives human-readable status lines. */
  readonly log?: (line: string) => void;
}

/**
 * What {@link runTrainRenderer} did.
 *
 * @example
 * ```ts
 * declare const options: TrainRendererOptions;
 * const summary: TrainRendererSummary = await runTrainRenderer(options);
 * if (summary.stopped !== 'completed') console.log(`resume with: ${summary.resumeCommand}`);
 * ```
 */
export interface TrainRendererSummary extends RunSummary {
  readonly avatar: AvatarId;
  /** Mean PSNR (dB) on held-out rigs, when the run completed and `heldOut` > 0. */
  readonly heldOutPsnr: number | undefined;
}

function assertAvatar(avatar: string): asserts avatar is AvatarId {
  if (!(AVATAR_IDS as readonly string[]).includes(avatar)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `unknown avatar ${JSON.stringify(avatar)}; expected one of ${AVATAR_IDS.join(', ')}`,
    );
  }
}

/** Checks what every run needs: an options object with a known `avatar` and an `out` folder. */
function assertRendererOptions(
  options: TrainRendererOptions,
): asserts options is TrainRendererOptions & { avatar: AvatarId } {
  assertObject(options, 'options');
  assertNonEmptyString(options.avatar, 'options.avatar');
  assertAvatar(options.avatar);
  assertNonEmptyString(options.out, 'options.out');
}

function assertInteger(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${name} must be an integer in ${min}..${max}, got ${value}`,
    );
  }
}

function assertSize(size: number | undefined): void {
  if (size !== undefined && !(SIZES as readonly number[]).includes(size)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `size must be one of ${SIZES.join(', ')}, got ${size}`,
    );
  }
}

/**
 * The `freeavatar train renderer` command line that continues a run with `--resume`: every flag
 * that shapes the run, with defaults filled in.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, or its `avatar` or
 *   `out` is missing or unknown.
 * @example
 * ```ts
 * rendererResumeCommand({ avatar: 'robot', out: 'runs/robot' });
 * // 'freeavatar train renderer --avatar robot --out runs/robot --steps 2000 --batch 16 --size 64 --width 128 --seed 0 --lr 0.002 --resume'
 * ```
 */
export function rendererResumeCommand(options: TrainRendererOptions): string {
  assertRendererOptions(options);
  const args = [
    'freeavatar',
    'train',
    'renderer',
    '--avatar',
    options.avatar,
    '--out',
    options.out,
  ];
  args.push('--steps', `${options.steps ?? DEFAULTS.steps}`);
  args.push('--batch', `${options.batch ?? DEFAULTS.batch}`);
  args.push('--size', `${options.size ?? DEFAULTS.size}`);
  args.push('--width', `${options.width ?? DEFAULTS.width}`);
  args.push('--seed', `${options.seed ?? 0}`);
  args.push('--lr', `${options.lr ?? DEFAULTS.lr}`);
  if (options.pool !== undefined && options.pool > 0) args.push('--pool', `${options.pool}`);
  if (options.checkpointMinutes !== undefined)
    args.push('--checkpoint-minutes', `${options.checkpointMinutes}`);
  if (options.backend !== undefined) args.push('--backend', options.backend);
  args.push('--resume');
  return args.map(shellQuote).join(' ');
}

/**
 * `freeavatar train renderer`: trains one avatar's neural renderer (rig vector → image) with
 * `trainNeuralRenderer` from `@freeavatar/animator`. Writes a JSONL log, checkpoints and
 * `renderer/model.json` to `out`, resumes with `resume`, is deterministic for a seed, stops
 * cleanly (with a checkpoint) when `signal` aborts, and when the run completes scores mean PSNR
 * on held-out rigs (another seed's expressions).
 *
 * @throws FreeAvatarError for options that are not an object, a missing `out`, an unknown
 *   avatar, numbers out of range, or a checkpoint that does not match the run.
 * @example
 * ```ts
 * const summary = await runTrainRenderer({ avatar: 'robot', out: 'runs/robot', seed: 1 });
 * console.log(summary.model, summary.heldOutPsnr); // 'runs/robot/renderer/model.json' 24.1
 * ```
 */
export async function runTrainRenderer(
  options: TrainRendererOptions,
): Promise<TrainRendererSummary> {
  assertRendererOptions(options);
  const log = options.log ?? (() => {});
  const { avatar } = options;
  assertInteger('steps', options.steps, 1, 1e8);
  assertInteger('batch', options.batch, 1, 1024);
  assertInteger('width', options.width, 8, 1024);
  assertInteger('seed', options.seed, 0, 2 ** 31 - 1);
  assertInteger('heldOut', options.heldOut, 0, 4096);
  assertInteger('pool', options.pool, 0, 1e6);
  if (options.lr !== undefined && !(Number.isFinite(options.lr) && options.lr > 0)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `lr must be a positive number, got ${options.lr}`,
    );
  }
  assertSize(options.size);
  const steps = options.steps ?? DEFAULTS.steps;
  const seed = options.seed ?? 0;
  const size = options.size ?? DEFAULTS.size;
  const backend = await initBackend(options.backend ? { prefer: options.backend } : {});
  log(`backend: ${backend.name}`);
  const report = progressReporter(options.onProgress);
  const { renderer, result, model } = await trainNeuralRenderer({
    avatar,
    steps,
    batchSize: options.batch ?? DEFAULTS.batch,
    imageSize: size,
    width: options.width ?? DEFAULTS.width,
    seed,
    learningRate: options.lr ?? DEFAULTS.lr,
    pool: options.pool !== undefined && options.pool > 0 ? options.pool : undefined,
    outDir: options.out,
    resume: options.resume,
    checkpointEveryMinutes: options.checkpointMinutes,
    signal: options.signal,
    onProgress: (e) => report(barMetrics(e, 'img/s')),
  });
  let heldOutPsnr: number | undefined;
  try {
    const count = options.heldOut ?? 32;
    if (result.stopped === 'completed' && count > 0) {
      const stream = createAvatarPairStream({ avatar, size, seed: seed + HELD_OUT_SEED_OFFSET });
      const pairs = Array.from({ length: count }, (_, i) => stream.pairAt(i));
      const rendered = renderer.renderImages(pairs.map((p) => p.rig));
      heldOutPsnr = pairs.reduce((sum, p, i) => sum + psnr(p.image, rendered[i]), 0) / count;
    }
  } finally {
    renderer.dispose();
  }
  return {
    avatar,
    stopped: result.stopped,
    step: result.step,
    startStep: result.startStep,
    steps,
    lastLoss: result.last?.loss,
    seconds: result.seconds,
    backend: backend.name,
    checkpoint: result.checkpoint ?? join(options.out, 'checkpoint', 'model.json'),
    log: join(options.out, 'log.jsonl'),
    model,
    heldOutPsnr,
    resumeCommand: rendererResumeCommand(options),
  };
}

function sizeArg(value: string): number {
  const n = Number(value);
  if (!(SIZES as readonly number[]).includes(n)) {
    throw new InvalidArgumentError(`--size must be one of ${SIZES.join(', ')}, got ${value}`);
  }
  return n;
}

function avatarArg(value: string): string {
  if (!(AVATAR_IDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `unknown avatar ${value}; expected one of ${AVATAR_IDS.join(', ')}`,
    );
  }
  return value;
}

interface TrainRendererFlags extends CommonTrainFlags {
  avatar: string;
  out: string;
  steps?: number;
  batch?: number;
  size?: number;
  width?: number;
  lr?: number;
  pool?: number;
}

/**
 * The `train renderer` subcommand; `out` receives the summary lines. The first Ctrl-C stops the
 * run after its current step with a checkpoint, prints how to resume and sets exit code 130; a
 * second one exits at once.
 *
 * @example
 * ```ts
 * program.command('train').addCommand(trainRendererCommand(console.log));
 * ```
 */
export function trainRendererCommand(out: (line: string) => void): Command {
  const command = new Command('renderer')
    .description("Train an avatar's neural renderer (rig vector → image) on its own renders")
    .requiredOption(`--avatar <id>`, `avatar: ${AVATAR_IDS.join(', ')}`, avatarArg)
    .requiredOption('--out <dir>', 'run folder: checkpoint/, log.jsonl, renderer/model.json')
    .option('--steps <n>', 'total steps (default 2000)', integerArg('--steps', 1, 1e8))
    .option('--batch <n>', 'renders per step (default 16)', integerArg('--batch', 1, 1024))
    .option('--size <px>', `image side: ${SIZES.join(', ')} (default 64)`, sizeArg)
    .option(
      '--width <n>',
      'generator seed-map channels (default 128)',
      integerArg('--width', 8, 1024),
    )
    .option('--lr <x>', 'peak learning rate (default 0.002)', positiveArg('--lr'))
    .option(
      '--pool <n>',
      'pre-render n pairs once and train epochs over them (default 0: render every step)',
      integerArg('--pool', 0, 1e6),
    );

  return addCommonTrainFlags(command).action(async (flags: TrainRendererFlags) => {
    await runTrainingCommand(
      out,
      async (io) => {
        const summary = await runTrainRenderer({ ...flags, ...io });
        return { ...summary, title: `${summary.avatar} renderer` };
      },
      (s) => (s.heldOutPsnr === undefined ? [] : [`held-out PSNR: ${s.heldOutPsnr.toFixed(2)} dB`]),
    );
  });
}
