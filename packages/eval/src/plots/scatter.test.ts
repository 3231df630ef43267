import { describe, expect, it } from 'vitest';
import { MUTED, PLOT_COLORS } from './canvas.js';
import { renderScatterPlot } from './scatter.js';
import { decodePng, findPixels, hexToRgb, mean } from './test-utils/png.js';

describe('renderScatterPlot', () => {
  it('places points by value and draws the y = x line', async () => {
    const img = await decodePng(
      await renderScatterPlot({
        width: 400,
        height: 400,
        pixelRatio: 1,
        pointRadius: 5,
        series: [
          { name: 'low', x: [0.05], y: [0.05] },
          { name: 'high', x: [0.95], y: [0.95] },
        ],
        range: [0, 1],
      }),
    );
    // points are drawn at 75% opacity on white
    const onWhite = (hex: string) =>
      hexToRgb(hex).map((c) => Math.round(0.75 * c + 0.25 * 255)) as [number, number, number];
    const low = findPixels(img, onWhite(PLOT_COLORS[0]), 6);
    const high = findPixels(img, onWhite(PLOT_COLORS[1]), 6).filter((p) => p.y > 35); // below the legend
    expect(low.length).toBeGreaterThan(20);
    expect(high.length).toBeGreaterThan(20);
    const lowPlot = low.filter((p) => p.y > 35);
    expect(mean(lowPlot.map((p) => p.x))).toBeLessThan(200);
    expect(mean(lowPlot.map((p) => p.y))).toBeGreaterThan(250);
    expect(mean(high.map((p) => p.x))).toBeGreaterThan(300);
    expect(mean(high.map((p) => p.y))).toBeLessThan(150);
    // dashed diagonal: grey pixels where x grows as y shrinks
    const grey = findPixels(img, MUTED, 20).filter(
      (p) => p.y > 80 && p.y < 300 && p.x > 100 && p.x < 350,
    );
    expect(grey.length).toBeGreaterThan(50);
    const slope = (g: { x: number; y: number }[]) => {
      const mx = mean(g.map((p) => p.x));
      const my = mean(g.map((p) => p.y));
      return (
        g.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) /
        g.reduce((s, p) => s + (p.x - mx) ** 2, 0)
      );
    };
    expect(slope(grey)).toBeCloseTo(-1, 0);
  });

  it('leaves the line out when asked', async () => {
    const img = await decodePng(
      await renderScatterPlot({
        width: 300,
        height: 300,
        pixelRatio: 1,
        identityLine: false,
        series: [{ name: 's', x: [0, 1], y: [5, 6] }],
      }),
    );
    expect(
      findPixels(img, MUTED, 20).filter((p) => p.y > 40 && p.y < 220 && p.x > 80),
    ).toHaveLength(0);
  });

  it('rejects mismatched or non-finite points', async () => {
    await expect(renderScatterPlot({ series: [{ name: 'a', x: [1, 2], y: [1] }] })).rejects.toThrow(
      /series\[0\] \('a'\) has 2 x values and 1 y values/,
    );
    await expect(
      renderScatterPlot({ series: [{ name: 'a', x: [1], y: [Infinity] }] }),
    ).rejects.toThrow(/series\[0\]\.y\[0\] must be a finite number, got Infinity/);
    await expect(renderScatterPlot({ series: [] })).rejects.toThrow(/non-empty/);
    await expect(
      renderScatterPlot({ series: [{ name: 'a', x: [1], y: [1] }], pointRadius: 0 }),
    ).rejects.toThrow(/pointRadius must be in \(0, 50\], got 0/);
    await expect(renderScatterPlot(null as never)).rejects.toThrow(/spec must be an object/);
  });
});
