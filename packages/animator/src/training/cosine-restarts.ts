import { assertArgument, assertObject } from '@freeavatar/core';

/**
 * Options of {@link cosineRestarts}.
 *
 * @example
 * ```ts
 * const options: CosineRestartsOptions = { peak: 5e-4, totalSteps: 2000, cycles: 2 };
 * ```
 */
export interface CosineRestartsOptions {
  /** The rate at the start of every cycle. */
  readonly peak: number;
  /** Steps in the whole run. */
  readonly totalSteps: number;
  /** Cosine cycles after the warm-up, of equal length (default 2: one restart). */
  readonly cycles?: number;
  /** Linear warm-up steps from 0 to `peak` (default 0). */
  readonly warmupSteps?: number;
  /** The rate at the end of every cycle (default `peak / 20`). */
  readonly min?: number;
}

/**
 * A learning-rate schedule with warm restarts (SGDR): an optional linear warm-up, then `cycles`
 * equal cosine decays from `peak` to `min`, each starting again at `peak`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for options that are not an object, or a bad rate,
 *   step count or cycle count.
 * @example
 * ```ts
 * import { cosineRestarts } from '@freeavatar/animator';
 * const lr = cosineRestarts({ peak: 1e-3, totalSteps: 100, cycles: 2 });
 * lr(0); // 1e-3
 * lr(50); // 1e-3 again: the restart
 * ```
 */
export function cosineRestarts(options: CosineRestartsOptions): (step: number) => number {
  assertObject(options, 'options');
  const { peak, totalSteps } = options;
  const cycles = options.cycles ?? 2;
  const warmup = options.warmupSteps ?? 0;
  const min = options.min ?? peak / 20;
  assertArgument(Number.isFinite(peak) && peak > 0, `peak must be a number > 0, got ${peak}`);
  assertArgument(
    Number.isFinite(min) && min >= 0 && min <= peak,
    `min must be a number in 0..peak, got ${min}`,
  );
  assertArgument(
    Number.isInteger(totalSteps) && totalSteps >= 1,
    `totalSteps must be a positive integer, got ${totalSteps}`,
  );
  assertArgument(
    Number.isInteger(warmup) && warmup >= 0 && warmup < totalSteps,
    `warmupSteps must be an integer in 0..totalSteps-1, got ${warmup}`,
  );
  assertArgument(
    Number.isInteger(cycles) && cycles >= 1 && cycles <= totalSteps - warmup,
    `cycles must be an integer in 1..${totalSteps - warmup}, got ${cycles}`,
  );
  const length = (totalSteps - warmup) / cycles;
  return (step) => {
    if (step < warmup) return (peak * (step + 1)) / warmup;
    const inCycle = ((step - warmup) % length) / length;
    return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * inCycle));
  };
}
