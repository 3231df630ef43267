import * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertObject,
  createRng,
  progressReporter,
  type ProgressCallback,
  type Rng,
  nodeIo,
} from '@freeavatar/core';
import { loadCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { ParamOptimizer } from './optimizer.js';
import type { Params } from './params.js';

/** What a step function gets besides its batch. */
export interface StepContext {
  /** The 0-based index of this step in the whole run (resumes included). */
  readonly step: number;
  /** This step's generator: `createRng(seed).fork(step)`, the same on every resume. */
  readonly rng: Rng;
}

/** What a step reports: the loss, and any other figures to log. */
export interface StepMetrics {
  readonly loss: number;
  readonly [name: string]: number;
}

/** One training step on a batch: computes the loss and updates the parameters. */
export type StepFunction<B> = (batch: B, context: StepContext) => Promise<StepMetrics>;

/**
 * Where batches come from: an async iterable, or a function that starts one at a given step
 * (so a resumed run can seek instead of replaying). A plain iterable is fast-forwarded on resume
 * by skipping the batches of the steps already done.
 */
export type BatchSource<B> = AsyncIterable<B> | ((startStep: number) => AsyncIterable<B>);

/** Options of {@link train}. */
export interface TrainOptions<B> {
  /** Names the job in progress events and logs, e.g. `'train:mae'`. */
  task: string;
  /** The variables to checkpoint and restore (all of them, trained or frozen). */
  params: Params;
  optimizer: ParamOptimizer;
  step: StepFunction<B>;
  data: BatchSource<B>;
  /** Steps in the whole run (a resumed run stops at the same total). */
  maxSteps: number;
  /** Seeds every step's generator. */
  seed: number;
  /** Samples in a batch, for throughput (default 1 per batch). */
  samples?: (batch: B) => number;
  /** Frees a batch after its step (default: disposes every tensor found in it). */
  disposeBatch?: (batch: B) => void;
  /** Learning rate for each step (default: the optimizer's, unchanged). */
  learningRate?: (step: number) => number;
  /**
   * Folder for `checkpoint/model.json` and `log.jsonl` (Node). Without it nothing is written
   * and `resume` is ignored.
   */
  outDir?: string;
  /** Save a checkpoint every this many steps (default: only by time and at the end). */
  checkpointEverySteps?: number;
  /** Save a checkpoint when this many minutes passed since the last one (default 5). */
  checkpointEveryMinutes?: number;
  /** Continue from `outDir`'s checkpoint when there is one (default false). */
  resume?: boolean;
  /** Stops the run cleanly after the current step, with a checkpoint. */
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Stored in every checkpoint (configs, stage, data description). */
  metadata?: Record<string, unknown>;
}

/** How a {@link train} run ended. */
export interface TrainResult {
  /** Steps completed in total (resumes included). */
  readonly step: number;
  /** The step this session started from (0, or the resumed checkpoint's). */
  readonly startStep: number;
  /** `completed` (reached maxSteps), `aborted` (signal) or `exhausted` (data ran out). */
  readonly stopped: 'completed' | 'aborted' | 'exhausted';
  /** The last step's metrics, if any step ran. */
  readonly last?: StepMetrics;
  /** The checkpoint written last, if any. */
  readonly checkpoint?: string;
  /** Training seconds in all (resumes included). */
  readonly seconds: number;
}

function disposeTensors(value: unknown, depth = 0): void {
  if (value instanceof tf.Tensor) value.dispose();
  else if (depth < 3 && Array.isArray(value)) value.forEach((v) => disposeTensors(v, depth + 1));
  else if (depth < 3 && value !== null && typeof value === 'object') {
    Object.values(value).forEach((v) => disposeTensors(v, depth + 1));
  }
}

async function exists(fs: typeof import('node:fs/promises'), file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** Keeps the log rows up to `step`, so a resumed run does not log steps twice. */
async function trimLog(
  fs: typeof import('node:fs/promises'),
  file: string,
  step: number,
): Promise<void> {
  if (!(await exists(fs, file))) return;
  const rows = (await fs.readFile(file, 'utf8')).split('\n').filter((line) => {
    if (line.trim() === '') return false;
    try {
      const row = JSON.parse(line) as { step?: number };
      return typeof row.step !== 'number' || row.step <= step;
    } catch {
      return false;
    }
  });
  await fs.writeFile(file, rows.map((r) => `${r}\n`).join(''));
}

/**
 * A generic training loop: pulls batches, runs `step` on each with a per-step seeded generator,
 * reports progress (loss, samples per second), appends one JSON line per step to
 * `outDir/log.jsonl`, checkpoints parameters + optimizer slots + run state every few minutes or
 * steps and at the end, resumes from a checkpoint, and stops cleanly (with a checkpoint) when
 * `signal` aborts. A run split by aborts and resumes ends with the same weights as an
 * uninterrupted one, as long as the batch source and the step are deterministic functions of
 * the step index and seed.
 *
 * @example
 * ```ts
 * const mae = MaskedAutoencoder.create('tiny', {}, 1);
 * const optimizer = createAdamW();
 * const imageBatches = imageFolderBatches(await listImageFiles('faces/'), { imageSize: 64 });
 * const controller = new AbortController();
 * process.on('SIGINT', () => controller.abort());
 * const result = await train({
 *   task: 'train:mae', params: mae.params, optimizer, seed: 1, maxSteps: 5000,
 *   data: (start) => imageBatches(start), samples: (b) => b.shape[0],
 *   step: maeTrainingStep(mae, optimizer),
 *   outDir: 'runs/mae', resume: true, signal: controller.signal, onProgress: console.log,
 * });
 * ```
 */
export async function train<B>(options: TrainOptions<B>): Promise<TrainResult> {
  assertObject(options, 'options');
  const { params, optimizer, maxSteps, seed } = options;
  assertArgument(
    Number.isInteger(maxSteps) && maxSteps >= 0,
    `maxSteps must be an integer ≥ 0, got ${maxSteps}`,
  );
  assertArgument(Number.isFinite(seed), `seed must be a finite number, got ${seed}`);
  const everySteps = options.checkpointEverySteps;
  assertArgument(
    everySteps === undefined || (Number.isInteger(everySteps) && everySteps > 0),
    `checkpointEverySteps must be a positive integer, got ${everySteps}`,
  );
  const everyMs = (options.checkpointEveryMinutes ?? 5) * 60_000;
  assertArgument(
    everyMs > 0,
    `checkpointEveryMinutes must be > 0, got ${options.checkpointEveryMinutes}`,
  );
  const report = progressReporter(options.onProgress);
  const samplesOf = options.samples ?? (() => 1);
  const disposeBatch = options.disposeBatch ?? ((b: B) => disposeTensors(b));
  const baseRng = createRng(seed);

  let checkpointPath: string | undefined;
  let logPath: string | undefined;
  let fs: typeof import('node:fs/promises') | undefined;
  let step = 0;
  let samples = 0;
  let seconds = 0;
  if (options.outDir !== undefined) {
    const mods = await nodeIo();
    fs = mods.fs;
    await fs.mkdir(options.outDir, { recursive: true });
    checkpointPath = mods.path.join(options.outDir, 'checkpoint', 'model.json');
    logPath = mods.path.join(options.outDir, 'log.jsonl');
    if (options.resume && (await exists(fs, checkpointPath))) {
      const loaded = await loadCheckpoint(checkpointPath);
      assertArgument(
        loaded.state.seed === seed,
        `the checkpoint in ${options.outDir} was trained with seed ${loaded.state.seed}, not ${seed}`,
      );
      restoreCheckpoint(loaded, params, optimizer);
      step = loaded.state.step;
      samples = loaded.state.samples;
      seconds = loaded.state.seconds;
      await trimLog(fs, logPath, step);
      report({
        task: options.task,
        done: step,
        total: maxSteps,
        unit: 'steps',
        message: `resumed from step ${step}`,
      });
    } else if (!options.resume) {
      await fs.rm(logPath, { force: true });
    }
  }
  const startStep = step;

  const save = async (): Promise<void> => {
    if (checkpointPath === undefined) return;
    await saveCheckpoint(checkpointPath, params, optimizer, {
      step,
      seed,
      samples,
      seconds,
      extra: { task: options.task, ...(options.metadata ?? {}) },
    });
  };

  const source = typeof options.data === 'function' ? options.data(startStep) : options.data;
  const iterator = source[Symbol.asyncIterator]();
  let skip = typeof options.data === 'function' ? 0 : startStep;
  let stopped: TrainResult['stopped'] = 'completed';
  let last: StepMetrics | undefined;
  let lastSave = Date.now();
  let savedStep = startStep;
  try {
    while (step < maxSteps) {
      if (options.signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      const next = await iterator.next();
      if (next.done) {
        stopped = 'exhausted';
        break;
      }
      if (skip > 0) {
        skip--;
        disposeBatch(next.value);
        continue;
      }
      const batch = next.value;
      const started = performance.now();
      try {
        if (options.learningRate) optimizer.learningRate = options.learningRate(step);
        last = await options.step(batch, { step, rng: baseRng.fork(step) });
      } finally {
        disposeBatch(batch);
      }
      const elapsed = (performance.now() - started) / 1000;
      const n = samplesOf(batch);
      step += 1;
      samples += n;
      seconds += elapsed;
      const samplesPerSecond = n / Math.max(elapsed, 1e-9);
      report({
        task: options.task,
        done: step,
        total: maxSteps,
        unit: 'steps',
        metrics: { ...last, samplesPerSecond, learningRate: optimizer.learningRate },
      });
      if (logPath !== undefined && fs !== undefined) {
        const row = {
          step,
          ...last,
          learningRate: optimizer.learningRate,
          samples,
          samplesPerSecond,
          seconds,
          time: new Date().toISOString(),
        };
        await fs.appendFile(logPath, `${JSON.stringify(row)}\n`);
      }
      const dueBySteps = everySteps !== undefined && step % everySteps === 0;
      if (dueBySteps || Date.now() - lastSave >= everyMs) {
        await save();
        lastSave = Date.now();
        savedStep = step;
      }
    }
  } finally {
    await iterator.return?.();
  }
  if (checkpointPath !== undefined && (savedStep !== step || step === startStep)) await save();
  return { step, startStep, stopped, last, checkpoint: checkpointPath, seconds };
}
