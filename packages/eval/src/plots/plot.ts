import { FreeAvatarError } from '@freeavatar/core';
import { renderBarChart, type BarChartSpec } from './bar.js';
import { renderCurvePlot, type CurvePlotSpec } from './curves.js';
import { renderScatterPlot, type ScatterPlotSpec } from './scatter.js';
import { renderImageStrip, type ImageStripSpec } from './strip.js';

/** Any plot, tagged with its kind, for {@link renderPlot} and {@link writePlot}. */
export type PlotSpec =
  | ({ readonly kind: 'bar' } & BarChartSpec)
  | ({ readonly kind: 'scatter' } & ScatterPlotSpec)
  | ({ readonly kind: 'curves' } & CurvePlotSpec)
  | ({ readonly kind: 'strip' } & ImageStripSpec);

/**
 * Renders any plot to PNG bytes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` on an unknown kind or bad plot data.
 * @example
 * ```ts
 * const png = await renderPlot({
 *   kind: 'bar',
 *   categories: ['MAE'],
 *   series: [{ name: 'ours', values: [0.04] }],
 * });
 * ```
 */
export async function renderPlot(spec: PlotSpec): Promise<Uint8Array> {
  switch (spec?.kind) {
    case 'bar':
      return renderBarChart(spec);
    case 'scatter':
      return renderScatterPlot(spec);
    case 'curves':
      return renderCurvePlot(spec);
    case 'strip':
      return renderImageStrip(spec);
    default:
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `plot kind must be 'bar', 'scatter', 'curves' or 'strip', got ${String((spec as { kind?: unknown })?.kind)}`,
      );
  }
}

/**
 * Renders a plot and writes it as a PNG file, creating missing folders. Node.js only.
 *
 * @example
 * ```ts
 * await writePlot('report/rig-mae.png', {
 *   kind: 'bar',
 *   title: 'Rig MAE (lower is better)',
 *   categories: ['MAE', 'RMSE'],
 *   series: [{ name: 'ours', values: [0.04, 0.07] }, { name: 'kalidokit', values: [0.11, 0.16] }],
 * });
 * ```
 */
export async function writePlot(path: string, spec: PlotSpec): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `path must be a non-empty file path, got ${String(path)}`,
    );
  }
  const png = await renderPlot(spec);
  const fs = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await fs.mkdir(dirname(path), { recursive: true });
  await fs.writeFile(path, png);
}
