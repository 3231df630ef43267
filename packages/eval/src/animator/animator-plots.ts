import { assertArgument, assertArray, assertObject, describeValue } from '@freeavatar/core';
import type { PlotSpec } from '../plots/plot.js';
import { PLOT_COLORS } from '../plots/canvas.js';
import type { ClipRigs } from './clip-rigs.js';
import type { HeldOutRigs } from './held-out-rigs.js';
import { KEY_CONTROL_SLOTS, type KeyControlSlot } from './key-controls.js';
import type { AvatarRigScores } from './rig-scores.js';

/**
 * One plot of the animator report: its file name (relative to the report) and what to draw.
 *
 * @example
 * ```ts
 * declare const spec: PlotSpec;
 * const plot: AnimatorPlot = { file: 'mae-per-avatar.png', title: 'MAE', spec };
 * ```
 */
export interface AnimatorPlot {
  readonly file: string;
  readonly title: string;
  readonly spec: PlotSpec;
}

/**
 * The avatar whose curves the clip plot shows: `human` when scored, else the first one.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `clip` is not an object with an `avatars` list.
 * @example
 * ```ts
 * declare const clip: ClipRigs;
 * curveAvatar(clip).avatar; // 'human'
 * ```
 */
export function curveAvatar(clip: ClipRigs): ClipRigs['avatars'][number] {
  assertObject(clip, 'clip');
  assertArray(clip.avatars, 'clip.avatars');
  return clip.avatars.find((a) => a.avatar === 'human') ?? clip.avatars[0];
}

/**
 * The plots of the animator report: a bar chart of held-out MAE per avatar (ours against the
 * mean-rig baseline), one predicted-vs-true scatter of the key controls per avatar, and, when a
 * clip ran, the predicted (smoothed; calibrated too when that ran) and true curves of five key
 * controls of the human avatar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `scores` is not an array, `held` not an object
 *   with an `avatars` list, `clip` neither `null` nor an object, or `keys` not an object.
 * @example
 * ```ts
 * import { join } from 'node:path';
 * declare const scores: AvatarRigScores[];
 * declare const held: HeldOutRigs;
 * declare const clip: ClipRigs | null;
 * declare const keys: Record<string, Record<KeyControlSlot, string | null>>; // per avatar
 * for (const p of animatorPlots(scores, held, clip, keys)) {
 *   await writePlot(join('out/eval-animator', p.file), p.spec);
 * }
 * ```
 */
export function animatorPlots(
  scores: readonly AvatarRigScores[],
  held: HeldOutRigs,
  clip: ClipRigs | null,
  keys: Readonly<Record<string, Readonly<Record<KeyControlSlot, string | null>>>>,
): AnimatorPlot[] {
  assertArray(scores, 'scores');
  assertObject(held, 'held');
  assertArray(held.avatars, 'held.avatars');
  assertArgument(
    clip === null || (typeof clip === 'object' && !Array.isArray(clip)),
    `clip must be null or an object, got ${describeValue(clip)}`,
  );
  assertObject(keys, 'keys');
  const small = { pixelRatio: 1 } as const;
  const plots: AnimatorPlot[] = [];
  const barTitle = `Held-out rig MAE per avatar (${held.count} test-split actors; lower is better)`;
  plots.push({
    file: 'mae-per-avatar.png',
    title: barTitle,
    spec: {
      kind: 'bar',
      ...small,
      title: barTitle,
      categories: scores.map((s) => s.avatar),
      series: [
        { name: 'FreeAvatar animator', values: scores.map((s) => s.model.mean.mae) },
        { name: 'training mean rig', values: scores.map((s) => s.baseline.mean.mae) },
        ...(scores.every((s) => s.medianBaseline)
          ? [
              {
                name: 'training median rig',
                values: scores.map((s) => s.medianBaseline!.mean.mae),
              },
            ]
          : []),
      ],
      yLabel: 'mean absolute error',
    },
  });
  for (const a of held.avatars) {
    const key = keys[a.avatar];
    const series = KEY_CONTROL_SLOTS.flatMap((slot) => {
      const control = key?.[slot];
      if (!control) return [];
      const c = a.controls.indexOf(control);
      return [
        {
          name: `${slot}: ${control}`,
          x: Float32Array.from(a.truth, (v) => v[c]),
          y: Float32Array.from(a.predicted, (v) => v[c]),
        },
      ];
    });
    if (series.length === 0) continue;
    const title = `${a.avatar}: predicted vs true key controls (held-out actors)`;
    plots.push({
      file: `scatter-${a.avatar}.png`,
      title,
      spec: {
        kind: 'scatter',
        ...small,
        title,
        series,
        xLabel: 'true value',
        yLabel: 'predicted value',
        identityLine: true,
        range: [0, 1],
        pointRadius: 2,
      },
    });
  }
  if (clip !== null) {
    const a = curveAvatar(clip);
    const key = keys[a.avatar];
    const predicted = a.calibrated ?? a.smoothed;
    const how = a.calibrated === null ? 'smoothed' : 'calibrated, smoothed';
    const series = KEY_CONTROL_SLOTS.flatMap((slot, k) => {
      const control = key?.[slot];
      if (!control) return [];
      const c = a.controls.indexOf(control);
      const color = PLOT_COLORS[k % PLOT_COLORS.length];
      return [
        { name: `${control} predicted`, values: Float32Array.from(predicted, (v) => v[c]), color },
        {
          name: `${control} true`,
          values: Float32Array.from(a.truth, (v) => v[c]),
          color,
          dashed: true,
        },
      ];
    });
    if (series.length > 0) {
      const title = `Example clip, ${a.avatar} avatar: predicted (${how}, solid) vs true (dashed)`;
      plots.push({
        file: `clip-curves-${a.avatar}.png`,
        title,
        spec: {
          kind: 'curves',
          ...small,
          width: 1000,
          height: 460,
          title,
          series,
          fps: clip.fps,
          xLabel: 'time (s)',
          yLabel: 'control value',
          yRange: [0, 1],
        },
      });
    }
  }
  return plots;
}
