import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPlot, writePlot, type PlotSpec } from './plot.js';
import { decodePng } from './test-utils/png.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

describe('renderPlot / writePlot', () => {
  const spec: PlotSpec = {
    kind: 'bar',
    categories: ['MAE'],
    series: [{ name: 'ours', values: [0.04] }],
    pixelRatio: 1,
  };

  it('renders every kind to PNG bytes', async () => {
    const kinds: PlotSpec[] = [
      spec,
      { kind: 'scatter', series: [{ name: 's', x: [0, 1], y: [0, 1] }] },
      { kind: 'curves', series: [{ name: 'c', values: [0, 1, 0] }] },
      { kind: 'strip', items: [{ image: { width: 1, height: 1, data: new Uint8Array(3) } }] },
    ];
    for (const k of kinds) {
      const png = await renderPlot(k);
      expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    }
    await expect(renderPlot({ kind: 'pie' } as never)).rejects.toThrow(
      /plot kind must be 'bar', 'scatter', 'curves' or 'strip', got pie/,
    );
  });

  it('writes the same bytes to a file, creating folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-plot-'));
    try {
      const path = join(dir, 'nested', 'mae.png');
      await writePlot(path, spec);
      const written = new Uint8Array(await readFile(path));
      expect(written).toEqual(await renderPlot(spec));
      expect((await decodePng(written)).width).toBe(640);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await expect(writePlot('', spec)).rejects.toThrow(/path must be a non-empty file path/);
  });

  it.skipIf(!existsSync(DEJAVU))(
    'uses a given font file and rejects one that is not a font',
    async () => {
      const png = await renderPlot({ ...spec, title: 'with a font file', fontFile: DEJAVU });
      expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
      await expect(renderPlot({ ...spec, fontFile: '/nonexistent/font.ttf' })).rejects.toThrow(
        /fontFile could not be loaded as a font: \/nonexistent\/font\.ttf/,
      );
    },
  );
});
