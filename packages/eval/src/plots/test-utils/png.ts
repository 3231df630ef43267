import { decodeImage, type RgbImage } from '@freeavatar/core';

export const decodePng = (png: Uint8Array): Promise<RgbImage> => decodeImage(png, 'plot.png');

export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels within `tol` (per channel) of `color` inside `rect` (whole image by default). */
export function findPixels(
  img: RgbImage,
  color: string | [number, number, number],
  tol = 10,
  rect?: Rect,
): { x: number; y: number }[] {
  const [r, g, b] = typeof color === 'string' ? hexToRgb(color) : color;
  const { x0, y0, x1, y1 } = rect ?? { x0: 0, y0: 0, x1: img.width, y1: img.height };
  const out: { x: number; y: number }[] = [];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 3;
      if (
        Math.abs(img.data[i] - r) <= tol &&
        Math.abs(img.data[i + 1] - g) <= tol &&
        Math.abs(img.data[i + 2] - b) <= tol
      ) {
        out.push({ x, y });
      }
    }
  }
  return out;
}

/** Pixels darker than `threshold` on every channel (text and axes on white). */
export function darkPixels(img: RgbImage, rect: Rect, threshold = 120): number {
  let n = 0;
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      const i = (y * img.width + x) * 3;
      if (img.data[i] < threshold && img.data[i + 1] < threshold && img.data[i + 2] < threshold)
        n++;
    }
  }
  return n;
}

export function pixel(img: RgbImage, x: number, y: number): number[] {
  const i = (y * img.width + x) * 3;
  return [img.data[i], img.data[i + 1], img.data[i + 2]];
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
