import { FreeAvatarError, assertObject, assertRgbImage, type RgbImage } from '@freeavatar/core';
import {
  INK,
  createSurface,
  drawTitle,
  encodePng,
  setFont,
  wrapText,
  type PlotOptions,
  type Surface,
} from './canvas.js';

/** One image of a strip with its caption. */
export interface StripItem {
  readonly image: RgbImage;
  /** Drawn under the image; `\n` starts a new line, long lines wrap. */
  readonly caption?: string;
  /** Caption colour, e.g. red for a failure. */
  readonly captionColor?: string;
}

/** A row (or grid) of images with captions, e.g. the worst triplets of a method. */
export interface ImageStripSpec extends Omit<PlotOptions, 'width' | 'height'> {
  readonly items: readonly StripItem[];
  /** Images per row; more items wrap onto further rows. Default: all in one row. */
  readonly columns?: number;
  /** Height every image is scaled to, in layout pixels. Default 160. */
  readonly cellHeight?: number;
  /** A label left of each row, e.g. `'#1  margin −0.21'`. */
  readonly rowLabels?: readonly string[];
}

const GAP = 10;
const PAD = 16;
const LINE = 15;

/**
 * Renders images side by side with captions to PNG bytes. Every image is scaled to the same
 * height keeping its aspect ratio; `columns` wraps them into a grid (e.g. 3 columns for
 * anchor / positive / negative triplets, one triplet per row).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `spec` is not an object, there are no items,
 *   an image is malformed, `columns` or `cellHeight` is out of range, or there are more row
 *   labels than rows.
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const anchor: RgbImage, positive: RgbImage, negative: RgbImage;
 * const png = await renderImageStrip({
 *   title: 'Worst triplets',
 *   columns: 3,
 *   items: [
 *     { image: anchor, caption: 'anchor' },
 *     { image: positive, caption: 'positive' },
 *     { image: negative, caption: 'negative\nd(a,n) = 0.12', captionColor: '#D55E00' },
 *   ],
 * });
 * ```
 */
export async function renderImageStrip(spec: ImageStripSpec): Promise<Uint8Array> {
  assertObject(spec, 'spec');
  const { items } = spec;
  if (!Array.isArray(items) || items.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      'items must be a non-empty list of {image, caption}',
    );
  }
  items.forEach((item, i) => {
    try {
      assertRgbImage(item?.image);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `items[${i}].image is not an RgbImage: ${why}`,
        { cause },
      );
    }
  });
  const columns = spec.columns ?? items.length;
  const cellHeight = spec.cellHeight ?? 160;
  if (!Number.isInteger(columns) || columns < 1) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `columns must be a positive integer, got ${columns}`,
    );
  }
  if (!Number.isFinite(cellHeight) || cellHeight < 16 || cellHeight > 2048) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `cellHeight must be in [16, 2048], got ${cellHeight}`,
    );
  }
  const rows = Math.ceil(items.length / columns);
  const rowLabels = spec.rowLabels ?? [];
  if (rowLabels.length > rows) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `rowLabels has ${rowLabels.length} labels for ${rows} rows`,
    );
  }
  const cellWidth = Math.max(
    ...items.map((it) => Math.max(48, Math.round((it.image.width * cellHeight) / it.image.height))),
  );

  // Measure text on a scratch surface to size the real one.
  const scratch = await createSurface({ fontFile: spec.fontFile, pixelRatio: 1 }, 64, 64);
  setFont(scratch, 12);
  const captions = items.map((it) =>
    it.caption ? wrapText(scratch.ctx, it.caption, cellWidth).slice(0, 4) : [],
  );
  const captionLines = Math.max(0, ...captions.map((c) => c.length));
  const labelWidth =
    rowLabels.length > 0
      ? Math.min(220, Math.max(...rowLabels.map((l) => scratch.ctx.measureText(l).width))) + GAP
      : 0;
  setFont(scratch, 17, true);
  const cellsWidth = columns * cellWidth + (columns - 1) * GAP;
  const width = Math.max(
    PAD * 2 + labelWidth + cellsWidth,
    spec.title ? Math.min(900, scratch.ctx.measureText(spec.title).width + 40) : 0,
    64,
  );
  const titleLines = spec.title ? wrapText(scratch.ctx, spec.title, width - 40).length : 0;
  const titleHeight = spec.title ? 12 + titleLines * 21 + 8 : 12;
  const rowHeight = cellHeight + (captionLines > 0 ? 6 + captionLines * LINE : 0);
  const height = titleHeight + rows * rowHeight + (rows - 1) * GAP + PAD;

  const s = await createSurface({ ...spec, width, height }, width, height);
  const top = drawTitle(s, spec.title);
  const left = (width - labelWidth - cellsWidth) / 2 + labelWidth;
  items.forEach((item, i) => {
    const row = Math.floor(i / columns);
    const col = i % columns;
    const x = left + col * (cellWidth + GAP);
    const y = top + row * (rowHeight + GAP);
    drawRgbImage(s, item.image, x, y, cellWidth, cellHeight);
    setFont(s, 12);
    s.ctx.fillStyle = item.captionColor ?? INK;
    s.ctx.textAlign = 'center';
    s.ctx.textBaseline = 'top';
    captions[i].forEach((line, k) =>
      s.ctx.fillText(line, x + cellWidth / 2, y + cellHeight + 6 + k * LINE),
    );
  });
  rowLabels.forEach((label, row) => {
    setFont(s, 12);
    s.ctx.fillStyle = INK;
    s.ctx.textAlign = 'right';
    s.ctx.textBaseline = 'middle';
    s.ctx.fillText(
      label,
      left - GAP,
      top + row * (rowHeight + GAP) + cellHeight / 2,
      labelWidth - GAP,
    );
  });
  return encodePng(s);
}

/** Draws an RGB image scaled to fit and centred in the box, on a light frame. */
function drawRgbImage(
  s: Surface,
  image: RgbImage,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const src = s.mod.createCanvas(image.width, image.height);
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let p = 0, q = 0; p < image.data.length; p += 3, q += 4) {
    rgba[q] = image.data[p];
    rgba[q + 1] = image.data[p + 1];
    rgba[q + 2] = image.data[p + 2];
    rgba[q + 3] = 255;
  }
  src.getContext('2d').putImageData(new s.mod.ImageData(rgba, image.width, image.height), 0, 0);
  const scale = Math.min(w / image.width, h / image.height);
  const dw = image.width * scale;
  const dh = image.height * scale;
  s.ctx.fillStyle = '#f2f2f2';
  s.ctx.fillRect(x, y, w, h);
  s.ctx.imageSmoothingEnabled = true;
  s.ctx.imageSmoothingQuality = 'high';
  s.ctx.drawImage(src, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
}
