import { assertArgument, assertArray, assertNonEmptyString, assertObject } from '@freeavatar/core';
import { assertEvaluationShape, type Evaluation, type MethodResult } from '../harness/evaluate.js';
import type { PerturbationRun } from '../harness/robustness.js';
import type { TripletSet } from '../harness/triplet-set.js';
import { TRIPLET_TYPES } from '../metrics/triplet.js';
import { encoderPlots, type ReportPlot } from './encoder-plots.js';
import { baselineComparison, baselineComparisonText } from './baseline-comparison.js';
import type { RunEnvironment } from './environment.js';
import { measuredOnLine, writeReportFiles } from './report-files.js';
import { markdownTable, type MetricColumn, type ResultRow } from './markdown.js';
import { robustnessJson, robustnessMarkdown, robustnessPlots } from './robustness-report.js';
import { tripletAccuracyByView, type ViewAccuracy } from '../harness/view-accuracy.js';

/**
 * What an encoder report is made of.
 *
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * declare const environment: RunEnvironment;
 * declare const plots: ReportPlot[];
 * const command = encoderEvalCommand({ out: 'out/eval', quick: true });
 * const input: EncoderReportInput = { evaluation, environment, command, plots };
 * ```
 */
export interface EncoderReportInput {
  readonly evaluation: Evaluation;
  readonly environment: RunEnvironment;
  /** The one command that regenerates the report. */
  readonly command: string;
  /** The report's plots (files relative to the report). */
  readonly plots: readonly Omit<ReportPlot, 'spec'>[];
  /** Wall time of the whole run in seconds, when known. */
  readonly seconds?: number;
  /** The same triplets under perturbations (see `runEncoderEval`'s `perturb`), when run. */
  readonly perturbations?: readonly PerturbationRun[];
  /** Accuracy on subsets of the triplets by how their faces were seen, when known. */
  readonly byView?: ViewAccuracy | null;
}

const COLUMNS: MetricColumn[] = [
  { key: 'all', label: 'triplet acc.', percent: true, digits: 1, better: 'higher' },
  { key: 'ONE_CLASS', label: 'ONE_CLASS', percent: true, digits: 1, better: 'higher' },
  { key: 'TWO_CLASS', label: 'TWO_CLASS', percent: true, digits: 1, better: 'higher' },
  { key: 'THREE_CLASS', label: 'THREE_CLASS', percent: true, digits: 1, better: 'higher' },
  { key: 'map', label: 'emotion mAP', digits: 3, better: 'higher' },
  { key: 'r1', label: 'recall@1', percent: true, digits: 1, better: 'higher' },
  { key: 'inv', label: 'identity ratio', digits: 3, better: 'lower' },
  { key: 'noFace', label: 'no face', digits: 0 },
  { key: 'failed', label: 'errors', digits: 0 },
  { key: 'fps', label: 'faces/s', digits: 1 },
];

function row(m: MethodResult): ResultRow {
  const s = m.scores;
  return {
    method: m.available ? m.name : `${m.name} (not run)`,
    values: {
      all: s?.triplets.accuracy,
      ONE_CLASS: s?.triplets.byType.ONE_CLASS?.accuracy,
      TWO_CLASS: s?.triplets.byType.TWO_CLASS?.accuracy,
      THREE_CLASS: s?.triplets.byType.THREE_CLASS?.accuracy,
      map: s?.retrieval?.meanAveragePrecision,
      r1: s?.retrieval?.recallAt1,
      inv: s?.invariance?.ratio,
      noFace: m.faces?.noFace,
      failed: m.faces?.failed,
      fps:
        m.seconds !== undefined && m.seconds > 0 && m.faces ? m.faces.total / m.seconds : undefined,
    },
  };
}

function dataSection(evaluation: Evaluation): string[] {
  const { data } = evaluation;
  const types = TRIPLET_TYPES.filter((t) => data.byType[t] > 0)
    .map((t) => `${data.byType[t]} ${t}`)
    .join(', ');
  const lines = [
    `${data.description}: ${data.triplets} triplets (${types || 'untyped'}) over ${data.faces} faces.`,
  ];
  const labelled =
    data.emotions === null ? 0 : Object.values(data.emotions).reduce((a, b) => a + b, 0);
  if (data.emotions !== null && labelled >= 2) {
    const counts = Object.entries(data.emotions).sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    );
    const n = counts.reduce((sum, [, c]) => sum + c, 0);
    const sameLabelPairs = counts.reduce((sum, [, c]) => sum + c * (c - 1), 0) / (n * (n - 1));
    lines.push(
      `Emotion labels: ${counts.map(([label, c]) => `${label} ${c}`).join(', ')}. ` +
        `A random ranking would get an emotion mAP of about ${sameLabelPairs.toFixed(3)} (the share of same-emotion pairs).`,
    );
  }
  if (data.facesWithoutDetection !== null) {
    lines.push(
      `The shared face detector (face-crop) found a face in ${data.faces - data.facesWithoutDetection} of ${data.faces} pictures; ` +
        'every method reads the same detections (landmarks for the mesh peers, aligned crops for the ' +
        'classifiers and the encoder, cut again with the encoder’s own alignment where it reads ' +
        'other crops). Where it found none, each method gets the plain picture.',
    );
  }
  return lines;
}

function methodNotes(evaluation: Evaluation): string[] {
  const notes: string[] = [];
  for (const m of evaluation.methods) {
    if (m.source !== undefined) notes.push(`- **${m.name}**: model ${m.source}.`);
    if (!m.available) {
      notes.push(`- **${m.name}**: ${m.reason ?? 'not available'}.`);
      continue;
    }
    const f = m.faces!;
    const t = m.scores!.triplets;
    if (f.noFace > 0 || f.failed > 0) {
      notes.push(
        `- **${m.name}**: no face found in ${f.noFace} and an error on ${f.failed} of ${f.total} faces; ` +
          `the ${t.withMissingFaces} triplets that include them count as wrong.` +
          f.errors.map((e) => ` Error (${e.count}×): ${e.message}`).join(''),
      );
    }
    for (const note of m.scores!.notes) notes.push(`- **${m.name}**, ${note}.`);
  }
  return notes;
}

/**
 * The section on accuracy by view: a table of every method's accuracy on each subset of the
 * triplets (their counts in the header), and the standard error of the smallest subset.
 */
function viewAccuracyMarkdown(byView: ViewAccuracy): string[] {
  const columns: MetricColumn[] = byView.subsets.map((s) => ({
    key: s.id,
    label: `${s.label} (${s.triplets})`,
    percent: true,
    digits: 1,
    better: 'higher',
  }));
  const smallest = Math.min(...byView.subsets.map((s) => s.triplets));
  return [
    '## Triplet accuracy by how the faces were seen',
    '',
    'The same triplets, split by their three faces’ head yaw and occluders (the synthetic scenes ' +
      'cover a face now and then and turn some heads 30° or more). In brackets: the triplets in ' +
      `each subset; an accuracy on ${smallest} triplets has a standard error of at most ` +
      `${(50 / Math.sqrt(Math.max(1, smallest))).toFixed(1)} points.`,
    '',
    markdownTable(
      byView.rows.map((r) => ({ method: r.method, values: r.accuracy })),
      columns,
    ),
  ];
}

/**
 * The Markdown of an encoder report: the command that regenerates it, where and when it was
 * measured, the data, a methods × metrics table, notes on the methods (their model files, why
 * one did not run, faces it missed), FreeAvatar's encoder against its two baselines (the MAE
 * features and face-mesh geometry) when the encoder is part of the evaluation, the robustness
 * table when `perturbations` ran, the plots, and how each figure is computed.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `input` is not an object, the evaluation has no
 *   methods or `input.plots` is not an array.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * declare const set: TripletSet;
 * declare const environment: RunEnvironment;
 * const command = encoderEvalCommand({ out: 'out/eval', quick: true });
 * const plots = encoderPlots(evaluation, set);
 * const markdown = encoderReportMarkdown({ evaluation, environment, command, plots });
 * ```
 */
export function encoderReportMarkdown(input: EncoderReportInput): string {
  assertObject(input, 'input');
  const { evaluation, environment, command, plots } = input;
  assertArgument(evaluation?.methods?.length > 0, 'the evaluation has no methods to report');
  assertArray(plots, 'input.plots');
  const out: string[] = ['# Expression features: triplet evaluation', ''];
  out.push('Regenerate (from the repository root, after `npm run build`):', '');
  out.push('```sh', command, '```', '');
  out.push(
    measuredOnLine(environment) +
      (input.seconds !== undefined ? ` The run took ${Math.round(input.seconds)} s.` : ''),
    '',
  );
  out.push('## Data', '', ...dataSection(evaluation), '');
  out.push('## Results', '');
  out.push(markdownTable(evaluation.methods.map(row), COLUMNS));
  out.push(
    'Triplet accuracy counts a triplet as right when the method puts the anchor–positive pair ' +
      'strictly closer than both other pairs; features that ignore expression score about 33%. ' +
      '"no face" and "errors" count the faces for which a method gave no features (their triplets ' +
      'count as wrong); faces/s is the speed of the method alone, the shared detection excluded.',
    '',
  );
  const notes = methodNotes(evaluation);
  if (notes.length > 0) out.push(...notes, '');
  const comparison = baselineComparison(evaluation);
  if (comparison !== null) {
    out.push('## The fine-tuned embedding against its baselines', '');
    out.push(
      `The fine-tuned embedding must beat both baselines on the same triplets ` +
        `(${comparison.baselines.map((b) => b.baseline).join('; ')}). ` +
        baselineComparisonText(comparison),
      '',
    );
  }
  if (input.byView) out.push(...viewAccuracyMarkdown(input.byView));
  out.push(...robustnessMarkdown(evaluation, input.perturbations ?? [], plots));
  const metricPlots = plots.filter((p) => p.kind === 'metric');
  if (metricPlots.length > 0) {
    out.push('## Plots', '');
    for (const p of metricPlots) out.push(`![${p.title}](${p.file})`, '');
  }
  const worst = plots.filter((p) => p.kind === 'worst');
  if (worst.length > 0) {
    out.push('## Worst triplets', '');
    out.push(
      'For each method, the triplets with the lowest margin min(d(a,n), d(p,n)) − d(a,p): ' +
        'anchor, positive and negative with the method’s distances; a distance in red is one ' +
        'that should have been larger than d(a,p).',
      '',
    );
    for (const p of worst) out.push(`### ${p.method}`, '', `![${p.title}](${p.file})`, '');
  }
  const byDistance = (kind: string): string[] =>
    evaluation.methods.filter((m) => m.distance === kind).map((m) => m.name);
  const distances = ['euclidean', 'cosine']
    .filter((kind) => byDistance(kind).length > 0)
    .map(
      (kind) =>
        `${kind === 'cosine' ? '1 − cosine similarity' : 'Euclidean'}: ${byDistance(kind).join(', ')}`,
    )
    .join('; ');
  out.push('## How the figures are computed', '');
  out.push(
    '- **Triplet accuracy** (overall and per FEC type): the rule of Vemulapalli & Agarwala (2019), ' +
      'd(a,p) < d(a,n) and d(a,p) < d(p,n), ties wrong, with each method’s own distance ' +
      `(${distances || 'none ran'}).`,
    '- **Emotion mAP and recall@1**: every face with features queries all the others by cosine ' +
      'similarity; relevant faces share its emotion category (for synthetic faces, the category of ' +
      'the expression that was rendered).',
    '- **Identity ratio**: mean distance of pairs with the same emotion on different people ÷ mean ' +
      'distance of pairs with different emotions on the same person. Below 1, expression outweighs ' +
      'identity.',
    '- **Standard error of a difference** between two accuracies p₁, p₂ on n triplets: ' +
      '√(p₁(1−p₁)/n + p₂(1−p₂)/n), as if the two were measured on different triplets; on the same ' +
      'triplets the true error is usually smaller.',
    '- `results.json` beside this file holds every figure, the per-type counts, the worst ' +
      'triplets, the baseline comparison and the robustness runs.',
    '',
  );
  return out.join('\n');
}

/**
 * The machine-readable form of an encoder report (`results.json`).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `input` is not an object, `input.evaluation`
 *   has no `methods` list or `input.plots` is not an array.
 * @example
 * ```ts
 * import fs from 'node:fs/promises';
 * declare const input: EncoderReportInput;
 * await fs.writeFile('results.json', JSON.stringify(encoderResultsJson(input), null, 2));
 * ```
 */
export function encoderResultsJson(input: EncoderReportInput): Record<string, unknown> {
  assertObject(input, 'input');
  assertEvaluationShape(input.evaluation, 'input.evaluation');
  assertArray(input.plots, 'input.plots');
  return {
    format: 'freeavatar-eval-encoder',
    version: 1,
    command: input.command,
    environment: input.environment,
    seconds: input.seconds ?? null,
    data: input.evaluation.data,
    methods: input.evaluation.methods,
    comparison: baselineComparison(input.evaluation),
    byView: input.byView ?? null,
    robustness: robustnessJson(input.evaluation, input.perturbations ?? []),
    plots: input.plots.map((p) => ({
      file: p.file,
      title: p.title,
      kind: p.kind,
      method: p.method,
    })),
  };
}

/**
 * Writes an encoder report into `dir` (created if missing): `report.md`, `results.json` and the
 * PNG plots of `encoderPlots` (and of `robustnessPlots` when `meta.perturbations` holds runs).
 * Node only.
 *
 * @returns the paths written.
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `dir` is not a non-empty string, `evaluation`
 *   or `set` lacks its lists, or `meta` is not an object.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * declare const set: TripletSet;
 * const environment = await describeEnvironment();
 * const command = encoderEvalCommand({ out: 'out/eval', quick: true });
 * const files = await writeEncoderReport('out/eval', evaluation, set, { environment, command });
 * ```
 */
export async function writeEncoderReport(
  dir: string,
  evaluation: Evaluation,
  set: TripletSet,
  meta: {
    environment: RunEnvironment;
    command: string;
    seconds?: number;
    perturbations?: readonly PerturbationRun[];
  },
): Promise<string[]> {
  assertNonEmptyString(dir, 'dir');
  assertObject(meta, 'meta');
  const plots = [
    ...encoderPlots(evaluation, set),
    ...robustnessPlots(evaluation, meta.perturbations ?? [], set),
  ];
  return writeReportFiles(dir, plots, (written) => {
    const byView = tripletAccuracyByView(set, evaluation);
    const input: EncoderReportInput = { evaluation, ...meta, byView, plots: written };
    return { markdown: encoderReportMarkdown(input), json: encoderResultsJson(input) };
  });
}
