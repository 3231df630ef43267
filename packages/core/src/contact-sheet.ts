import { assertArray } from './arguments.js';
import { assertArgument } from './errors.js';
import { assertRgbImage, type RgbImage } from './image.js';

/** Options of {@link contactSheet}. */
export interface ContactSheetOptions {
  /** Images per row; default: about the square root of the count. */
  readonly columns?: number;
  /** Size of each cell in pixels; images are resized to fit (nearest/bilinear). Default: the first image's size. */
  readonly cellSize?: number;
  /** Gap between cells in pixels. Default 2. */
  readonly gap?: number;
  /** Background colour, RGB 0–255. Default dark grey. */
  readonly background?: readonly [number, number, number];
}

/**
 * Lays images out on a grid, each scaled bilinearly to a square cell: a picture of many crops
 * at a glance. Pure TypeScript, works in Node and browsers.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `images` is not a non-empty array of
 *   {@link RgbImage}s or an option is out of range.
 * @example
 * ```ts
 * import { contactSheet, writeImageFile, type RgbImage } from '@freeavatar/core';
 * declare const crops: RgbImage[];
 * const sheet = contactSheet(crops, { columns: 8, cellSize: 96 });
 * await writeImageFile('out/contact-sheet.png', sheet);
 * ```
 */
export function contactSheet(
  images: readonly RgbImage[],
  options: ContactSheetOptions = {},
): RgbImage {
  assertArray(images, 'images');
  assertArgument(images.length > 0, 'contactSheet needs at least one image');
  images.forEach(assertRgbImage);
  const columns = options.columns ?? Math.ceil(Math.sqrt(images.length));
  const cell = options.cellSize ?? Math.max(images[0].width, images[0].height);
  const gap = options.gap ?? 2;
  assertArgument(
    Number.isInteger(columns) && columns > 0,
    `columns must be a positive integer, got ${columns}`,
  );
  assertArgument(
    Number.isInteger(cell) && cell > 0 && cell <= 4096,
    `cellSize must be an integer in 1..4096, got ${cell}`,
  );
  assertArgument(
    Number.isInteger(gap) && gap >= 0,
    `gap must be a non-negative integer, got ${gap}`,
  );
  const rows = Math.ceil(images.length / columns);
  const width = columns * cell + (columns + 1) * gap;
  const height = rows * cell + (rows + 1) * gap;
  const data = new Uint8Array(width * height * 3);
  const [br, bg, bb] = options.background ?? [32, 32, 32];
  for (let i = 0; i < width * height; i++) {
    data[i * 3] = br;
    data[i * 3 + 1] = bg;
    data[i * 3 + 2] = bb;
  }
  images.forEach((img, index) => {
    const ox = gap + (index % columns) * (cell + gap);
    const oy = gap + Math.floor(index / columns) * (cell + gap);
    drawScaled(img, data, width, ox, oy, cell);
  });
  return { width, height, data };
}

function drawScaled(
  img: RgbImage,
  out: Uint8Array,
  outWidth: number,
  ox: number,
  oy: number,
  cell: number,
): void {
  const scale = Math.min(cell / img.width, cell / img.height);
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const px = ox + Math.floor((cell - w) / 2);
  const py = oy + Math.floor((cell - h) / 2);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const fx = sx - x0;
      const o = ((py + y) * outWidth + px + x) * 3;
      for (let c = 0; c < 3; c++) {
        const a = img.data[(y0 * img.width + x0) * 3 + c];
        const b = img.data[(y0 * img.width + x1) * 3 + c];
        const d = img.data[(y1 * img.width + x0) * 3 + c];
        const e = img.data[(y1 * img.width + x1) * 3 + c];
        out[o + c] = Math.round((a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy);
      }
    }
  }
}
