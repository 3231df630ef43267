import { FreeAvatarError, assertObject } from '@freeavatar/core';
import { drawXTicks, drawYAxis, layoutArea, niceAxis, xPixel, yPixel } from './axes.js';
import {
  assertPlotValues,
  createSurface,
  drawLegend,
  drawTitle,
  encodePng,
  seriesColors,
  type PlotOptions,
} from './canvas.js';

/** One curve over time. */
export interface CurveSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
  /** Positions along x; default the frame index, or `index / fps` when the plot has `fps`. */
  readonly x?: ArrayLike<number>;
  readonly color?: string;
  /** Draw dashed, e.g. for the true curve beside predictions. Default false. */
  readonly dashed?: boolean;
}

/** A line plot of curves over time, e.g. predicted against true rig values. */
export interface CurvePlotSpec extends PlotOptions {
  readonly series: readonly CurveSeries[];
  /** Frames per second; when set, x is in seconds. */
  readonly fps?: number;
  /** Default `'frame'`, or `'time (s)'` with `fps`. */
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Fixed y range; default from the data. */
  readonly yRange?: readonly [number, number];
}

/**
 * Renders curves over time to PNG bytes, with a legend. Use `dashed` or a fixed `color` to set
 * the true curve apart from predictions.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `spec` is not an object, on empty series,
 *   non-finite values, `x` of another length than `values`, or a non-positive `fps`.
 * @example
 * ```ts
 * declare const truth: number[];
 * declare const predicted: number[];
 * const png = await renderCurvePlot({
 *   title: 'jawOpen over time',
 *   fps: 30,
 *   series: [
 *     { name: 'true', values: truth, dashed: true, color: '#555555' },
 *     { name: 'ours', values: predicted },
 *   ],
 * });
 * ```
 */
export async function renderCurvePlot(spec: CurvePlotSpec): Promise<Uint8Array> {
  assertObject(spec, 'spec');
  if (!Array.isArray(spec.series) || spec.series.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'series must be a non-empty list of {name, values}',
    );
  }
  if (spec.fps !== undefined && !(Number.isFinite(spec.fps) && spec.fps > 0)) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `fps must be a positive number, got ${spec.fps}`);
  }
  if (spec.yRange && !(spec.yRange[1] > spec.yRange[0])) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `yRange must be [low, high] with low < high, got ${JSON.stringify(spec.yRange)}`,
    );
  }
  const fps = spec.fps;
  const xsOf = spec.series.map((r, i) => {
    assertPlotValues(r.values, `series[${i}].values`);
    if (r.x === undefined) {
      return Float64Array.from({ length: r.values.length }, (_, k) => (fps ? k / fps : k));
    }
    assertPlotValues(r.x, `series[${i}].x`);
    if (r.x.length !== r.values.length) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `series[${i}] ('${r.name}') has ${r.x.length} x positions for ${r.values.length} values`,
      );
    }
    return r.x;
  });
  let xLo = Infinity;
  let xHi = -Infinity;
  let yLo = Infinity;
  let yHi = -Infinity;
  spec.series.forEach((r, i) => {
    for (let k = 0; k < r.values.length; k++) {
      xLo = Math.min(xLo, xsOf[i][k]);
      xHi = Math.max(xHi, xsOf[i][k]);
      yLo = Math.min(yLo, r.values[k]);
      yHi = Math.max(yHi, r.values[k]);
    }
  });
  const s = await createSurface(spec, 860, 420);
  const { ctx } = s;
  const colors = seriesColors(spec.series);
  const x = niceAxis(xLo, xHi, {
    label: spec.xLabel ?? (fps ? 'time (s)' : 'frame'),
    targetTicks: 9,
  });
  const yr = spec.yRange ?? [yLo, yHi];
  const y = niceAxis(yr[0], yr[1], { label: spec.yLabel });

  let top = drawTitle(s, spec.title);
  top = drawLegend(
    s,
    spec.series.map((r, i) => ({
      label: r.name,
      color: colors[i],
      mark: r.dashed ? ('dashed' as const) : ('line' as const),
    })),
    top,
  );
  const area = layoutArea(s, top, y, { label: x.label });
  drawYAxis(s, area, y);
  drawXTicks(s, area, x);

  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.width, area.height);
  ctx.clip();
  ctx.lineJoin = 'round';
  spec.series.forEach((r, i) => {
    ctx.strokeStyle = colors[i];
    ctx.lineWidth = r.dashed ? 2.5 : 2;
    ctx.setLineDash(r.dashed ? [7, 5] : []);
    ctx.beginPath();
    for (let k = 0; k < r.values.length; k++) {
      const px = xPixel(x, area, xsOf[i][k]);
      const py = yPixel(y, area, r.values[k]);
      if (k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    if (r.values.length === 1) {
      ctx.arc(xPixel(x, area, xsOf[i][0]), yPixel(y, area, r.values[0]), 2, 0, Math.PI * 2);
    }
    ctx.stroke();
  });
  ctx.restore();
  return encodePng(s);
}
