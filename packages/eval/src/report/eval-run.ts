import type { BackendName, ProgressCallback } from '@freeavatar/core';

/**
 * The options every evaluation run shares: where its report goes, how short it is, the backend,
 * the command line shown in the report, and where progress and status lines go.
 *
 * @example
 * ```ts
 * const common: EvalRunOptions = { out: 'out/eval', quick: true, log: console.log };
 * ```
 */
export interface EvalRunOptions {
  /** Folder for `report.md`, `results.json` and the plots. */
  out: string;
  /** A short run, for CI. */
  quick?: boolean;
  /** TensorFlow.js backend preference. Default wasm, then cpu. */
  backend?: BackendName | readonly BackendName[];
  /** The command line written at the top of the report. Default: the run's own command. */
  command?: string;
  onProgress?: ProgressCallback;
  /** Receives status lines. */
  log?: (line: string) => void;
}

/**
 * What every evaluation run reports besides its figures.
 *
 * @example
 * ```ts
 * const { files, seconds, backend }: EvalRunSummary = await runAnimatorEval({ out: 'out/eval' });
 * ```
 */
export interface EvalRunSummary {
  /** report.md, results.json, then the plots. */
  readonly files: readonly string[];
  /** Seconds the whole run took. */
  readonly seconds: number;
  /** The TensorFlow.js backend it ran on. */
  readonly backend: string;
}
