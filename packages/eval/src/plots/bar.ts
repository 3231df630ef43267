import { FreeAvatarError, assertObject } from '@freeavatar/core';
import { drawXBaseline, drawYAxis, layoutArea, niceAxis, yPixel } from './axes.js';
import {
  AXIS,
  INK,
  MUTED,
  createSurface,
  drawLegend,
  drawTitle,
  encodePng,
  seriesColors,
  setFont,
  wrapText,
  type PlotOptions,
} from './canvas.js';
import { fixedFormatFor } from '../format.js';

/** One method's values, one per category; `null` where it has no value (drawn as "n/a"). */
export interface BarSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
  readonly color?: string;
}

/** A grouped bar chart: categories along x (e.g. metrics), one bar per series in each. */
export interface BarChartSpec extends PlotOptions {
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  readonly yLabel?: string;
  readonly xLabel?: string;
  /** Fixed y range; default from the data, always including 0. */
  readonly yRange?: readonly [number, number];
  /** Write each bar's value above it. Default true. */
  readonly showValues?: boolean;
  /**
   * How values are written on bars. Default: the same number of decimals on every bar, from the
   * largest magnitude (3 below 10, 2 below 100, 1 below 1000, else none).
   */
  readonly formatValue?: (value: number) => string;
}

function validate(spec: BarChartSpec): void {
  const { categories, series } = spec;
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new FreeAvatarError('INVALID_ARGUMENT', 'categories must be a non-empty list of names');
  }
  if (!Array.isArray(series) || series.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'series must be a non-empty list of {name, values}',
    );
  }
  series.forEach((s, i) => {
    if (!Array.isArray(s?.values) || s.values.length !== categories.length) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `series[${i}] ('${s?.name}') must have ${categories.length} values (one per category), got ${s?.values?.length}`,
      );
    }
    s.values.forEach((v: number | null, j: number) => {
      if (v !== null && !Number.isFinite(v)) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `series[${i}].values[${j}] must be a finite number or null, got ${v}`,
        );
      }
    });
  });
  if (spec.yRange && !(spec.yRange[1] > spec.yRange[0])) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `yRange must be [low, high] with low < high, got ${JSON.stringify(spec.yRange)}`,
    );
  }
}

/**
 * Renders a grouped bar chart to PNG bytes: one group per category (e.g. metric), one labelled
 * bar per series (e.g. method) in each, with a legend.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `spec` is not an object, a series has a value
 *   count other than the category count, or a non-finite value.
 * @example
 * ```ts
 * const png = await renderBarChart({
 *   title: 'Triplet accuracy',
 *   categories: ['overall', 'ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS'],
 *   series: [
 *     { name: 'ours', values: [0.86, 0.81, 0.88, 0.9] },
 *     { name: 'landmarks', values: [0.71, 0.66, 0.73, 0.75] },
 *   ],
 *   yRange: [0, 1],
 * });
 * ```
 */
export async function renderBarChart(spec: BarChartSpec): Promise<Uint8Array> {
  assertObject(spec, 'spec');
  validate(spec);
  const s = await createSurface(
    spec,
    Math.max(640, 120 + spec.categories.length * (40 + 34 * spec.series.length)),
    440,
  );
  const { ctx } = s;
  const colors = seriesColors(spec.series);
  const values = spec.series.flatMap((r) => r.values.filter((v): v is number => v !== null));
  const fmt = spec.formatValue ?? fixedFormatFor(values);
  const [dataLo, hi] = spec.yRange ?? [Math.min(0, ...values), Math.max(0, ...values)];
  // room for the value labels under negative bars
  const lo = spec.yRange === undefined && dataLo < 0 ? dataLo - 0.08 * (hi - dataLo) : dataLo;
  const y = niceAxis(lo, hi, { label: spec.yLabel, includeZero: spec.yRange === undefined });

  let top = drawTitle(s, spec.title);
  top = drawLegend(
    s,
    spec.series.map((r, i) => ({
      label: r.name,
      color: colors[i],
      mark: 'box' as const,
    })),
    top,
  );
  setFont(s, 13);
  const groupWidthGuess = (s.width - 120) / spec.categories.length;
  const catLines = spec.categories.map((c) => wrapText(ctx, c, groupWidthGuess - 8).slice(0, 3));
  const tickLines = Math.max(...catLines.map((l) => l.length));
  const area = layoutArea(s, top + (spec.showValues === false ? 0 : 14), y, {
    label: spec.xLabel,
    tickLines,
  });
  drawYAxis(s, area, y);

  const groupWidth = area.width / spec.categories.length;
  const inner = groupWidth * 0.8;
  const barWidth = inner / spec.series.length;
  const zero = yPixel(y, area, Math.min(Math.max(0, y.min), y.max));
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top - 16, area.width, area.height + 16);
  ctx.clip();
  spec.categories.forEach((_, c) => {
    const gx = area.left + c * groupWidth + (groupWidth - inner) / 2;
    spec.series.forEach((r, i) => {
      const v = r.values[c];
      const x = gx + i * barWidth;
      const pad = Math.min(3, barWidth * 0.1);
      if (v === null) {
        label(s, 'n/a', x + barWidth / 2, zero - 4, barWidth, MUTED);
        return;
      }
      const py = yPixel(y, area, Math.min(Math.max(v, y.min), y.max));
      ctx.fillStyle = colors[i];
      ctx.fillRect(x + pad, Math.min(py, zero), barWidth - 2 * pad, Math.abs(zero - py));
      if (spec.showValues !== false) {
        label(s, fmt(v), x + barWidth / 2, v >= 0 ? py - 4 : py + 14, barWidth, INK);
      }
    });
  });
  ctx.restore();
  if (y.min < 0 && y.max > 0) {
    ctx.strokeStyle = AXIS;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(area.left, Math.round(zero) + 0.5);
    ctx.lineTo(area.left + area.width, Math.round(zero) + 0.5);
    ctx.stroke();
  }

  drawXBaseline(s, area, spec.xLabel, tickLines);
  setFont(s, 13);
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  catLines.forEach((lines, c) => {
    const cx = area.left + (c + 0.5) * groupWidth;
    lines.forEach((line, k) => ctx.fillText(line, cx, area.top + area.height + 8 + k * 16));
  });
  return encodePng(s);
}

/** Writes a small value label centred at x, shrinking the font to fit the bar width. */
function label(
  s: Parameters<typeof setFont>[0],
  text: string,
  x: number,
  y: number,
  width: number,
  color: string,
): void {
  let size = 12;
  setFont(s, size);
  while (size > 8 && s.ctx.measureText(text).width > width + 6) setFont(s, --size);
  if (s.ctx.measureText(text).width > width + 10) return;
  s.ctx.fillStyle = color;
  s.ctx.textAlign = 'center';
  s.ctx.textBaseline = 'alphabetic';
  s.ctx.fillText(text, x, y);
}
