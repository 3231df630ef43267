import { assertArgument, nodeIo } from '@freeavatar/core';
import { writePlot, type PlotSpec } from '../plots/plot.js';
import type { RunEnvironment } from './environment.js';

/**
 * The "Measured at …" line of a report: the commit (and whether packages/ had uncommitted
 * changes), the machine, Node, the TensorFlow.js backend and the date.
 *
 * @example
 * ```ts
 * out.push(measuredOnLine(await describeEnvironment({ backend: 'wasm' })));
 * ```
 */
export function measuredOnLine(env: RunEnvironment): string {
  const commit =
    env.commit === null
      ? 'an unknown commit (not a git checkout)'
      : `commit \`${env.commit.slice(0, 12)}\`${env.uncommittedChanges ? ' (with uncommitted changes under packages/)' : ''}`;
  const backend = env.backend ? `, TensorFlow.js backend ${env.backend}` : '';
  return `Measured at ${commit} on ${env.cpu} × ${env.cores} (${env.os}, Node ${env.node}${backend}), ${env.date.slice(0, 10)}.`;
}

/**
 * Writes a report folder (created if missing): each plot as a PNG, then `report.md` and
 * `results.json` made from the plots' files and titles. Node only.
 *
 * @returns the paths written: `report.md`, `results.json`, then the plots.
 * @example
 * ```ts
 * const files = await writeReportFiles('out/report', plots, (written) => ({
 *   markdown: `# Report\n\n${written.map((p) => `![${p.title}](${p.file})`).join('\n')}\n`,
 *   json: { plots: written },
 * }));
 * ```
 */
export async function writeReportFiles<P extends { file: string; spec: PlotSpec }>(
  dir: string,
  plots: readonly P[],
  render: (plots: Omit<P, 'spec'>[]) => { markdown: string; json: unknown },
): Promise<string[]> {
  assertArgument(typeof dir === 'string' && dir !== '', `dir must be a folder path, got ${dir}`);
  const { fs, path } = await nodeIo();
  await fs.mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const plot of plots) {
    const file = path.join(dir, plot.file);
    await writePlot(file, plot.spec);
    files.push(file);
  }
  const { markdown, json } = render(plots.map(({ spec: _spec, ...rest }) => rest));
  const report = path.join(dir, 'report.md');
  await fs.writeFile(report, markdown);
  const results = path.join(dir, 'results.json');
  await fs.writeFile(results, JSON.stringify(json, null, 2) + '\n');
  return [report, results, ...files];
}
