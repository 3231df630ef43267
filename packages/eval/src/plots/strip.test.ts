import type { RgbImage } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { renderImageStrip } from './strip.js';
import { darkPixels, decodePng, pixel } from './test-utils/png.js';

function solid(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

describe('renderImageStrip', () => {
  it('lays images out in a row at the given height', async () => {
    const img = await decodePng(
      await renderImageStrip({
        pixelRatio: 1,
        cellHeight: 50,
        items: [{ image: solid(100, 50, [255, 0, 0]) }, { image: solid(50, 25, [0, 0, 255]) }],
      }),
    );
    // cells 100 wide (the widest image at height 50), 10 apart, 16 padding; 12 on top, 16 below
    expect([img.width, img.height]).toEqual([2 * 16 + 2 * 100 + 10, 12 + 50 + 16]);
    expect(pixel(img, 16 + 50, 12 + 25)).toEqual([255, 0, 0]);
    expect(pixel(img, 16 + 110 + 50, 12 + 25)).toEqual([0, 0, 255]);
  });

  it('wraps into a grid and writes captions under the images', async () => {
    const items = [0, 1, 2, 3].map((i) => ({
      image: solid(40, 40, [0, 200, i * 60]),
      caption: i === 0 ? 'anchor' : undefined,
    }));
    const img = await decodePng(
      await renderImageStrip({ pixelRatio: 1, cellHeight: 40, columns: 2, items }),
    );
    expect(img.width).toBe(2 * 16 + 2 * 48 + 10);
    // two rows of (40 image + 6 + 15 caption line), 10 apart
    expect(img.height).toBe(12 + 2 * 61 + 10 + 16);
    const captionUnderFirst = darkPixels(img, { x0: 16, y0: 12 + 42, x1: 16 + 48, y1: 12 + 61 });
    const captionUnderSecond = darkPixels(img, {
      x0: 16 + 58,
      y0: 12 + 42,
      x1: 16 + 106,
      y1: 12 + 61,
    });
    expect(captionUnderFirst).toBeGreaterThan(10);
    expect(captionUnderSecond).toBe(0);
  });

  it('rejects bad images and layout', async () => {
    const bad = { width: 2, height: 2, data: new Uint8Array(5) };
    await expect(renderImageStrip({ items: [{ image: bad }] })).rejects.toThrow(
      /items\[0\]\.image is not an RgbImage: image\.data must be a Uint8Array of width\*height\*3 = 12 bytes, got 5/,
    );
    const ok = { image: solid(4, 4, [0, 0, 0]) };
    await expect(renderImageStrip({ items: [ok], columns: 0 })).rejects.toThrow(
      /columns must be a positive integer/,
    );
    await expect(renderImageStrip({ items: [ok], rowLabels: ['a', 'b'] })).rejects.toThrow(
      /2 labels for 1 rows/,
    );
    await expect(renderImageStrip({ items: [] })).rejects.toThrow(/non-empty/);
    await expect(renderImageStrip(null as never)).rejects.toThrow(/spec must be an object/);
  });
});
