import { assertArgument, type Rng } from '@freeavatar/core';

/** Which patches of each image a masked autoencoder sees, drawn by {@link randomMasking}. */
export interface MaskPlan {
  /** Images in the batch. */
  readonly batch: number;
  /** Patches per image. */
  readonly tokens: number;
  /** Visible patches per image. */
  readonly keep: number;
  /** `batch * keep` patch indices (0…tokens−1), image by image, ascending within an image. */
  readonly kept: Int32Array;
  /** `batch * tokens` flags: 1 where the patch is hidden (and scored), 0 where visible. */
  readonly hidden: Float32Array;
}

/**
 * Draws an independent random mask for each image: `round(tokens · (1 − ratio))` visible
 * patches (at least one), the rest hidden. Seeded through `rng`.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const plan = randomMasking(32, 64, 0.75, createRng(1)); // 16 visible patches per image
 * ```
 */
export function randomMasking(batch: number, tokens: number, ratio: number, rng: Rng): MaskPlan {
  assertArgument(
    Number.isInteger(batch) && batch > 0,
    `batch must be a positive integer, got ${batch}`,
  );
  assertArgument(
    Number.isInteger(tokens) && tokens > 1,
    `tokens must be an integer > 1, got ${tokens}`,
  );
  assertArgument(ratio >= 0 && ratio < 1, `mask ratio must be in [0, 1), got ${ratio}`);
  const keep = Math.max(1, Math.round(tokens * (1 - ratio)));
  const kept = new Int32Array(batch * keep);
  const hidden = new Float32Array(batch * tokens).fill(1);
  const order = Array.from({ length: tokens }, (_, i) => i);
  for (let b = 0; b < batch; b++) {
    const chosen = rng
      .shuffle(order)
      .slice(0, keep)
      .sort((x, y) => x - y);
    for (let j = 0; j < keep; j++) {
      kept[b * keep + j] = chosen[j];
      hidden[b * tokens + chosen[j]] = 0;
    }
  }
  return { batch, tokens, keep, kept, hidden };
}

/** Row indices of the kept patches in a `[batch * tokens, …]` tensor. */
export function keptRowIndices(plan: MaskPlan): Int32Array {
  const rows = new Int32Array(plan.kept.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = Math.floor(i / plan.keep) * plan.tokens + plan.kept[i];
  }
  return rows;
}

/** A `[batch * keep, tokens]` one-hot matrix: row i picks the position of kept patch i. */
export function keptPositionsOneHot(plan: MaskPlan): Float32Array {
  const out = new Float32Array(plan.kept.length * plan.tokens);
  for (let i = 0; i < plan.kept.length; i++) out[i * plan.tokens + plan.kept[i]] = 1;
  return out;
}

/** A `[batch, tokens, keep]` one-hot matrix that places each image's kept tokens back. */
export function scatterOneHot(plan: MaskPlan): Float32Array {
  const { batch, tokens, keep, kept } = plan;
  const out = new Float32Array(batch * tokens * keep);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < keep; j++) out[(b * tokens + kept[b * keep + j]) * keep + j] = 1;
  }
  return out;
}
