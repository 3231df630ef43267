import { assertArgument, assertObject } from '@freeavatar/core';

/**
 * A learning-rate schedule: linear warm-up from 0 to `peak` over `warmupSteps`, then a cosine
 * decay to `min` at `totalSteps` (the MAE recipe).
 *
 * @example
 * ```ts
 * const lr = warmupCosine({ peak: 1.5e-4, warmupSteps: 200, totalSteps: 5000 });
 * lr(99); // 7.5e-5
 * ```
 */
export function warmupCosine(options: {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  min?: number;
}): (step: number) => number {
  assertObject(options, 'options');
  const { peak, warmupSteps, totalSteps } = options;
  const min = options.min ?? 0;
  assertArgument(peak > 0 && Number.isFinite(peak), `peak must be > 0, got ${peak}`);
  assertArgument(
    Number.isInteger(warmupSteps) && warmupSteps >= 0 && warmupSteps < totalSteps,
    `warmupSteps must be an integer in [0, totalSteps), got ${warmupSteps} for totalSteps ${totalSteps}`,
  );
  return (step) => {
    if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
    const t = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * t));
  };
}
