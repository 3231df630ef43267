import { assertArgument } from '@freeavatar/core';

/**
 * Weights of the rig absolute-error term per control (`trainAnimator`'s `rigL1Controls`): 1 for
 * each control that at least `minShare` of the training actors show, 0 for the rarer ones. The
 * absolute error pulls a control that few faces show to zero, and a sigmoid output held there
 * stops moving for good; leaving those controls to the squared error keeps them moving.
 *
 * @param shares Per avatar, the share of training actors showing each control (see
 *   `SynthAnimatorData.controlShares`).
 * @param minShare The least share (0..1) a control needs to keep the absolute-error term.
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a share or `minShare` outside 0..1.
 * @example
 * ```ts
 * import { createSynthAnimatorData, rigL1ControlWeights } from '@freeavatar/animator';
 * declare const options: TrainAnimatorOptions; // encoder, renderers, data, steps, ...
 * const data = createSynthAnimatorData({ avatars: ['human'] });
 * const rigL1Controls = rigL1ControlWeights(data.controlShares(4096), 0.03);
 * await trainAnimator({ ...options, lossWeights: { rigL1: 1 }, rigL1Controls });
 * ```
 */
export function rigL1ControlWeights(
  shares: Readonly<Record<string, ArrayLike<number>>>,
  minShare: number,
): Record<string, Float32Array> {
  assertArgument(
    Number.isFinite(minShare) && minShare >= 0 && minShare <= 1,
    `minShare must be a number in 0..1, got ${minShare}`,
  );
  assertArgument(
    shares !== null && typeof shares === 'object',
    'shares must map avatar ids to per-control shares',
  );
  return Object.fromEntries(
    Object.entries(shares).map(([avatar, list]) => {
      const weights = Float32Array.from(list, (share, c) => {
        assertArgument(
          Number.isFinite(share) && share >= 0 && share <= 1,
          `shares.${avatar}[${c}] must be a share in 0..1, got ${share}`,
        );
        return share >= minShare ? 1 : 0;
      });
      return [avatar, weights];
    }),
  );
}
