import { describe, expect, it } from 'vitest';
import { contactSheet } from './contact-sheet.js';
import type { RgbImage } from './image.js';

function solid(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { width, height, data };
}

describe('contactSheet', () => {
  it('lays out cells on a grid with gaps', () => {
    const sheet = contactSheet(
      [solid(4, 4, [255, 0, 0]), solid(4, 4, [0, 255, 0]), solid(4, 4, [0, 0, 255])],
      {
        columns: 2,
        gap: 1,
        background: [0, 0, 0],
      },
    );
    expect(sheet.width).toBe(2 * 4 + 3);
    expect(sheet.height).toBe(2 * 4 + 3);
    const at = (x: number, y: number) =>
      Array.from(sheet.data.slice((y * sheet.width + x) * 3, (y * sheet.width + x) * 3 + 3));
    expect(at(0, 0)).toEqual([0, 0, 0]);
    expect(at(2, 2)).toEqual([255, 0, 0]);
    expect(at(7, 2)).toEqual([0, 255, 0]);
    expect(at(2, 7)).toEqual([0, 0, 255]);
    expect(at(7, 7)).toEqual([0, 0, 0]);
  });

  it('scales images into the cell keeping aspect', () => {
    const sheet = contactSheet([solid(20, 10, [200, 100, 50])], {
      cellSize: 10,
      gap: 0,
      background: [0, 0, 0],
    });
    expect(sheet.width).toBe(10);
    const centre = (5 * 10 + 5) * 3;
    expect(Array.from(sheet.data.slice(centre, centre + 3))).toEqual([200, 100, 50]);
    expect(Array.from(sheet.data.slice(0, 3))).toEqual([0, 0, 0]);
  });

  it('rejects bad input with a clear message', () => {
    expect(() => contactSheet([])).toThrow(/at least one image/);
    expect(() => contactSheet('x' as never)).toThrow(/images must be an array, got the string/);
    expect(() => contactSheet([solid(2, 2, [0, 0, 0])], { columns: 0 })).toThrow(/columns/);
    expect(() => contactSheet([{ width: 2, height: 2, data: new Uint8Array(3) }])).toThrow(
      /width\*height\*3/,
    );
  });
});
