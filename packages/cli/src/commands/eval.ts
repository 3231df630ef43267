import { Command, Option } from 'commander';
import { BACKEND_NAMES, FreeAvatarError, type BackendName } from '@freeavatar/core';
import {
  DEFAULT_METHOD_IDS,
  FULL_TRIPLETS,
  PERTURBATION_IDS,
  QUICK_TRIPLETS,
  TRIPLET_TYPES,
  robustnessRows,
  runEncoderEval,
  type DefaultMethodId,
  type EncoderEvalOptions,
  type EncoderEvalSummary,
  type Evaluation,
  type MethodResult,
  type PerturbationId,
  type PerturbationRun,
} from '@freeavatar/eval';
import { createProgressBar } from '../terminal/progress-bar.js';
import { evalAnimatorCommand } from './eval-animator.js';
import { idListArg, integerArg } from './option-parsers.js';

/**
 * The flags of `freeavatar eval encoder`, as commander parses them.
 *
 * @example
 * ```ts
 * const flags: EvalEncoderFlags = { out: 'out/eval', quick: true, methods: ['geometry'] };
 * ```
 */
export interface EvalEncoderFlags {
  readonly out: string;
  readonly data?: string;
  readonly quick?: boolean;
  readonly count?: number;
  readonly seed?: number;
  readonly size?: number;
  readonly model?: string;
  readonly maeModel?: string;
  readonly perturb?: PerturbationId[];
  readonly methods?: DefaultMethodId[];
  readonly worst?: number;
  readonly backend?: BackendName;
}

/**
 * Parses `--perturb`: `all`, `none`, or a comma-separated list of perturbation ids (repeats
 * dropped), naming an unknown one.
 *
 * @throws InvalidArgumentError (commander's) for an empty list or an unknown id.
 * @example
 * ```ts
 * perturbList('blur,yaw'); // ['blur', 'yaw']
 * perturbList('all'); // ['blur', 'noise', 'occlusion', 'yaw', 'dark']
 * ```
 */
export const perturbList: (value: string) => PerturbationId[] = idListArg(
  '--perturb',
  PERTURBATION_IDS,
  true,
);

/**
 * Turns the flags of `freeavatar eval encoder` into the options of `runEncoderEval`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `--seed` is given with `--data` (the seed
 *   only chooses synthetic triplets).
 * @example
 * ```ts
 * const options = evalEncoderOptions({ out: 'out/eval', quick: true });
 * // { out: 'out/eval', quick: true, … }
 * ```
 */
export function evalEncoderOptions(flags: EvalEncoderFlags): EncoderEvalOptions {
  if (flags.data !== undefined && flags.seed !== undefined) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      '--seed chooses synthetic triplets and has no use with --data (use --count to take the first triplets)',
      { subject: '--seed' },
    );
  }
  return {
    out: flags.out,
    data: flags.data,
    quick: flags.quick ?? false,
    count: flags.count,
    seed: flags.seed,
    size: flags.size,
    model: flags.model,
    maeModel: flags.maeModel,
    perturb: flags.perturb,
    include: flags.methods,
    worst: flags.worst,
    backend: flags.backend,
  };
}

const pct = (v: number | undefined): string => (v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * One line per method for the terminal: triplet accuracy overall and per type, retrieval mAP,
 * the invariance ratio and the faces without features; or why the method did not run.
 *
 * @example
 * ```ts
 * summary.evaluation.methods.map(methodSummaryLine).forEach((l) => console.log(l));
 * ```
 */
export function methodSummaryLine(m: MethodResult): string {
  if (!m.available || m.scores === undefined) return `${m.name}: ${m.reason ?? 'not available'}`;
  const t = m.scores.triplets;
  const types = TRIPLET_TYPES.filter((type) => t.byType[type] !== undefined)
    .map((type) => `${type.replace('_CLASS', '')} ${pct(t.byType[type]?.accuracy)}`)
    .join(', ');
  const parts = [`triplet accuracy ${pct(t.accuracy)}${types ? ` (${types})` : ''}`];
  if (m.scores.retrieval)
    parts.push(`emotion mAP ${m.scores.retrieval.meanAveragePrecision.toFixed(3)}`);
  if (m.scores.invariance) parts.push(`identity ratio ${m.scores.invariance.ratio.toFixed(3)}`);
  const missing = (m.faces?.noFace ?? 0) + (m.faces?.failed ?? 0);
  if (missing > 0) parts.push(`${missing} faces without features`);
  return `${m.name}: ${parts.join(', ')}`;
}

/**
 * One line per perturbation for the terminal: each method's triplet accuracy under it and the
 * drop from clean in points; or why it did not run.
 *
 * @example
 * ```ts
 * summary.perturbations.map((r) => perturbationSummaryLine(summary.evaluation, r)).forEach((l) => console.log(l));
 * ```
 */
export function perturbationSummaryLine(evaluation: Evaluation, run: PerturbationRun): string {
  if (run.evaluation === null)
    return `under ${run.label}: not run (${run.reason ?? 'not available'})`;
  const cells = robustnessRows(evaluation, [run])
    .filter((r) => r.perturbed[run.id].accuracy !== null)
    .map((r) => {
      const { accuracy, drop } = r.perturbed[run.id];
      return `${r.method} ${pct(accuracy!)} (drop ${drop!.toFixed(1)})`;
    });
  return `under ${run.label}: ${cells.length > 0 ? cells.join(', ') : 'no method ran'}`;
}

/**
 * Runs `freeavatar eval encoder` from parsed flags with a progress bar, printing a line per
 * method and the files written.
 *
 * @example
 * ```ts
 * const summary = await runEvalEncoderCommand({ out: 'out/eval', quick: true }, console.log);
 * ```
 */
export async function runEvalEncoderCommand(
  flags: EvalEncoderFlags,
  out: (line: string) => void,
): Promise<EncoderEvalSummary> {
  const options = evalEncoderOptions(flags);
  const bar = createProgressBar();
  let summary: EncoderEvalSummary;
  try {
    summary = await runEncoderEval({ ...options, onProgress: bar.onProgress, log: out });
  } finally {
    bar.stop();
  }
  summary.evaluation.methods.forEach((m) => out(methodSummaryLine(m)));
  summary.perturbations.forEach((r) => out(perturbationSummaryLine(summary.evaluation, r)));
  out(
    `${summary.evaluation.data.triplets} triplets in ${summary.seconds.toFixed(0)} s on ${summary.backend}; ` +
      `wrote ${summary.files[0]}, ${summary.files[1]} and ${summary.files.length - 2} plots`,
  );
  return summary;
}

/**
 * The `eval` command group: `eval encoder` measures expression features on triplets and writes
 * a report; `eval animator` measures rig transfer of the animator and writes a report.
 *
 * @example
 * ```ts
 * program.addCommand(evalCommand(console.log));
 * ```
 */
export function evalCommand(out: (line: string) => void): Command {
  const group = new Command('eval').description(
    'Measure the models against the peer methods on the same data, and write a report',
  );
  group
    .command('encoder')
    .description(
      'Triplet accuracy (per type), emotion retrieval and identity invariance of the expression ' +
        'features of FreeAvatar, its MAE baseline and the peers on the same triplets, and their ' +
        'accuracy under blur, noise, occlusion, wide yaw and dark light; writes report.md, ' +
        'results.json and PNG plots',
    )
    .requiredOption('--out <dir>', 'folder for the report')
    .option(
      '--data <dir>',
      'FEC-format triplets (a CSV and its images, e.g. from `freeavatar synth triplets`); ' +
        'default: synthetic test-split triplets rendered on the fly',
    )
    .option('--quick', `a short run (${QUICK_TRIPLETS} triplets unless --count says otherwise)`)
    .option(
      '--count <n>',
      `number of triplets (default ${FULL_TRIPLETS}, ${QUICK_TRIPLETS} with --quick)`,
      integerArg('--count', 1, 100_000),
    )
    .option(
      '--seed <k>',
      'seed of the synthetic triplets (default 1)',
      integerArg('--seed', 0, 2 ** 31 - 1),
    )
    .option('--size <px>', 'face picture size (default 112)', integerArg('--size', 32, 512))
    .option('--model <path>', "FreeAvatar encoder weights (model.json); default: the package's")
    .option(
      '--mae-model <path>',
      'stage-1 (MAE) model whose pooled backbone features are the MAE baseline ' +
        '(e.g. runs/mae/model/model.json); without it that row reads "not available"',
    )
    .option(
      '--perturb <list>',
      `score the same triplets again under perturbations: all, none, or a comma-separated list of ${PERTURBATION_IDS.join(', ')} ` +
        '(default all, none with --quick); each adds a pass over the faces',
      perturbList,
    )
    .option(
      '--methods <list>',
      `methods to run, comma-separated: ${DEFAULT_METHOD_IDS.join(', ')} (default all)`,
      idListArg('--methods', DEFAULT_METHOD_IDS),
    )
    .option(
      '--worst <n>',
      'worst triplets shown per method (default 5)',
      integerArg('--worst', 0, 50),
    )
    .addOption(
      new Option('--backend <name>', 'tfjs backend (default wasm)').choices([...BACKEND_NAMES]),
    )
    .action(async (flags: EvalEncoderFlags) => {
      await runEvalEncoderCommand(flags, out);
    });
  group.addCommand(evalAnimatorCommand(out));
  return group;
}
