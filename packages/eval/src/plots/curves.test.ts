import { describe, expect, it } from 'vitest';
import { PLOT_COLORS } from './canvas.js';
import { renderCurvePlot } from './curves.js';
import { decodePng, findPixels, mean } from './test-utils/png.js';

describe('renderCurvePlot', () => {
  it('draws each curve in its colour, rising where the values rise', async () => {
    const rising = Array.from({ length: 50 }, (_, k) => k / 49);
    const falling = rising.map((v) => 1 - v);
    const img = await decodePng(
      await renderCurvePlot({
        width: 500,
        height: 300,
        pixelRatio: 1,
        fps: 25,
        series: [
          { name: 'rising', values: rising },
          { name: 'falling', values: falling, dashed: true },
        ],
      }),
    );
    const up = findPixels(img, PLOT_COLORS[0], 40).filter((p) => p.y > 60);
    const down = findPixels(img, PLOT_COLORS[1], 40).filter((p) => p.y > 60);
    expect(up.length).toBeGreaterThan(100);
    expect(down.length).toBeGreaterThan(50);
    const half = (pts: { x: number; y: number }[], left: boolean) =>
      mean(pts.filter((p) => (left ? p.x < 250 : p.x >= 250)).map((p) => p.y));
    expect(half(up, true)).toBeGreaterThan(half(up, false) + 50); // screen y grows downwards
    expect(half(down, true)).toBeLessThan(half(down, false) - 50);
    // the dashed curve has gaps, so fewer pixels than the solid one
    expect(down.length).toBeLessThan(up.length);
  });

  it('takes explicit x positions', async () => {
    const png = await renderCurvePlot({
      series: [{ name: 'a', values: [0, 1, 0], x: [0, 0.5, 2] }],
      pixelRatio: 1,
    });
    expect((await decodePng(png)).width).toBe(860);
  });

  it('rejects bad input', async () => {
    await expect(
      renderCurvePlot({ series: [{ name: 'a', values: [0, 1], x: [0] }] }),
    ).rejects.toThrow(/series\[0\] \('a'\) has 1 x positions for 2 values/);
    await expect(renderCurvePlot({ series: [{ name: 'a', values: [0, NaN] }] })).rejects.toThrow(
      /series\[0\]\.values\[1\] must be a finite number, got NaN/,
    );
    await expect(renderCurvePlot({ series: [{ name: 'a', values: [0] }], fps: 0 })).rejects.toThrow(
      /fps must be a positive number, got 0/,
    );
    await expect(renderCurvePlot({ series: [{ name: 'a', values: [] }] })).rejects.toThrow(
      /non-empty/,
    );
    await expect(renderCurvePlot(null as never)).rejects.toThrow(/spec must be an object/);
  });
});
