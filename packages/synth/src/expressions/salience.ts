import { assertArgument } from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_COUNT } from '../blendshapes/arkit.js';
import { createExpressionDistance, type ExpressionDistance } from './distance.js';

/**
 * Options of {@link perceptualTargetWeights}.
 *
 * @example
 * ```ts
 * const options: PerceptualTargetWeightOptions = { uniformShare: 0.25 };
 * ```
 */
export interface PerceptualTargetWeightOptions {
  /** The distance that says what is salient (default: `createExpressionDistance()`). */
  distance?: ExpressionDistance;
  /** Part of each weight that is the same for all targets, in [0, 1]; default 0.5. */
  uniformShare?: number;
}

/**
 * Loss weights for the 52 ARKit targets that follow how much each one moves the perceptual
 * expression distance: target c's share of the distance's spread over `samples` is
 * `G_cc · var_c / Σ_k G_kk · var_k` (G the distance's Gram matrix, var the sample variance), and
 * its weight is `uniformShare + (1 − uniformShare) · 52 · share`, so the weights average 1. With
 * the default distance and the synth sampler, jawOpen and the two blinks weigh most, then the
 * brows and gaze; cheek, tongue and mouth-roll targets weigh least.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for no samples, rows that are not 52 finite values,
 *   a `uniformShare` outside [0, 1], or samples that never vary.
 * @example
 * ```ts
 * import { createFaceSceneStream, perceptualTargetWeights } from '@freeavatar/synth';
 * const scenes = createFaceSceneStream({ split: 'train', seed: 1 });
 * const rows = Array.from({ length: 1000 }, (_, i) => scenes.sceneAt(i).expression);
 * const weights = perceptualTargetWeights(rows); // Float32Array(52), mean 1
 * ```
 */
export function perceptualTargetWeights(
  samples: readonly ArrayLike<number>[],
  options: PerceptualTargetWeightOptions = {},
): Float32Array {
  const n = ARKIT_BLENDSHAPE_COUNT;
  const uniformShare = options.uniformShare ?? 0.5;
  assertArgument(
    Number.isFinite(uniformShare) && uniformShare >= 0 && uniformShare <= 1,
    `uniformShare must be in [0, 1], got ${uniformShare}`,
  );
  assertArgument(Array.isArray(samples) && samples.length > 0, 'at least one sample is needed');
  const sum = new Float64Array(n);
  const squares = new Float64Array(n);
  samples.forEach((row, i) => {
    assertArgument(row?.length === n, `sample ${i} has ${row?.length} values, expected ${n}`);
    for (let c = 0; c < n; c++) {
      assertArgument(Number.isFinite(row[c]), `sample ${i} value ${c} is not finite: ${row[c]}`);
      sum[c] += row[c];
      squares[c] += row[c] * row[c];
    }
  });
  const gram = (options.distance ?? createExpressionDistance()).gram;
  const spread = Float64Array.from(
    { length: n },
    (_, c) =>
      gram[c * n + c] * Math.max(0, squares[c] / samples.length - (sum[c] / samples.length) ** 2),
  );
  const total = spread.reduce((a, b) => a + b, 0);
  assertArgument(total > 0, 'the samples never vary, so no target moves the distance');
  return Float32Array.from(spread, (s) => uniformShare + (1 - uniformShare) * n * (s / total));
}
