import sharp from 'sharp';
import { assertArgument, assertRgbImage, contactSheet, type RgbImage } from '@freeavatar/core';

/**
 * Options of {@link createPreviewCompositor}.
 *
 * @example
 * ```ts
 * const options: PreviewCompositorOptions = { cellSize: 128, labels: ['actor', 'Human', 'Robot'] };
 * ```
 */
export interface PreviewCompositorOptions {
  /** Side of each square cell in pixels: an even integer in 32..1024. */
  readonly cellSize: number;
  /** One label per cell, left to right: the actor first, then each avatar. */
  readonly labels: readonly string[];
}

/**
 * Lays one preview frame out: the actor's face crop, then each avatar's render, side by side
 * under a row of labels. Made by {@link createPreviewCompositor}.
 *
 * @example
 * ```ts
 * const compositor: PreviewCompositor = await createPreviewCompositor({ cellSize: 96, labels });
 * const frame = compositor.compose(crop, [humanRender, robotRender], true);
 * ```
 */
export interface PreviewCompositor {
  /** Width of every composed frame (even). */
  readonly width: number;
  /** Height of every composed frame (even). */
  readonly height: number;
  /**
   * One preview frame. `actor` is the face crop, or the whole frame when no face was found
   * (`faceFound` false: the actor's label then says so and its cell gets a red border); each
   * image is scaled to fit its cell.
   */
  compose(actor: RgbImage, avatars: readonly RgbImage[], faceFound: boolean): RgbImage;
}

const GAP = 4;
const BACKGROUND = [28, 28, 30] as const;
const NO_FACE = [230, 80, 70] as const;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders the label row once, as raw RGB, with sharp's SVG text. */
async function labelRow(
  labels: readonly string[],
  width: number,
  height: number,
  cell: number,
  fontSize: number,
  firstColor: string,
): Promise<Uint8Array> {
  const maxChars = Math.max(3, Math.floor(cell / (fontSize * 0.6)));
  const fit = (label: string): string =>
    label.length <= maxChars ? label : `${label.slice(0, maxChars - 1)}…`;
  const texts = labels.map((label, i) => {
    const x = GAP + i * (cell + GAP) + cell / 2;
    const fill = i === 0 ? firstColor : '#eeeeee';
    return `<text x="${x}" y="${Math.round(height * 0.72)}" fill="${fill}" text-anchor="middle">${escapeXml(fit(label))}</text>`;
  });
  const [r, g, b] = BACKGROUND;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="rgb(${r},${g},${b})"/>` +
    `<g font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}">` +
    `${texts.join('')}</g></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  assertArgument(
    info.width === width && info.height === height && info.channels === 3,
    `label row rendered at ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x3`,
  );
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

function drawBorder(
  frame: RgbImage,
  x0: number,
  y0: number,
  size: number,
  thickness: number,
): void {
  const [r, g, b] = NO_FACE;
  for (let y = y0; y < y0 + size; y++) {
    for (let x = x0; x < x0 + size; x++) {
      const edge =
        x < x0 + thickness ||
        x >= x0 + size - thickness ||
        y < y0 + thickness ||
        y >= y0 + size - thickness;
      if (!edge) continue;
      const p = (y * frame.width + x) * 3;
      frame.data[p] = r;
      frame.data[p + 1] = g;
      frame.data[p + 2] = b;
    }
  }
}

/**
 * Prepares the preview layout: cells of `cellSize` pixels in one row with small gaps, and a
 * label row above them rendered once (sharp's SVG text; DejaVu Sans or another installed
 * sans-serif font). Frame sizes are even, as H.264 needs.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a cell size out of range or odd, or no labels.
 * @example
 * ```ts
 * import { createAvatarRenderer } from '@freeavatar/synth';
 * const renderer = createAvatarRenderer({ size: 128 });
 * const compositor = await createPreviewCompositor({ cellSize: 128, labels: ['actor', 'Robot'] });
 * const frame = compositor.compose(face.crop, [renderer.render('robot', rig)], true);
 * ```
 */
export async function createPreviewCompositor(
  options: PreviewCompositorOptions,
): Promise<PreviewCompositor> {
  const { cellSize: cell, labels } = options;
  assertArgument(
    Number.isInteger(cell) && cell >= 32 && cell <= 1024 && cell % 2 === 0,
    `cellSize must be an even integer in 32..1024, got ${cell}`,
  );
  assertArgument(
    Array.isArray(labels) && labels.length >= 1 && labels.every((l) => typeof l === 'string'),
    'labels must be a non-empty list of strings (the actor first, then each avatar)',
  );
  const columns = labels.length;
  const fontSize = Math.max(10, Math.min(18, Math.round(cell / 9)));
  const labelHeight = 2 * Math.ceil((fontSize * 1.7) / 2);
  const width = columns * cell + (columns + 1) * GAP;
  const cellsHeight = cell + 2 * GAP;
  const height = labelHeight + cellsHeight;
  const [withFace, withoutFace] = await Promise.all([
    labelRow(labels, width, labelHeight, cell, fontSize, '#eeeeee'),
    labelRow(
      [`${labels[0]}: no face`, ...labels.slice(1)],
      width,
      labelHeight,
      cell,
      fontSize,
      '#ff7b6e',
    ),
  ]);
  return {
    width,
    height,
    compose(actor, avatars, faceFound) {
      assertArgument(
        Array.isArray(avatars) && avatars.length === columns - 1,
        `compose needs ${columns - 1} avatar images, got ${avatars?.length}`,
      );
      assertRgbImage(actor);
      const cells = contactSheet([actor, ...avatars], {
        columns,
        cellSize: cell,
        gap: GAP,
        background: BACKGROUND,
      });
      const data = new Uint8Array(width * height * 3);
      data.set(faceFound ? withFace : withoutFace, 0);
      data.set(cells.data, labelHeight * width * 3);
      const frame = { width, height, data };
      if (!faceFound) drawBorder(frame, GAP, labelHeight + GAP, cell, Math.max(2, cell >> 6));
      return frame;
    },
  };
}
