import {
  FreeAvatarError,
  assertArgument,
  assertNonEmptyString,
  assertObject,
  describeValue,
  loadWeightMap,
  saveWeightMap,
  type WeightMap,
} from '@freeavatar/core';
import type { ParamOptimizer } from './optimizer.js';
import { assignParams, type Params } from './params.js';

/** What a training checkpoint records besides the weights. */
export interface CheckpointState {
  /** Steps completed. */
  readonly step: number;
  /** The run's seed; step `s` draws from `createRng(seed).fork(s)`. */
  readonly seed: number;
  /** Samples seen so far. */
  readonly samples: number;
  /** Training seconds so far (summed over resumed sessions). */
  readonly seconds: number;
  /** The optimizer's name and update count. */
  readonly optimizer: {
    readonly name: string;
    readonly iterations: number;
    readonly learningRate: number;
  };
  /** Anything else the caller stored (config, stage, …). */
  readonly extra: Record<string, unknown>;
}

const FORMAT = 'freeavatar-checkpoint';
const OPTIMIZER_PREFIX = 'optimizer/';

/** Checks the live side of a save or restore: the parameters and the optimizer. */
function checkParamsAndOptimizer(params: Params, optimizer: ParamOptimizer): void {
  assertObject(params, 'params');
  assertArgument(
    typeof (optimizer as Partial<ParamOptimizer> | null)?.state === 'function',
    `optimizer must be a ParamOptimizer, got ${describeValue(optimizer)}`,
  );
}

/**
 * Saves parameters, optimizer slots and run state to `path` (a `model.json`; weights go next
 * to it). Writes are atomic per file, the JSON last, so an interrupted save leaves the previous
 * checkpoint readable.
 *
 * @example
 * ```ts
 * declare const mae: MaskedAutoencoder;
 * declare const optimizer: ParamOptimizer;
 * const state = { step: 1000, seed: 1, samples: 64_000, seconds: 3600, extra: {} };
 * await saveCheckpoint('runs/mae/checkpoint/model.json', mae.params, optimizer, state);
 * ```
 */
export async function saveCheckpoint(
  path: string,
  params: Params,
  optimizer: ParamOptimizer,
  state: Omit<CheckpointState, 'optimizer'>,
): Promise<void> {
  assertNonEmptyString(path, 'path');
  checkParamsAndOptimizer(params, optimizer);
  assertObject(state, 'state');
  const weights: WeightMap = { ...params };
  for (const [name, slot] of Object.entries(optimizer.state())) {
    weights[`${OPTIMIZER_PREFIX}${name}`] = slot;
  }
  await saveWeightMap(weights, path, {
    format: FORMAT,
    step: state.step,
    seed: state.seed,
    samples: state.samples,
    seconds: state.seconds,
    optimizer: {
      name: optimizer.name,
      iterations: optimizer.iterations,
      learningRate: optimizer.learningRate,
    },
    extra: state.extra,
  });
}

/** A checkpoint read back: its weights (the caller owns them) and state. */
export interface LoadedCheckpoint {
  /** Model weights by parameter name (optimizer slots excluded). */
  readonly weights: WeightMap;
  /** Optimizer slots by slot name. */
  readonly optimizerState: WeightMap;
  readonly state: CheckpointState;
}

/**
 * Reads a checkpoint written by {@link saveCheckpoint}. The caller owns (and disposes) the
 * returned tensors.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when the file is missing or not a checkpoint.
 * @example
 * ```ts
 * const { weights, state } = await loadCheckpoint('runs/mae/checkpoint/model.json');
 * ```
 */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const { weights: all, metadata } = await loadWeightMap(path);
  const m = metadata as Partial<Record<keyof CheckpointState | 'format', unknown>>;
  if (m.format !== FORMAT || typeof m.step !== 'number' || typeof m.seed !== 'number') {
    Object.values(all).forEach((t) => t.dispose());
    throw new FreeAvatarError('MODEL_LOAD_FAILED', `${path} is not a training checkpoint`, {
      subject: path,
    });
  }
  const weights: WeightMap = {};
  const optimizerState: WeightMap = {};
  for (const [name, tensor] of Object.entries(all)) {
    if (name.startsWith(OPTIMIZER_PREFIX))
      optimizerState[name.slice(OPTIMIZER_PREFIX.length)] = tensor;
    else weights[name] = tensor;
  }
  const optimizer = (m.optimizer ?? {}) as CheckpointState['optimizer'];
  return {
    weights,
    optimizerState,
    state: {
      step: m.step,
      seed: m.seed,
      samples: typeof m.samples === 'number' ? m.samples : 0,
      seconds: typeof m.seconds === 'number' ? m.seconds : 0,
      optimizer: {
        name: String(optimizer.name ?? ''),
        iterations: Number(optimizer.iterations ?? m.step),
        learningRate: Number(optimizer.learningRate ?? NaN),
      },
      extra: (m.extra ?? {}) as Record<string, unknown>,
    },
  };
}

/**
 * Restores a loaded checkpoint into live parameters and optimizer (names and shapes must
 * match), then frees the checkpoint's tensors.
 *
 * @example
 * ```ts
 * declare const mae: MaskedAutoencoder;
 * declare const optimizer: ParamOptimizer;
 * const path = 'runs/mae/checkpoint/model.json';
 * restoreCheckpoint(await loadCheckpoint(path), mae.params, optimizer);
 * ```
 */
export function restoreCheckpoint(
  checkpoint: LoadedCheckpoint,
  params: Params,
  optimizer: ParamOptimizer,
): void {
  assertObject(checkpoint, 'checkpoint');
  assertObject(checkpoint.weights, 'checkpoint.weights');
  assertObject(checkpoint.optimizerState, 'checkpoint.optimizerState');
  assertObject(checkpoint.state, 'checkpoint.state');
  assertObject(checkpoint.state.optimizer, 'checkpoint.state.optimizer');
  try {
    checkParamsAndOptimizer(params, optimizer);
    if (
      checkpoint.state.optimizer.name !== '' &&
      checkpoint.state.optimizer.name !== optimizer.name
    ) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `the checkpoint was trained with optimizer "${checkpoint.state.optimizer.name}", not "${optimizer.name}"`,
      );
    }
    assignParams(params, checkpoint.weights, 'checkpoint');
    optimizer.loadState(checkpoint.optimizerState, checkpoint.state.optimizer.iterations);
  } finally {
    Object.values(checkpoint.weights).forEach((t) => t.dispose());
    Object.values(checkpoint.optimizerState).forEach((t) => t.dispose());
  }
}
