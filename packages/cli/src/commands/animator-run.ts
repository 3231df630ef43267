import { join } from 'node:path';
import {
  FreeAvatarError,
  progressReporter,
  type BackendName,
  type ProgressCallback,
} from '@freeavatar/core';
import {
  ANIMATOR_LEARNING_RATE,
  type TrainAnimatorOptions,
  type TrainAnimatorResult,
} from '@freeavatar/animator';
import { barMetrics, shellQuote, type TrainingSummary } from './train-command.js';

/**
 * The run flags `train animator` and `add-avatar` share.
 *
 * @example
 * ```ts
 * const flags: AnimatorRunFlags = { steps: 500, batch: 8, seed: 1, resume: true };
 * ```
 */
export interface AnimatorRunFlags {
  /** Total steps (default 2000 for `train animator`, 500 for `add-avatar`). */
  readonly steps?: number;
  /** Actors per avatar per step (default 16). */
  readonly batch?: number;
  /** Seeds the trained weights, the data and dropout (default 0). */
  readonly seed?: number;
  /** Peak learning rate (default the animator's, 1e-3). */
  readonly lr?: number;
  readonly resume?: boolean;
  readonly checkpointMinutes?: number;
  readonly backend?: BackendName;
  /** Resting faces whose mean feature becomes the network's neutral feature (default 64). */
  readonly neutralCount?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressCallback;
  readonly log?: (line: string) => void;
}

/** The defaults of one animator command: steps, actors per step and resting faces. */
export interface AnimatorRunDefaults {
  readonly steps: number;
  readonly batch: number;
  readonly neutral: number;
}

/**
 * Throws unless `value` is undefined or an integer in `min..max`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming `name` and the value.
 * @example
 * ```ts
 * assertIntegerOption('width', 512, 1, 8192);
 * ```
 */
export function assertIntegerOption(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${name} must be an integer in ${min}..${max}, got ${value}`,
    );
  }
}

/**
 * Checks the numeric options shared by `train animator` and `add-avatar`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the bad value.
 * @example
 * ```ts
 * checkAnimatorNumbers({ steps: 100, batch: 16, seed: 1 });
 * ```
 */
export function checkAnimatorNumbers(options: {
  steps?: number;
  batch?: number;
  seed?: number;
  lr?: number;
}): void {
  assertIntegerOption('steps', options.steps, 1, 1e8);
  assertIntegerOption('batch', options.batch, 1, 1024);
  assertIntegerOption('seed', options.seed, 0, 2 ** 31 - 1);
  if (options.lr !== undefined && !(Number.isFinite(options.lr) && options.lr > 0)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `lr must be a positive number, got ${options.lr}`,
    );
  }
}

/**
 * The resume command line of an animator run: `head` (the command and its own flags), then
 * the shared run flags with their defaults filled in, then `--resume`, shell-quoted.
 *
 * @example
 * ```ts
 * animatorResumeLine(['freeavatar', 'train', 'animator'], { seed: 2 }, { steps: 2000, batch: 16, neutral: 64 });
 * // 'freeavatar train animator --steps 2000 --batch 16 --seed 2 --resume'
 * ```
 */
export function animatorResumeLine(
  head: readonly string[],
  options: AnimatorRunFlags,
  defaults: AnimatorRunDefaults,
  extra: readonly string[] = [],
): string {
  const args = [...head];
  args.push('--steps', `${options.steps ?? defaults.steps}`);
  args.push('--batch', `${options.batch ?? defaults.batch}`);
  args.push('--seed', `${options.seed ?? 0}`);
  if (options.lr !== undefined) args.push('--lr', `${options.lr}`);
  args.push(...extra);
  if (options.checkpointMinutes !== undefined)
    args.push('--checkpoint-minutes', `${options.checkpointMinutes}`);
  if (options.backend !== undefined) args.push('--backend', options.backend);
  args.push('--resume');
  return args.map(shellQuote).join(' ');
}

/**
 * The `trainAnimator` options that follow from the shared run flags: steps, seed, learning
 * rate, run folder, resume, checkpoints, abort signal and a progress bar in actors per second.
 *
 * @example
 * ```ts
 * await trainAnimator({ encoder, renderers, data, ...animatorSchedule(options, 'runs/a', defaults) });
 * ```
 */
export function animatorSchedule(
  options: AnimatorRunFlags,
  outDir: string,
  defaults: AnimatorRunDefaults,
): Pick<
  TrainAnimatorOptions,
  | 'steps'
  | 'seed'
  | 'learningRate'
  | 'outDir'
  | 'resume'
  | 'checkpointEveryMinutes'
  | 'signal'
  | 'onProgress'
> {
  const report = progressReporter(options.onProgress);
  return {
    steps: options.steps ?? defaults.steps,
    seed: options.seed ?? 0,
    learningRate: options.lr ?? ANIMATOR_LEARNING_RATE,
    outDir,
    resume: options.resume,
    checkpointEveryMinutes: options.checkpointMinutes,
    signal: options.signal,
    onProgress: (e) => report(barMetrics(e, 'actors/s')),
  };
}

/**
 * What an animator command did, for the report: how the run stopped, where its log, checkpoint
 * and model are, the avatars the saved network drives, and how to resume it.
 *
 * @example
 * ```ts
 * return animatorRunSummary(trained, { title: 'animator', avatars, steps, backend: 'wasm', outDir, resumeCommand });
 * ```
 */
export function animatorRunSummary(
  trained: TrainAnimatorResult,
  run: {
    title: string;
    avatars: readonly string[];
    steps: number;
    backend: string;
    outDir: string;
    resumeCommand: string;
  },
): TrainingSummary & { readonly avatars: readonly string[] } {
  return {
    title: run.title,
    avatars: run.avatars,
    stopped: trained.result.stopped,
    step: trained.result.step,
    startStep: trained.result.startStep,
    steps: run.steps,
    lastLoss: trained.result.last?.loss,
    seconds: trained.result.seconds,
    backend: run.backend,
    log: join(run.outDir, 'log.jsonl'),
    checkpoint: trained.result.checkpoint ?? join(run.outDir, 'checkpoint', 'model.json'),
    model: trained.model,
    resumeCommand: run.resumeCommand,
  };
}
