import { AXIS, GRID, INK, setFont, type PlotArea, type Surface } from './canvas.js';

/** A numeric axis: its range, tick positions and how tick labels are written. */
export interface NumericAxis {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  readonly format: (value: number) => string;
  readonly label?: string;
}

/** Options of {@link niceAxis}. */
export interface NiceAxisOptions {
  readonly label?: string;
  /** Stretch the range to include 0. */
  readonly includeZero?: boolean;
  /** About how many ticks to aim for. Default 6. */
  readonly targetTicks?: number;
}

function niceNumber(x: number, round: boolean): number {
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  let nf: number;
  if (round) nf = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
  else nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nf * 10 ** exp;
}

/**
 * An axis covering `[min, max]` with round tick steps (1, 2, 2.5 or 5 times a power of ten),
 * extended outwards to whole steps.
 *
 * @example
 * ```ts
 * niceAxis(0.13, 0.92).ticks; // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function niceAxis(min: number, max: number, options: NiceAxisOptions = {}): NumericAxis {
  let lo = min;
  let hi = max;
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (hi - lo <= 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const target = options.targetTicks ?? 6;
  const step = niceNumber((hi - lo) / (target - 1), true);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; start + k * step <= end + step * 1e-9; k++) {
    ticks.push(Number((start + k * step).toPrecision(12)));
  }
  const mantissa = step / 10 ** Math.floor(Math.log10(step));
  const digits = Math.max(
    0,
    -Math.floor(Math.log10(step)) + (Math.abs(mantissa - 2.5) < 1e-9 ? 1 : 0),
  );
  const fmt = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const format = (v: number): string => fmt.format(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { min: ticks[0], max: ticks[ticks.length - 1], ticks, format, label: options.label };
}

/**
 * Maps a value on `axis` to a pixel x inside `area`.
 *
 * @example
 * ```ts
 * const px = xPixel(niceAxis(0, 1), area, 0.5); // middle of the area
 * ```
 */
export function xPixel(axis: NumericAxis, area: PlotArea, v: number): number {
  return area.left + ((v - axis.min) / (axis.max - axis.min)) * area.width;
}

/**
 * Maps a value on `axis` to a pixel y inside `area` (up is larger).
 *
 * @example
 * ```ts
 * const py = yPixel(niceAxis(0, 1), area, 1); // top of the area
 * ```
 */
export function yPixel(axis: NumericAxis, area: PlotArea, v: number): number {
  return area.top + area.height - ((v - axis.min) / (axis.max - axis.min)) * area.height;
}

/** What sits under the x axis: numeric ticks, or category labels (lines per label). */
export interface XAxisLayout {
  readonly label?: string;
  /** Lines of text under the axis for tick or category labels. Default 1. */
  readonly tickLines?: number;
}

/**
 * The plot area left once room is made for the y tick labels and title on the left, and the x
 * tick labels and title below.
 *
 * @example
 * ```ts
 * const area = layoutArea(surface, top, yAxis, { label: 'frame' });
 * ```
 */
export function layoutArea(s: Surface, top: number, y: NumericAxis, x: XAxisLayout): PlotArea {
  setFont(s, 12);
  const tickWidth = Math.max(...y.ticks.map((t) => s.ctx.measureText(y.format(t)).width));
  const left = 14 + (y.label ? 24 : 0) + tickWidth + 8;
  const bottom = 10 + 16 * (x.tickLines ?? 1) + (x.label ? 24 : 0) + 6;
  const right = 24;
  return { left, top: top + 6, width: s.width - left - right, height: s.height - top - 6 - bottom };
}

/**
 * Draws horizontal grid lines, the y axis with ticks and labels, and the y title.
 *
 * @example
 * ```ts
 * drawYAxis(surface, area, niceAxis(0, 1, { label: 'accuracy' }));
 * ```
 */
export function drawYAxis(s: Surface, area: PlotArea, y: NumericAxis): void {
  const { ctx } = s;
  setFont(s, 12);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks) {
    const py = Math.round(yPixel(y, area, t)) + 0.5;
    ctx.strokeStyle = GRID;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(area.left, py);
    ctx.lineTo(area.left + area.width, py);
    ctx.stroke();
    ctx.strokeStyle = AXIS;
    ctx.beginPath();
    ctx.moveTo(area.left - 5, py);
    ctx.lineTo(area.left, py);
    ctx.stroke();
    ctx.fillStyle = INK;
    ctx.fillText(y.format(t), area.left - 8, py);
  }
  ctx.strokeStyle = AXIS;
  ctx.beginPath();
  ctx.moveTo(area.left + 0.5, area.top);
  ctx.lineTo(area.left + 0.5, area.top + area.height);
  ctx.stroke();
  if (y.label) {
    setFont(s, 13);
    ctx.save();
    ctx.translate(16, area.top + area.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = INK;
    ctx.fillText(y.label, 0, 0);
    ctx.restore();
  }
}

/**
 * Draws the x axis line and its title (tick labels are drawn by {@link drawXTicks} or the caller).
 *
 * @example
 * ```ts
 * drawXBaseline(surface, area, 'metric', 2);
 * ```
 */
export function drawXBaseline(
  s: Surface,
  area: PlotArea,
  label: string | undefined,
  tickLines = 1,
): void {
  const { ctx } = s;
  ctx.strokeStyle = AXIS;
  ctx.lineWidth = 1;
  const y = Math.round(area.top + area.height) + 0.5;
  ctx.beginPath();
  ctx.moveTo(area.left, y);
  ctx.lineTo(area.left + area.width, y);
  ctx.stroke();
  if (label) {
    setFont(s, 13);
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(
      label,
      area.left + area.width / 2,
      area.top + area.height + 10 + 16 * tickLines + 4,
    );
  }
}

/**
 * Draws vertical grid lines, ticks and labels of a numeric x axis, and the axis itself.
 *
 * @example
 * ```ts
 * drawXTicks(surface, area, niceAxis(0, 8, { label: 'time (s)' }));
 * ```
 */
export function drawXTicks(s: Surface, area: PlotArea, x: NumericAxis): void {
  const { ctx } = s;
  setFont(s, 12);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const bottom = area.top + area.height;
  for (const t of x.ticks) {
    const px = Math.round(xPixel(x, area, t)) + 0.5;
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, bottom);
    ctx.stroke();
    ctx.strokeStyle = AXIS;
    ctx.beginPath();
    ctx.moveTo(px, bottom);
    ctx.lineTo(px, bottom + 5);
    ctx.stroke();
    ctx.fillStyle = INK;
    ctx.fillText(x.format(t), px, bottom + 8);
  }
  drawXBaseline(s, area, x.label);
}
