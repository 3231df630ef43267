import { Option, type Command } from 'commander';
import type { BackendName, ProgressCallback, ProgressEvent } from '@freeavatar/core';
import type { TrainResult } from '@freeavatar/expression-encoder';
import { createProgressBar } from '../terminal/progress-bar.js';
import { interruptOnSigint } from '../terminal/interrupt.js';
import { integerArg, positiveArg } from './option-parsers.js';

/**
 * The flags every training command shares.
 *
 * @example
 * ```ts
 * const flags: CommonTrainFlags = { seed: 1, resume: false, backend: 'wasm' };
 * ```
 */
export interface CommonTrainFlags {
  seed: number;
  resume: boolean;
  checkpointMinutes?: number;
  backend?: BackendName;
}

/**
 * Adds the flags every training command shares: `--seed`, `--resume`, `--checkpoint-minutes`
 * and `--backend`.
 *
 * @example
 * ```ts
 * addCommonTrainFlags(new Command('animator').requiredOption('--out <dir>', 'run folder'));
 * ```
 */
export function addCommonTrainFlags(command: Command): Command {
  return command
    .option('--seed <k>', 'seed of the run', integerArg('--seed', 0, 2 ** 31 - 1), 0)
    .option('--resume', 'continue from the checkpoint in --out', false)
    .option(
      '--checkpoint-minutes <m>',
      'minutes between checkpoints (default 5)',
      positiveArg('--checkpoint-minutes'),
    )
    .addOption(
      new Option('--backend <name>', 'tfjs backend to prefer').choices([
        'webgpu',
        'tensorflow',
        'wasm',
        'cpu',
      ]),
    );
}

/**
 * Quotes one shell argument when it needs it.
 *
 * @example
 * ```ts
 * shellQuote('runs/a b'); // "'runs/a b'"
 * ```
 */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * How a training run ended and where its files are: what every `train` command returns.
 *
 * @example
 * ```ts
 * const run: RunSummary = await runTrainRenderer(options);
 * if (run.stopped !== 'completed') console.log(`resume with: ${run.resumeCommand}`);
 * ```
 */
export interface RunSummary {
  /** How the run ended: `completed`, `aborted` (signal) or `exhausted` (data ran out). */
  readonly stopped: TrainResult['stopped'];
  /** Steps done in total, and the step this session started from. */
  readonly step: number;
  readonly startStep: number;
  readonly steps: number;
  readonly lastLoss: number | undefined;
  /** Training seconds in all (resumed sessions included). */
  readonly seconds: number;
  readonly backend: string;
  readonly log: string;
  readonly checkpoint: string;
  /** The trained model, when one was written. */
  readonly model: string | undefined;
  /** The same command with `--resume`, to continue a stopped run. */
  readonly resumeCommand: string;
}

/**
 * What a training command reports when it ends.
 *
 * @example
 * ```ts
 * const summary: TrainingSummary = { title: 'animator', stopped: 'completed', step: 10,
 *   startStep: 0, steps: 10, lastLoss: 0.1, seconds: 12, backend: 'wasm', log: 'runs/a/log.jsonl',
 *   checkpoint: 'runs/a/checkpoint/model.json', model: 'runs/a/animator/model.json', resumeCommand: '…' };
 * ```
 */
export interface TrainingSummary extends RunSummary {
  /** What was trained, first word of the report (`animator`, `robot renderer`...). */
  readonly title: string;
}

const STOPPED = {
  completed: 'completed',
  aborted: 'interrupted',
  exhausted: 'ran out of data',
} as const;

/**
 * The report lines of a finished training command: how it stopped, where the log, checkpoint
 * and model are, any `extra` lines, and how to resume when it did not complete.
 *
 * @example
 * ```ts
 * for (const line of trainingReport(summary)) console.log(line);
 * ```
 */
export function trainingReport(summary: TrainingSummary, extra: readonly string[] = []): string[] {
  const loss = summary.lastLoss === undefined ? '' : `, last loss ${summary.lastLoss.toFixed(4)}`;
  const lines = [
    `${summary.title}: ${STOPPED[summary.stopped]} at step ${summary.step}/${summary.steps}${loss}, ` +
      `${summary.seconds.toFixed(1)} s of training on ${summary.backend}`,
    `log: ${summary.log}`,
    `checkpoint: ${summary.checkpoint}`,
  ];
  if (summary.model !== undefined) lines.push(`model: ${summary.model}`);
  lines.push(...extra);
  if (summary.stopped !== 'completed') lines.push(`resume with: ${summary.resumeCommand}`);
  return lines;
}

/**
 * The progress-bar figures of a training step: loss, samples per second (labelled `unit`) and
 * learning rate.
 *
 * @example
 * ```ts
 * onProgress: (e) => bar.onProgress(barMetrics(e, 'img/s'));
 * ```
 */
export function barMetrics(event: ProgressEvent, unit: string): ProgressEvent {
  const m = event.metrics;
  if (m === undefined) return event;
  return { ...event, metrics: { loss: m.loss, [unit]: m.samplesPerSecond, lr: m.learningRate } };
}

/**
 * Runs a training command's work with a progress bar and Ctrl-C handling, then prints its
 * report: the first Ctrl-C stops the run after its current step with a checkpoint and prints
 * how to resume (exit code 130, so `train … && next` stops too); a second one exits at once.
 *
 * @example
 * ```ts
 * .action((flags) => runTrainingCommand(out, (io) => runTrainAnimator({ ...flags, ...io }), (s) => s.extra));
 * ```
 */
export async function runTrainingCommand<S extends TrainingSummary>(
  out: (line: string) => void,
  run: (io: {
    signal: AbortSignal;
    onProgress: ProgressCallback;
    log: (line: string) => void;
  }) => Promise<S>,
  extra: (summary: S) => readonly string[] = () => [],
): Promise<S> {
  const bar = createProgressBar();
  const interrupt = interruptOnSigint({
    onFirst: () =>
      process.stderr.write(
        '\nstopping after this step, with a checkpoint (Ctrl-C again to quit now)\n',
      ),
  });
  try {
    const summary = await run({ signal: interrupt.signal, onProgress: bar.onProgress, log: out });
    bar.stop();
    for (const line of trainingReport(summary, extra(summary))) out(line);
    if (summary.stopped === 'aborted') process.exitCode = 130;
    return summary;
  } finally {
    interrupt.dispose();
    bar.stop();
  }
}
