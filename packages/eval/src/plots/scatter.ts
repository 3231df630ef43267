import { FreeAvatarError, assertObject } from '@freeavatar/core';
import { drawXTicks, drawYAxis, layoutArea, niceAxis, xPixel, yPixel } from './axes.js';
import {
  INK,
  MUTED,
  assertPlotValues,
  createSurface,
  drawLegend,
  drawTitle,
  encodePng,
  seriesColors,
  setFont,
  type PlotOptions,
} from './canvas.js';

/** Points of one series: `x[i]` against `y[i]`. */
export interface ScatterSeries {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color?: string;
}

/** A scatter plot, e.g. predicted (y) against true (x) values of one rig control. */
export interface ScatterPlotSpec extends PlotOptions {
  readonly series: readonly ScatterSeries[];
  /** Default `'true'`. */
  readonly xLabel?: string;
  /** Default `'predicted'`. */
  readonly yLabel?: string;
  /** Draw the y = x line and use the same range on both axes. Default true. */
  readonly identityLine?: boolean;
  /** Fixed range for both axes (or x only without the identity line). Default from the data. */
  readonly range?: readonly [number, number];
  /** A short note in the top-left corner of the plot, e.g. `'r = 0.93, MAE = 0.04'`. */
  readonly note?: string;
  /** Point radius in layout pixels. Default 3. */
  readonly pointRadius?: number;
}

function extent(values: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    for (let i = 0; i < v.length; i++) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
    }
  }
  return [lo, hi];
}

/**
 * Renders a scatter plot to PNG bytes: each series as dots in its own colour, optionally with a
 * dashed y = x line on equal axes so that points on the line are perfect predictions. A legend
 * is drawn when there is more than one series.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `spec` is not an object, a series has x and y
 *   of different lengths, no points, or non-finite values.
 * @example
 * ```ts
 * const png = await renderScatterPlot({
 *   title: 'jawOpen',
 *   series: [{ name: 'ours', x: [0, 0.5, 1], y: [0.05, 0.45, 0.9] }],
 *   note: 'r = 0.99',
 * });
 * ```
 */
export async function renderScatterPlot(spec: ScatterPlotSpec): Promise<Uint8Array> {
  assertObject(spec, 'spec');
  if (!Array.isArray(spec.series) || spec.series.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'series must be a non-empty list of {name, x, y}',
    );
  }
  spec.series.forEach((r, i) => {
    assertPlotValues(r.x, `series[${i}].x`);
    assertPlotValues(r.y, `series[${i}].y`);
    if (r.x.length !== r.y.length) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `series[${i}] ('${r.name}') has ${r.x.length} x values and ${r.y.length} y values; they must match`,
      );
    }
  });
  if (spec.range && !(spec.range[1] > spec.range[0])) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `range must be [low, high] with low < high, got ${JSON.stringify(spec.range)}`,
    );
  }
  const radius = spec.pointRadius ?? 3;
  if (!(Number.isFinite(radius) && radius > 0 && radius <= 50)) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `pointRadius must be in (0, 50], got ${radius}`);
  }
  const identity = spec.identityLine ?? true;
  const s = await createSurface(spec, 560, 540);
  const { ctx } = s;
  const colors = seriesColors(spec.series);
  const xs = extent(spec.series.map((r) => r.x));
  const ys = extent(spec.series.map((r) => r.y));
  const both: [number, number] = [Math.min(xs[0], ys[0]), Math.max(xs[1], ys[1])];
  const xRange = spec.range ?? (identity ? both : xs);
  const yRange = identity ? xRange : ys;
  const x = niceAxis(xRange[0], xRange[1], { label: spec.xLabel ?? 'true' });
  const y = niceAxis(yRange[0], yRange[1], { label: spec.yLabel ?? 'predicted' });

  let top = drawTitle(s, spec.title);
  if (spec.series.length > 1) {
    top = drawLegend(
      s,
      spec.series.map((r, i) => ({
        label: r.name,
        color: colors[i],
        mark: 'dot' as const,
      })),
      top,
    );
  }
  const area = layoutArea(s, top, y, { label: x.label });
  drawYAxis(s, area, y);
  drawXTicks(s, area, x);

  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.width, area.height);
  ctx.clip();
  if (identity) {
    const lo = Math.max(x.min, y.min);
    const hi = Math.min(x.max, y.max);
    ctx.strokeStyle = MUTED;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([6, 5]);
    ctx.beginPath();
    ctx.moveTo(xPixel(x, area, lo), yPixel(y, area, lo));
    ctx.lineTo(xPixel(x, area, hi), yPixel(y, area, hi));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();
  // points on the edge of the range stay whole
  ctx.save();
  ctx.beginPath();
  ctx.rect(
    area.left - radius - 1,
    area.top - radius - 1,
    area.width + 2 * radius + 2,
    area.height + 2 * radius + 2,
  );
  ctx.clip();
  spec.series.forEach((r, i) => {
    ctx.fillStyle = colors[i];
    ctx.globalAlpha = r.x.length > 500 ? 0.45 : 0.75;
    for (let k = 0; k < r.x.length; k++) {
      ctx.beginPath();
      ctx.arc(xPixel(x, area, r.x[k]), yPixel(y, area, r.y[k]), radius, 0, Math.PI * 2);
      ctx.fill();
    }
  });
  ctx.globalAlpha = 1;
  ctx.restore();

  if (spec.note) {
    setFont(s, 13);
    const w = ctx.measureText(spec.note).width;
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(area.left + 8, area.top + 8, w + 12, 22);
    ctx.fillStyle = INK;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(spec.note, area.left + 14, area.top + 19);
  }
  return encodePng(s);
}
