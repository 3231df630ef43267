import { assertArgument, assertObject, describeValue, type RgbImage } from '@freeavatar/core';
import { assertEvaluationShape, type Evaluation, type MethodResult } from '../harness/evaluate.js';
import type { WorstTriplet } from '../harness/score.js';
import { assertTripletSetShape, type TripletSet } from '../harness/triplet-set.js';
import { TRIPLET_TYPES } from '../metrics/triplet.js';
import type { StripItem } from '../plots/strip.js';
import type { PlotSpec } from '../plots/plot.js';

/**
 * One plot of an encoder report: its file name (relative to the report), what it shows, and
 * the plot to draw.
 *
 * @example
 * ```ts
 * import { join } from 'node:path';
 * declare const evaluation: Evaluation;
 * declare const set: TripletSet;
 * for (const plot of encoderPlots(evaluation, set)) {
 *   await writePlot(join('out/report', plot.file), plot.spec);
 * }
 * ```
 */
export interface ReportPlot {
  readonly file: string;
  readonly title: string;
  /**
   * `'metric'` for bar charts, `'worst'` for a method's worst triplets, `'robustness'` for the
   * perturbation plots.
   */
  readonly kind: 'metric' | 'worst' | 'robustness';
  /** The method a worst-triplet strip belongs to. */
  readonly method?: string;
  readonly spec: PlotSpec;
}

/** Plot options that keep committed PNGs small: 1 output pixel per layout pixel. */
const SMALL = { pixelRatio: 1 } as const;
const ERROR_RED = '#D55E00';
const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;

/**
 * A file-name-safe form of a method name: lower case, runs of other characters as `-`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `name` is not a string.
 * @example
 * ```ts
 * methodSlug('face-api expressions'); // 'face-api-expressions'
 * ```
 */
export function methodSlug(name: string): string {
  assertArgument(typeof name === 'string', `name must be a string, got ${describeValue(name)}`);
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'method'
  );
}

function scored(evaluation: Evaluation): MethodResult[] {
  return evaluation.methods.filter((m) => m.available && m.scores !== undefined);
}

/** The images of a worst-triplet strip: anchor, positive, negative per row, with distances. */
function worstItems(set: TripletSet, worst: readonly WorstTriplet[]): StripItem[] {
  const fmt = (v: number): string => v.toPrecision(3);
  return worst.flatMap((w) => {
    const t = set.triplets[w.triplet];
    const label = (index: number): string => {
      const emotion = set.faces[index].emotion;
      return emotion === undefined ? '' : `\n(${emotion})`;
    };
    const image = (index: number): RgbImage => set.faces[index].image;
    const apWrong = !(w.ap < w.an);
    const pnWrong = !(w.ap < w.pn);
    return [
      { image: image(t.anchor), caption: `anchor${label(t.anchor)}\nd(a,p) ${fmt(w.ap)}` },
      {
        image: image(t.positive),
        caption: `positive${label(t.positive)}\nd(p,n) ${fmt(w.pn)}`,
        captionColor: pnWrong ? ERROR_RED : undefined,
      },
      {
        image: image(t.negative),
        caption: `negative${label(t.negative)}\nd(a,n) ${fmt(w.an)}`,
        captionColor: apWrong ? ERROR_RED : undefined,
      },
    ];
  });
}

/**
 * The plots of an encoder report: a bar chart per metric (triplet accuracy overall and per type;
 * retrieval mAP and recall@1 when the data has expression labels; the identity-invariance
 * ratio when it has identity ids), and for each method that ran a strip of its worst triplets
 * (anchor, positive, negative with the method's distances; a distance that breaks the rule in
 * red).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `evaluation` has no `methods` list or `data`,
 *   or `set` has no `faces` or `triplets` list.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * declare const set: TripletSet;
 * const plots = encoderPlots(evaluation, set);
 * console.log(plots.map((p) => p.file)); // ['triplet-accuracy.png', …, 'worst-kalidokit.png']
 * ```
 */
export function encoderPlots(evaluation: Evaluation, set: TripletSet): ReportPlot[] {
  assertEvaluationShape(evaluation, 'evaluation');
  assertObject(evaluation.data, 'evaluation.data');
  assertTripletSetShape(set, 'set');
  const methods = scored(evaluation);
  if (methods.length === 0) return [];
  const plots: ReportPlot[] = [];
  const types = TRIPLET_TYPES.filter((t) => evaluation.data.byType[t] > 0);
  plots.push({
    file: 'triplet-accuracy.png',
    title: 'Triplet accuracy',
    kind: 'metric',
    spec: {
      kind: 'bar',
      ...SMALL,
      title: 'Triplet accuracy (higher is better; random features score 33%)',
      categories: ['all', ...types],
      series: methods.map((m) => ({
        name: m.name,
        values: [
          m.scores!.triplets.accuracy,
          ...types.map((t) => m.scores!.triplets.byType[t]?.accuracy ?? null),
        ],
      })),
      yRange: [0, 1],
      formatValue: percent,
    },
  });
  const withRetrieval = methods.filter((m) => m.scores!.retrieval !== null);
  if (withRetrieval.length > 0) {
    plots.push({
      file: 'retrieval.png',
      title: 'Retrieval by emotion label',
      kind: 'metric',
      spec: {
        kind: 'bar',
        ...SMALL,
        title: 'Retrieval by emotion label (higher is better)',
        categories: ['mean average precision', 'recall@1'],
        series: withRetrieval.map((m) => ({
          name: m.name,
          values: [m.scores!.retrieval!.meanAveragePrecision, m.scores!.retrieval!.recallAt1],
        })),
        yRange: [0, 1],
      },
    });
  }
  const withInvariance = methods.filter((m) => m.scores!.invariance !== null);
  if (withInvariance.length > 0) {
    plots.push({
      file: 'identity-invariance.png',
      title: 'Identity-invariance ratio',
      kind: 'metric',
      spec: {
        kind: 'bar',
        ...SMALL,
        title: 'Identity-invariance ratio (lower is better)',
        categories: ['same emotion, other person ÷ other emotion, same person'],
        series: withInvariance.map((m) => ({
          name: m.name,
          values: [m.scores!.invariance!.ratio],
        })),
      },
    });
  }
  for (const m of methods) {
    const worst = m.scores!.worst;
    if (worst.length === 0) continue;
    plots.push({
      file: `worst-${methodSlug(m.name)}.png`,
      title: `Worst triplets: ${m.name}`,
      kind: 'worst',
      method: m.name,
      spec: {
        kind: 'strip',
        ...SMALL,
        title: `${m.name}: the ${worst.length} triplets it gets most wrong`,
        columns: 3,
        cellHeight: 88,
        items: worstItems(set, worst),
        rowLabels: worst.map(
          (w, i) =>
            `#${i + 1}  triplet ${w.triplet}${w.type ? `  ${w.type.replace('_CLASS', '')}` : ''}`,
        ),
      },
    });
  }
  return plots;
}
