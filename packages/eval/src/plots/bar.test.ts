import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { renderBarChart } from './bar.js';
import { PLOT_COLORS } from './canvas.js';
import { darkPixels, decodePng, findPixels, mean } from './test-utils/png.js';

const base = { width: 400, height: 300, pixelRatio: 1, showValues: false } as const;

describe('renderBarChart', () => {
  it('draws one bar per series per category, in series colours, at the right heights', async () => {
    const img = await decodePng(
      await renderBarChart({
        ...base,
        categories: ['a', 'b'],
        series: [
          { name: 'ours', values: [1, 0.5] },
          { name: 'peer', values: [0.25, null] },
        ],
        yRange: [0, 1],
      }),
    );
    expect([img.width, img.height]).toEqual([400, 300]);
    const blue = findPixels(img, PLOT_COLORS[0], 4);
    const orange = findPixels(img, PLOT_COLORS[1], 4);
    // bars, excluding the legend swatches near the top
    const blueBars = blue.filter((p) => p.y > 60);
    const orangeBars = orange.filter((p) => p.y > 60);
    const col = (pts: { x: number; y: number }[], x0: number, x1: number) =>
      pts.filter((p) => p.x >= x0 && p.x < x1);
    const left = col(blueBars, 0, 200);
    const right = col(blueBars, 200, 400);
    const heightOf = (pts: { y: number }[]) =>
      Math.max(...pts.map((p) => p.y)) - Math.min(...pts.map((p) => p.y)) + 1;
    // value 1 fills the axis, 0.5 half of it, 0.25 a quarter
    expect(heightOf(right) / heightOf(left)).toBeCloseTo(0.5, 1);
    expect(heightOf(orangeBars) / heightOf(left)).toBeCloseTo(0.25, 1);
    // the peer's missing value draws no bar in the second group
    expect(col(orangeBars, 200, 400)).toHaveLength(0);
    // the peer bar stands to the right of ours in the first group
    expect(mean(col(orangeBars, 0, 200).map((p) => p.x))).toBeGreaterThan(
      mean(left.map((p) => p.x)),
    );
  });

  it('renders text: a title adds dark pixels at the top', async () => {
    const spec = { ...base, categories: ['a'], series: [{ name: 'x', values: [1] }] };
    const band = { x0: 0, y0: 10, x1: 400, y1: 32 };
    const plain = await decodePng(await renderBarChart(spec));
    const titled = await decodePng(await renderBarChart({ ...spec, title: 'Triplet accuracy' }));
    expect(darkPixels(titled, band)).toBeGreaterThan(100);
    expect(darkPixels(titled, band)).toBeGreaterThan(darkPixels(plain, band) + 100);
  });

  it('scales output pixels by pixelRatio', async () => {
    const img = await decodePng(
      await renderBarChart({
        categories: ['a'],
        series: [{ name: 'x', values: [1] }],
        width: 300,
        height: 200,
        pixelRatio: 2,
      }),
    );
    expect([img.width, img.height]).toEqual([600, 400]);
  });

  it('rejects bad data', async () => {
    await expect(
      renderBarChart({ categories: ['a', 'b'], series: [{ name: 'x', values: [1] }] }),
    ).rejects.toThrow(/series\[0\] \('x'\) must have 2 values \(one per category\), got 1/);
    await expect(
      renderBarChart({ categories: ['a'], series: [{ name: 'x', values: [NaN] }] }),
    ).rejects.toThrow(/series\[0\]\.values\[0\] must be a finite number or null, got NaN/);
    await expect(renderBarChart({ categories: [], series: [] })).rejects.toThrow(FreeAvatarError);
    await expect(
      renderBarChart({ categories: ['a'], series: [{ name: 'x', values: [1] }], yRange: [1, 0] }),
    ).rejects.toThrow(/yRange/);
    await expect(
      renderBarChart({ categories: ['a'], series: [{ name: 'x', values: [1] }], width: 10 }),
    ).rejects.toThrow(/width must be a number in \[64, 8192\], got 10/);
    await expect(renderBarChart(null as never)).rejects.toThrow(/spec must be an object, got null/);
  });
});
