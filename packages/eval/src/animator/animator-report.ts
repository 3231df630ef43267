import { assertArgument, assertArray, assertNonEmptyString, assertObject } from '@freeavatar/core';
import { STILL_CONTROL_SPREAD } from '../metrics/rig.js';
import type { RunEnvironment } from '../report/environment.js';
import { markdownTable, type MetricColumn, type ResultRow } from '../report/markdown.js';
import { measuredOnLine, writeReportFiles } from '../report/report-files.js';
import type { AnimatorPlot } from './animator-plots.js';
import type { ClipAvatarScores } from './clip-scores.js';
import { KEY_CONTROL_SLOTS } from './key-controls.js';
import type { AvatarRigScores } from './rig-scores.js';
import type { HeldOutConsistency } from './held-out-rigs.js';
import { viewKeySection, type ViewKeyScores } from './view-scores.js';

/**
 * Everything an animator report shows.
 *
 * @example
 * ```ts
 * declare const environment: RunEnvironment;
 * declare const heldOut: AnimatorReportInput['heldOut'];
 * const input: AnimatorReportInput = {
 *   command: 'npx freeavatar eval animator --quick --out out/eval-animator',
 *   environment,
 *   model: 'the shipped default weights',
 *   encoder: 'the shipped default weights',
 *   heldOut,
 *   clip: null, // no example clip in this run
 *   plots: [{ file: 'mae-per-avatar.png', title: 'Held-out rig MAE per avatar' }],
 * };
 * ```
 */
export interface AnimatorReportInput {
  /** The one command that regenerates the report. */
  readonly command: string;
  readonly environment: RunEnvironment;
  /** Where the animator network and the encoder came from. */
  readonly model: string;
  readonly encoder: string;
  readonly heldOut: {
    readonly count: number;
    readonly seed: number;
    readonly baselineCount: number;
    readonly baselineSeed: number;
    readonly scores: readonly AvatarRigScores[];
    /** Per avatar, the key controls' r by how the actors were seen (`keyControlsByView`). */
    readonly byView?: Readonly<Record<string, readonly ViewKeyScores[]>>;
    readonly consistency: Readonly<Record<string, HeldOutConsistency | null>>;
    readonly seconds: number;
    /** The rig-transfer peers' setup and face counts, when they ran. */
    readonly peers?: {
      readonly trainCount: number;
      readonly trainSeed: number;
      readonly methods: readonly { name: string; found: number; fittedOn: number }[];
      readonly seconds: number;
    } | null;
  };
  /** The example clip's figures; `null` when no clip ran. */
  readonly clip: {
    readonly path: string;
    readonly frames: number;
    readonly faceFrames: number;
    readonly fps: number;
    readonly scores: readonly ClipAvatarScores[];
    readonly seconds: number;
    /** The neutral-calibration window of the calibrated rows, when they ran. */
    readonly calibration?: { readonly seconds: number; readonly frames: number } | null;
  } | null;
  readonly plots: readonly Omit<AnimatorPlot, 'spec'>[];
  readonly seconds?: number;
}

const ERROR_COLUMNS: MetricColumn[] = [
  { key: 'mae', label: 'MAE', digits: 3, better: 'lower' },
  { key: 'rmse', label: 'RMSE', digits: 3, better: 'lower' },
  { key: 'r', label: 'mean Pearson r', digits: 3, better: 'higher' },
  { key: 'still', label: 'still controls', digits: 0, better: 'lower' },
];

function errorRow(label: string, e: AvatarRigScores['model']): ResultRow {
  return {
    method: label,
    values: {
      mae: e.mean.mae,
      rmse: e.mean.rmse,
      r: e.mean.pearson,
      still: e.stillControls.length,
    },
  };
}

function keyTable(scores: readonly AvatarRigScores[]): string {
  const keyRow = (method: string, key: AvatarRigScores['key']): ResultRow => ({
    method,
    values: Object.fromEntries(KEY_CONTROL_SLOTS.map((slot) => [slot, key[slot]?.pearson])),
  });
  const rows: ResultRow[] = scores.flatMap((s) =>
    (s.peers ?? []).length === 0
      ? [keyRow(s.avatar, s.key)]
      : [
          keyRow(`${s.avatar}: animator`, s.key),
          ...s.peers.map((p) => keyRow(`${s.avatar}: ${p.name}`, p.key)),
        ],
  );
  const cols: MetricColumn[] = KEY_CONTROL_SLOTS.map((slot) => ({
    key: slot,
    label: slot,
    digits: 3,
  }));
  const names = scores
    .map(
      (s) =>
        `${s.avatar}: ${KEY_CONTROL_SLOTS.map((slot) => `${slot} = \`${s.key[slot]?.control ?? '—'}\``).join(', ')}`,
    )
    .join('; ');
  return (
    markdownTable(rows, cols, {
      methodHeader: scores.some((s) => (s.peers ?? []).length > 0) ? 'avatar: method' : 'avatar',
    }) +
    `\nKey controls (see \`KEY_CONTROLS\`): ${names}. "—": the control is constant on these samples or the avatar has none.\n`
  );
}

/** The animator's key-control intervals as two rows per avatar, or '' when none were computed. */
function intervalTable(scores: readonly AvatarRigScores[]): string {
  const withIntervals = scores.filter((s) =>
    KEY_CONTROL_SLOTS.some((slot) => s.key[slot]?.pearsonInterval),
  );
  if (withIntervals.length === 0) return '';
  const level = KEY_CONTROL_SLOTS.map((slot) => withIntervals[0].key[slot]?.pearsonInterval).find(
    (ci) => ci,
  )!.level;
  const bound = (s: AvatarRigScores, side: 'low' | 'high'): ResultRow => ({
    method: `${s.avatar}: ${side === 'low' ? 'lower' : 'upper'} bound`,
    values: Object.fromEntries(
      KEY_CONTROL_SLOTS.map((slot) => [slot, s.key[slot]?.pearsonInterval?.[side]]),
    ),
  });
  const cols: MetricColumn[] = KEY_CONTROL_SLOTS.map((slot) => ({ key: slot, digits: 3 }));
  return (
    `How far the animator's key r could fall on another draw of as many actors: ` +
    `${Math.round(level * 100)}% bootstrap intervals (the actors resampled with replacement; ` +
    `"—": the prediction hardly moves, so a resample's r is undefined).\n\n` +
    markdownTable(
      withIntervals.flatMap((s) => [bound(s, 'low'), bound(s, 'high')]),
      cols,
      {
        methodHeader: 'avatar',
        highlightBest: false,
      },
    )
  );
}

/**
 * The name of the report's row of the animator with its `mirrorAverage` option (scored beside
 * the peers on the same actors).
 *
 * @example
 * ```ts
 * declare const scores: AvatarRigScores;
 * scores.peers.find((p) => p.name === MIRROR_AVERAGED_ROW);
 * ```
 */
export const MIRROR_AVERAGED_ROW = 'FreeAvatar animator, mirror-averaged';

/**
 * The Markdown of an animator report: the command, where and when it ran, per avatar the
 * held-out rig error beside the training mean and median baselines, the key controls' Pearson r,
 * the expression consistency, the example clip's error and jitter with and without smoothing,
 * the plots, and how each figure is computed.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `input` is not an object, no avatar was scored
 *   or `input.plots` is not an array.
 * @example
 * ```ts
 * import fs from 'node:fs/promises';
 * declare const input: AnimatorReportInput;
 * await fs.writeFile('report.md', animatorReportMarkdown(input));
 * ```
 */
export function animatorReportMarkdown(input: AnimatorReportInput): string {
  assertObject(input, 'input');
  const { heldOut, clip } = input;
  assertArgument(heldOut?.scores?.length > 0, 'the report has no scored avatar');
  assertArray(input.plots, 'input.plots');
  const out: string[] = ['# Animator: rig transfer evaluation', ''];
  out.push('Regenerate (from the repository root, after `npm run build`):', '');
  out.push('```sh', input.command, '```', '');
  out.push(
    measuredOnLine(input.environment) +
      (input.seconds !== undefined ? ` The run took ${Math.round(input.seconds)} s.` : ''),
    '',
  );
  out.push(`Animator network: ${input.model}. Expression encoder: ${input.encoder}.`, '');
  out.push('## Held-out synthetic actors', '');
  out.push(
    `${heldOut.count} actors of the synth **test** identity split (seed ${heldOut.seed}; people ` +
      'the animator never saw in training), each shown to every avatar. The baselines predict, ' +
      `for every actor, the mean or the per-control median true rig of ${heldOut.baselineCount} ` +
      `other actors of the train split (seed ${heldOut.baselineSeed}): a model must beat them to ` +
      'have learnt anything. Most controls rest at zero on most faces, so the median rig is ' +
      'mostly zeros; it is the constant with the least absolute error, and the harder baseline ' +
      'on MAE (the mean rig is the one on RMSE).',
    '',
  );
  if (heldOut.peers) {
    const found = heldOut.peers.methods
      .map(
        (m) =>
          `${m.name} found ${m.found} of ${heldOut.count} test faces (${m.fittedOn} of ${heldOut.peers!.trainCount} train faces)`,
      )
      .join('; ');
    out.push(
      'Peers retarget the way a landmark pipeline does: each method’s features of the face go ' +
        'through a linear map per avatar (ridge least squares), fitted on ' +
        `${heldOut.peers.trainCount} actors of the train split (seed ${heldOut.peers.trainSeed}) ` +
        'and applied to the same test actors as the animator. Peers see the whole 112 px render ' +
        'and find the face themselves; where they find none, they hold the training mean rig. ' +
        `${found}.`,
      '',
    );
  }
  if (heldOut.scores.some((s) => s.peers.some((p) => p.name === MIRROR_AVERAGED_ROW))) {
    out.push(
      'The mirror-averaged row is the same animator with its `mirrorAverage` option ' +
        '(`freeavatar animate --mirror-average`): each crop is read as it is and flipped left to ' +
        'right, and the two rigs are averaged, the flipped one with its Left and Right controls ' +
        'swapped back. It costs a second crop in each encoder call.',
      '',
    );
  }
  for (const s of heldOut.scores) {
    out.push(`### ${s.avatar} (${s.controls.length} controls)`, '');
    out.push(
      markdownTable(
        [
          errorRow('FreeAvatar animator', s.model),
          ...(s.peers ?? []).map((p) => errorRow(p.name, p.error)),
          errorRow('training mean rig', s.baseline),
          ...(s.medianBaseline ? [errorRow('training median rig', s.medianBaseline)] : []),
        ],
        ERROR_COLUMNS,
      ),
    );
    const still = s.model.stillControls;
    if (still.length > 0) {
      out.push(
        `The animator leaves ${still.length} of the ${s.controls.length} controls still: ` +
          `${still.map((c) => `\`${c}\``).join(', ')}.`,
        '',
      );
    }
  }
  out.push('### Key controls: Pearson r of predicted and true values', '');
  out.push(keyTable(heldOut.scores));
  const intervals = intervalTable(heldOut.scores);
  if (intervals !== '') out.push(intervals);
  if (heldOut.byView !== undefined) out.push(...viewKeySection(heldOut.byView));
  const consistency = heldOut.scores.filter((s) => heldOut.consistency[s.avatar]);
  if (consistency.length > 0) {
    out.push('### Expression consistency', '');
    out.push(
      markdownTable(
        consistency.map((s) => ({
          method: s.avatar,
          values: {
            truth: heldOut.consistency[s.avatar]!.truth,
            predicted: heldOut.consistency[s.avatar]!.predicted,
          },
        })),
        [
          { key: 'predicted', label: 'actor vs predicted-rig render', digits: 3 },
          { key: 'truth', label: 'actor vs true-rig render', digits: 3 },
        ],
        { methodHeader: 'avatar' },
      ),
    );
    out.push(
      'Mean cosine similarity of the encoder’s 16-d embeddings of the actor crop and of the ' +
        'avatar rendered (synth rasterizer) with the predicted or the true rig. The true-rig ' +
        'column is the reference a perfect rig reaches with this encoder.',
      '',
    );
  }
  if (clip !== null) {
    out.push('## Example clip', '');
    out.push(
      `\`${clip.path}\`: ${clip.frames} frames at ${clip.fps} fps, scored against ` +
        '`retarget(avatar, arkit)` of its ground-truth ARKit track. The animator finds the face ' +
        `itself (\`animateVideo\` on whole frames); it found it in ${clip.faceFrames} of ${clip.frames} frames.` +
        (clip.calibration
          ? ` The calibrated rows first calibrate the actor’s resting face (\`calibrateNeutral\`) on the ${clip.calibration.frames} frames of the clip’s first ${clip.calibration.seconds} s, as \`freeavatar animate --calibrate ${clip.calibration.seconds}\` does.`
          : ''),
      '',
    );
    out.push(
      markdownTable(
        clip.scores.flatMap((c) => [
          errorRow(`${c.avatar}: animator, raw`, c.raw.model),
          errorRow(`${c.avatar}: animator, smoothed`, c.smoothed.model),
          ...(c.calibrated === null
            ? []
            : [errorRow(`${c.avatar}: animator, calibrated + smoothed`, c.calibrated.model)]),
          errorRow(`${c.avatar}: training mean rig`, c.raw.baseline),
          ...(c.raw.medianBaseline
            ? [errorRow(`${c.avatar}: training median rig`, c.raw.medianBaseline)]
            : []),
        ]),
        ERROR_COLUMNS,
        { highlightBest: false },
      ),
    );
    out.push('### Temporal jitter', '');
    out.push(
      markdownTable(
        clip.scores.map((c) => ({
          method: c.avatar,
          values: {
            raw: c.jitter.raw,
            smoothed: c.jitter.smoothed,
            truth: c.jitter.truth,
            frames: c.jitter.frames,
            lagRaw: c.lag.raw,
            lagSmoothed: c.lag.smoothed,
          },
        })),
        [
          { key: 'raw', label: 'jitter raw', digits: 4 },
          { key: 'smoothed', label: 'jitter smoothed', digits: 4 },
          { key: 'truth', label: 'jitter of truth', digits: 4 },
          { key: 'frames', label: 'frames measured', digits: 0 },
          { key: 'lagRaw', label: 'lag raw (frames)', digits: 0 },
          { key: 'lagSmoothed', label: 'lag smoothed (frames)', digits: 0 },
        ],
        { methodHeader: 'avatar' },
      ),
    );
    const over = clip.scores[0]?.jitter.over;
    out.push(
      'Jitter: mean |x[t−1] − 2x[t] + x[t+1]| averaged over controls, ' +
        (over === 'held'
          ? 'on the frames where the true rig is held still (so any movement is noise).'
          : 'over the whole clip (it has no frames where the true rig is held still).') +
        ' Lag: the offset that best lines predicted up with true curves (positive: late).',
      '',
    );
  }
  if (input.plots.length > 0) {
    out.push('## Plots', '');
    for (const p of input.plots) out.push(`![${p.title}](${p.file})`, '');
  }
  out.push('## How the figures are computed', '');
  out.push(
    '- **MAE / RMSE**: per control over the samples (or frames), then averaged over the avatar’s controls; rig values are in [0, 1].',
    '- **Mean Pearson r**: per control, averaged over the controls whose predicted and true values both vary (a constant prediction, like the baseline’s, has none).',
    `- **Still controls**: controls whose prediction hardly moves over the samples (standard deviation below ${STILL_CONTROL_SPREAD}) though the truth does: whatever the face, the rig never drives them. A constant rig leaves every moving control still.`,
    '- **Intervals** of the key controls’ r: the held-out actors drawn with replacement 1000 times (as many as there are, a fixed seed), r computed on each draw, and the middle 95% of those r kept. The clip’s frames follow one another, so its figures get none.',
    '- Predictions read the encoder’s pooled feature of the aligned crop; held-out actors come as synth-rendered aligned crops, the clip through the animator’s own face cropper.',
    '- `results.json` beside this file holds every figure per control.',
    '',
  );
  return out.join('\n');
}

/**
 * The machine-readable form of an animator report (`results.json`).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `input` is not an object or `input.plots` is
 *   not an array.
 * @example
 * ```ts
 * import fs from 'node:fs/promises';
 * declare const input: AnimatorReportInput;
 * await fs.writeFile('results.json', JSON.stringify(animatorResultsJson(input), null, 2));
 * ```
 */
export function animatorResultsJson(input: AnimatorReportInput): Record<string, unknown> {
  assertObject(input, 'input');
  assertArray(input.plots, 'input.plots');
  return {
    format: 'freeavatar-eval-animator',
    version: 1,
    command: input.command,
    environment: input.environment,
    seconds: input.seconds ?? null,
    model: input.model,
    encoder: input.encoder,
    heldOut: input.heldOut,
    clip: input.clip,
    plots: input.plots.map((p) => ({ file: p.file, title: p.title })),
  };
}

/**
 * Writes an animator report into `dir` (created if missing): `report.md`, `results.json` and
 * the PNG plots. Node only.
 *
 * @returns the paths written: report, results, then plots.
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `dir` is not a non-empty string, `input` not an
 *   object or `plots` not an array, and as {@link animatorReportMarkdown} does.
 * @example
 * ```ts
 * declare const input: Omit<AnimatorReportInput, 'plots'>;
 * declare const plots: AnimatorPlot[]; // from `animatorPlots`
 * const files = await writeAnimatorReport('out/eval-animator', input, plots);
 * ```
 */
export async function writeAnimatorReport(
  dir: string,
  input: Omit<AnimatorReportInput, 'plots'>,
  plots: readonly AnimatorPlot[],
): Promise<string[]> {
  assertNonEmptyString(dir, 'dir');
  assertObject(input, 'input');
  assertArray(plots, 'plots');
  return writeReportFiles(dir, plots, (written) => {
    const full: AnimatorReportInput = { ...input, plots: written };
    return { markdown: animatorReportMarkdown(full), json: animatorResultsJson(full) };
  });
}
