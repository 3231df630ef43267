import { FreeAvatarError } from '@freeavatar/core';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';

type CanvasModule = typeof import('@napi-rs/canvas');

/** Options every plot takes. */
export interface PlotOptions {
  /** Title drawn at the top. */
  readonly title?: string;
  /** Width in layout pixels. Default depends on the plot. */
  readonly width?: number;
  /** Height in layout pixels. Default depends on the plot. */
  readonly height?: number;
  /** Output pixels per layout pixel; 2 gives crisp text on high-density screens. Default 2. */
  readonly pixelRatio?: number;
  /**
   * A TrueType/OpenType font file for all text. Default: DejaVu Sans (Debian/Ubuntu package
   * `fonts-dejavu-core`) or another installed sans-serif font.
   */
  readonly fontFile?: string;
}

/**
 * Colour-blind-safe series colours (Okabe–Ito order, yellow last as it is faint on white).
 *
 * @example
 * ```ts
 * declare const i: number; // the series' index
 * const color = PLOT_COLORS[i % PLOT_COLORS.length];
 * ```
 */
export const PLOT_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#555555',
  '#F0E442',
] as const;

/** Colours of text, secondary marks, grid lines and axes. */
export const INK = '#222222';
/** See {@link INK}. */
export const MUTED = '#666666';
/** See {@link INK}. */
export const GRID = '#e6e6e6';
/** See {@link INK}. */
export const AXIS = '#444444';

/** A drawing surface: the canvas, its context (already scaled) and the font family to use. */
export interface Surface {
  readonly canvas: Canvas;
  readonly ctx: SKRSContext2D;
  readonly width: number;
  readonly height: number;
  readonly font: string;
  readonly mod: CanvasModule;
}

/** The usual places of a plain sans-serif font, tried when no font is installed where Skia looks. */
const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];
const PREFERRED_FAMILIES = ['DejaVu Sans', 'Liberation Sans', 'Arial', 'Helvetica', 'Noto Sans'];

async function loadCanvasModule(): Promise<CanvasModule> {
  try {
    return await import('@napi-rs/canvas');
  } catch (cause) {
    throw new FreeAvatarError(
      'BACKEND_UNAVAILABLE',
      'Plots need @napi-rs/canvas (Node.js, prebuilt for common platforms); it could not be loaded',
      { cause },
    );
  }
}

function resolveFont(mod: CanvasModule, fontFile: string | undefined): string {
  const fonts = mod.GlobalFonts;
  if (fontFile !== undefined) {
    const alias = `FreeAvatarPlot ${fontFile.split(/[\\/]/).pop() ?? fontFile}`;
    if (!fonts.has(alias) && fonts.registerFromPath(fontFile, alias) === null) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `fontFile could not be loaded as a font: ${fontFile}`,
        {
          subject: fontFile,
        },
      );
    }
    return `"${alias}"`;
  }
  const found = PREFERRED_FAMILIES.find((f) => fonts.has(f));
  if (found) return `"${found}"`;
  for (const file of FONT_FILES) {
    if (fonts.registerFromPath(file, 'DejaVu Sans') !== null) return '"DejaVu Sans"';
  }
  const any = fonts.families[0]?.family;
  if (any) return `"${any}"`;
  throw new FreeAvatarError(
    'BACKEND_UNAVAILABLE',
    'No font found to draw plot text: install one (e.g. `apt-get install fonts-dejavu-core`) or pass fontFile',
  );
}

/**
 * Makes a white surface of the given layout size, scaled by the pixel ratio.
 *
 * @example
 * ```ts
 * const s = await createSurface({ width: 400, height: 300 }, 400, 300);
 * ```
 */
export async function createSurface(
  options: PlotOptions,
  defaultWidth: number,
  defaultHeight: number,
): Promise<Surface> {
  const width = options.width ?? defaultWidth;
  const height = options.height ?? defaultHeight;
  const ratio = options.pixelRatio ?? 2;
  for (const [name, v, lo] of [
    ['width', width, 64],
    ['height', height, 64],
  ] as const) {
    if (!Number.isFinite(v) || v < lo || v > 8192) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `${name} must be a number in [${lo}, 8192], got ${v}`,
      );
    }
  }
  if (!Number.isFinite(ratio) || ratio <= 0 || ratio > 4) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `pixelRatio must be in (0, 4], got ${ratio}`);
  }
  const mod = await loadCanvasModule();
  const font = resolveFont(mod, options.fontFile);
  const canvas = mod.createCanvas(Math.round(width * ratio), Math.round(height * ratio));
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.lang = 'en';
  return { canvas, ctx, width, height, font, mod };
}

/**
 * Encodes a surface as PNG bytes.
 *
 * @example
 * ```ts
 * const png = await encodePng(surface);
 * ```
 */
export async function encodePng(surface: Surface): Promise<Uint8Array> {
  const buf = await surface.canvas.encode('png');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Sets the context font: `size` in layout pixels, optionally bold.
 *
 * @example
 * ```ts
 * setFont(surface, 17, true); // bold 17px
 * ```
 */
export function setFont(s: Surface, size: number, bold = false): void {
  s.ctx.font = `${bold ? 'bold ' : ''}${size}px ${s.font}`;
}

/**
 * Splits text into lines no wider than `maxWidth` at the current font (explicit `\n` kept).
 *
 * @example
 * ```ts
 * const lines = wrapText(surface.ctx, 'a long caption', 120);
 * ```
 */
export function wrapText(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > maxWidth) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Draws the title centred at the top; returns the y below it.
 *
 * @example
 * ```ts
 * const top = drawTitle(surface, 'Rig error');
 * ```
 */
export function drawTitle(s: Surface, title: string | undefined): number {
  if (!title) return 12;
  setFont(s, 17, true);
  s.ctx.fillStyle = INK;
  s.ctx.textAlign = 'center';
  s.ctx.textBaseline = 'top';
  const lines = wrapText(s.ctx, title, s.width - 40);
  lines.forEach((line, i) => s.ctx.fillText(line, s.width / 2, 12 + i * 21));
  return 12 + lines.length * 21 + 8;
}

/** How a legend entry is marked. */
export type LegendMark = 'box' | 'line' | 'dashed' | 'dot';

/** One legend entry. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly mark: LegendMark;
}

/**
 * Draws a legend as centred rows starting at `top`; returns the y below it.
 *
 * @example
 * ```ts
 * const top2 = drawLegend(surface, [{ label: 'ours', color: PLOT_COLORS[0], mark: 'box' }], top);
 * ```
 */
export function drawLegend(s: Surface, entries: readonly LegendEntry[], top: number): number {
  if (entries.length === 0) return top;
  const { ctx } = s;
  setFont(s, 13);
  const gap = 18;
  const markWidth = 22;
  const widths = entries.map((e) => markWidth + 6 + ctx.measureText(e.label).width);
  const rows: number[][] = [[]];
  let rowWidth = 0;
  widths.forEach((w, i) => {
    const row = rows[rows.length - 1];
    if (row.length > 0 && rowWidth + gap + w > s.width - 40) {
      rows.push([i]);
      rowWidth = w;
    } else {
      rowWidth += (row.length > 0 ? gap : 0) + w;
      row.push(i);
    }
  });
  const rowHeight = 20;
  rows.forEach((row, r) => {
    const total = row.reduce((sum, i) => sum + widths[i], 0) + gap * (row.length - 1);
    let x = (s.width - total) / 2;
    const y = top + r * rowHeight + rowHeight / 2;
    for (const i of row) {
      drawMark(ctx, entries[i], x, y, markWidth);
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(entries[i].label, x + markWidth + 6, y);
      x += widths[i] + gap;
    }
  });
  return top + rows.length * rowHeight + 6;
}

function drawMark(ctx: SKRSContext2D, e: LegendEntry, x: number, y: number, w: number): void {
  ctx.save();
  ctx.fillStyle = e.color;
  ctx.strokeStyle = e.color;
  if (e.mark === 'box') ctx.fillRect(x + 3, y - 6, w - 6, 12);
  else if (e.mark === 'dot') {
    ctx.beginPath();
    ctx.arc(x + w / 2, y, 4.5, 0, Math.PI * 2);
    ctx.fill();
  } else {
    ctx.lineWidth = 2.5;
    ctx.setLineDash(e.mark === 'dashed' ? [6, 4] : []);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + w, y);
    ctx.stroke();
  }
  ctx.restore();
}

/** The rectangle data is drawn in. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Throws unless `values` is a non-empty array of finite numbers (for plot data).
 *
 * @example
 * ```ts
 * assertPlotValues(series.values, 'series[0].values');
 * ```
 */
export function assertPlotValues(values: ArrayLike<number>, name: string): void {
  if (
    values === null ||
    values === undefined ||
    typeof values.length !== 'number' ||
    values.length === 0
  ) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `${name} must be a non-empty array of numbers`);
  }
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number' || !Number.isFinite(values[i])) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `${name}[${i}] must be a finite number, got ${String(values[i])}`,
      );
    }
  }
}

/**
 * The colour of each series: its own if given, else the next palette colour, counting only the
 * series without their own, so that methods keep the same colours from plot to plot when a
 * reference curve is drawn in a colour of its own.
 *
 * @example
 * ```ts
 * seriesColors([{ color: '#555555' }, {}, {}]); // ['#555555', PLOT_COLORS[0], PLOT_COLORS[1]]
 * ```
 */
export function seriesColors(series: readonly { readonly color?: string }[]): string[] {
  let next = 0;
  return series.map((r) => r.color ?? PLOT_COLORS[next++ % PLOT_COLORS.length]);
}
