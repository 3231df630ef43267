import { assertArray } from '@freeavatar/core';
import { assertEvaluationShape, type Evaluation } from '../harness/evaluate.js';
import { ENCODER_METHOD_NAME } from '../harness/method-names.js';
import { robustnessRows, type PerturbationRun, type RobustnessRow } from '../harness/robustness.js';
import { assertTripletSetShape, type TripletSet } from '../harness/triplet-set.js';
import type { ReportPlot } from './encoder-plots.js';
import { markdownTable, type MetricColumn, type ResultRow } from './markdown.js';

const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** The first checks of every function here: an evaluation and a list of runs. */
function assertInputs(evaluation: Evaluation, runs: readonly PerturbationRun[]): void {
  assertEvaluationShape(evaluation, 'evaluation');
  assertArray(runs, 'runs');
}

/**
 * The robustness plots of an encoder report: a bar chart of triplet accuracy per perturbation
 * (clean first) for every method that ran, and a strip showing the first face clean and under
 * each perturbation. Empty when no perturbation ran.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `evaluation` has no `methods` list, `runs` is
 *   not an array or `set` has no `faces` or `triplets` list.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * declare const runs: PerturbationRun[];
 * declare const set: TripletSet;
 * const plots = robustnessPlots(evaluation, runs, set); // robustness.png, perturbations.png
 * ```
 */
export function robustnessPlots(
  evaluation: Evaluation,
  runs: readonly PerturbationRun[],
  set: TripletSet,
): ReportPlot[] {
  assertInputs(evaluation, runs);
  assertTripletSetShape(set, 'set');
  const ran = runs.filter((r) => r.evaluation !== null);
  const rows = robustnessRows(evaluation, ran).filter((r) => r.clean !== null);
  if (ran.length === 0 || rows.length === 0) return [];
  const plots: ReportPlot[] = [
    {
      file: 'robustness.png',
      title: 'Triplet accuracy under perturbations',
      kind: 'robustness',
      spec: {
        kind: 'bar',
        pixelRatio: 1,
        width: Math.max(720, 110 * (ran.length + 1) + 200),
        title: 'Triplet accuracy, clean and under each perturbation (higher is better)',
        categories: ['clean', ...ran.map((r) => r.label)],
        series: rows.map((r) => ({
          name: r.method,
          values: [r.clean, ...ran.map((run) => r.perturbed[run.id].accuracy)],
        })),
        yRange: [0, 1],
        formatValue: percent,
      },
    },
  ];
  const examples = ran.filter((r) => r.example !== undefined);
  if (examples.length > 0 && set.faces.length > 0) {
    plots.push({
      file: 'perturbations.png',
      title: 'The first face, clean and under each perturbation',
      kind: 'robustness',
      spec: {
        kind: 'strip',
        pixelRatio: 1,
        title: 'The first face of the set, clean and under each perturbation',
        cellHeight: 112,
        items: [
          { image: set.faces[0].image, caption: 'clean' },
          ...examples.map((r) => ({ image: r.example!, caption: r.label })),
        ],
      },
    });
  }
  return plots;
}

function tableRow(row: RobustnessRow, available: boolean): ResultRow {
  const values: Record<string, number | null> = { clean: row.clean };
  for (const [id, cell] of Object.entries(row.perturbed)) {
    values[id] = cell.accuracy;
    values[`${id}:drop`] = cell.drop;
  }
  return { method: available ? row.method : `${row.method} (not run)`, values };
}

const range = (values: readonly number[]): string =>
  `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;

/**
 * What the drops' standard errors are: their range over every cell, paired (from the runs'
 * per-triplet outcomes) where the runs kept them, and the encoder's own drops each with its error.
 */
function errorLines(rows: readonly RobustnessRow[], runs: readonly PerturbationRun[]): string[] {
  const cells = rows.flatMap((r) => Object.values(r.perturbed));
  const independent = cells.flatMap((c) => (c.standardError === null ? [] : [c.standardError]));
  if (independent.length === 0) return [];
  const paired = cells.flatMap((c) =>
    c.pairedStandardError === null ? [] : [c.pairedStandardError],
  );
  const lines: string[] = [];
  if (paired.length === 0) {
    lines.push(
      `A drop's standard error here is ${range(independent)} points (the clean and the ` +
        'perturbed accuracy taken as independent proportions over the triplets; both score the ' +
        'same triplets, so the true error is smaller): drops closer than about twice that to ' +
        'each other, or to a target, are not told apart. `results.json` has it per cell ' +
        '(`robustness.table`).',
    );
  } else {
    lines.push(
      `A drop's standard error here is ${range(paired)} points, paired: the same triplets are ` +
        'scored clean and perturbed, and only those ordered differently the two times vary the ' +
        `drop (taken as two independent accuracies, it would be ${range(independent)}). Drops ` +
        'closer than about twice that to each other, or to a target, are not told apart. ' +
        '`results.json` has both per cell (`robustness.table`).',
    );
  }
  const encoder = rows.find((r) => r.method === ENCODER_METHOD_NAME && r.clean !== null);
  const own = runs.flatMap((run) => {
    const cell = encoder?.perturbed[run.id];
    if (cell?.drop == null) return [];
    const error = cell.pairedStandardError ?? cell.standardError;
    return [`${run.label} ${cell.drop.toFixed(1)} ± ${error!.toFixed(1)}`];
  });
  if (own.length > 0) {
    lines.push(
      '',
      `${ENCODER_METHOD_NAME}'s drops in points, ± one standard error: ${own.join(', ')}.`,
    );
  }
  lines.push('');
  return lines;
}

/**
 * The robustness section of an encoder report (Markdown lines): what each perturbation does,
 * how many faces the shared detector found under it, and a table of triplet accuracy clean and
 * under each perturbation with the drop in points. Empty when `runs` is empty.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `evaluation` has no `methods` list or `runs` is
 *   not an array.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * declare const runs: PerturbationRun[];
 * declare const plots: ReportPlot[];
 * const lines: string[] = ['# Report', ''];
 * lines.push(...robustnessMarkdown(evaluation, runs, plots));
 * ```
 */
export function robustnessMarkdown(
  evaluation: Evaluation,
  runs: readonly PerturbationRun[],
  plots: readonly Omit<ReportPlot, 'spec'>[] = [],
): string[] {
  assertInputs(evaluation, runs);
  if (runs.length === 0) return [];
  const out: string[] = ['## Robustness', ''];
  out.push(
    'The same triplets again, every face changed in one way; every method reads the changed ' +
      'pictures through the same shared face detection. A drop is clean minus perturbed accuracy ' +
      'in percentage points (positive: worse).',
    '',
  );
  for (const run of runs) {
    const data = run.evaluation?.data;
    const found =
      data && data.facesWithoutDetection !== null
        ? ` The detector found a face in ${data.faces - data.facesWithoutDetection} of ${data.faces} pictures.`
        : '';
    out.push(
      run.evaluation === null
        ? `- **${run.label}**: ${run.description}. Not run: ${run.reason ?? 'not available'}.`
        : `- **${run.label}**: ${run.description}.${found}`,
    );
  }
  out.push('');
  const rows = robustnessRows(evaluation, runs);
  const columns: MetricColumn[] = [
    { key: 'clean', label: 'clean', percent: true, digits: 1, better: 'higher' },
  ];
  for (const run of runs) {
    columns.push(
      { key: run.id, label: run.label, percent: true, digits: 1, better: 'higher' },
      { key: `${run.id}:drop`, label: `${run.label} drop`, digits: 1, better: 'lower' },
    );
  }
  out.push(
    markdownTable(
      rows.map((r, i) => tableRow(r, evaluation.methods[i].available)),
      columns,
    ),
  );
  out.push(...errorLines(rows, runs));
  for (const p of plots.filter((p) => p.kind === 'robustness')) {
    out.push(`![${p.title}](${p.file})`, '');
  }
  return out;
}

/**
 * The robustness part of `results.json`: each perturbation with its description, its data
 * summary and every method's full result on the perturbed faces, and the table of
 * {@link robustnessRows} (empty when no perturbation was asked for).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `evaluation` has no `methods` list or `runs` is
 *   not an array.
 * @example
 * ```ts
 * declare const evaluation: Evaluation;
 * declare const runs: PerturbationRun[];
 * const json: Record<string, unknown> = {};
 * json.robustness = robustnessJson(evaluation, runs);
 * ```
 */
export function robustnessJson(
  evaluation: Evaluation,
  runs: readonly PerturbationRun[],
): Record<string, unknown> {
  assertInputs(evaluation, runs);
  return {
    perturbations: runs.map((r) => ({
      id: r.id,
      label: r.label,
      description: r.description,
      ran: r.evaluation !== null,
      ...(r.reason === undefined ? {} : { reason: r.reason }),
      seconds: r.seconds ?? null,
      data: r.evaluation?.data ?? null,
      methods: r.evaluation?.methods ?? null,
    })),
    table: runs.length > 0 ? robustnessRows(evaluation, runs) : [],
  };
}
