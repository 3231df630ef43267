import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measuredOnLine, writeReportFiles } from './report-files.js';

const env = {
  commit: '0123456789abcdef0123456789abcdef01234567',
  uncommittedChanges: true,
  cpu: 'Test CPU',
  cores: 2,
  os: 'linux 6.1 x64',
  node: 'v20.0.0',
  backend: 'wasm',
  date: '2026-01-02T03:04:05.000Z',
};

describe('measuredOnLine', () => {
  it('names the commit, changes, machine, backend and date', () => {
    expect(measuredOnLine(env)).toBe(
      'Measured at commit `0123456789ab` (with uncommitted changes under packages/) on Test CPU × 2 (linux 6.1 x64, Node v20.0.0, TensorFlow.js backend wasm), 2026-01-02.',
    );
    expect(
      measuredOnLine({ ...env, commit: null, uncommittedChanges: null, backend: undefined }),
    ).toBe(
      'Measured at an unknown commit (not a git checkout) on Test CPU × 2 (linux 6.1 x64, Node v20.0.0), 2026-01-02.',
    );
  });
});

describe('writeReportFiles', () => {
  it('writes the plots, then report.md and results.json from what was written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-report-files-'));
    try {
      const plots = [
        {
          file: 'bars.png',
          title: 'Bars',
          spec: { kind: 'bar' as const, categories: ['a'], series: [{ name: 's', values: [1] }] },
        },
      ];
      const files = await writeReportFiles(join(dir, 'out'), plots, (written) => ({
        markdown: `# R\n\n![${written[0].title}](${written[0].file})\n`,
        json: { plots: written },
      }));
      expect(files.map((f) => f.slice(dir.length + 5))).toEqual([
        'report.md',
        'results.json',
        'bars.png',
      ]);
      expect(await readFile(files[0], 'utf8')).toBe('# R\n\n![Bars](bars.png)\n');
      expect(JSON.parse(await readFile(files[1], 'utf8'))).toEqual({
        plots: [{ file: 'bars.png', title: 'Bars' }],
      });
      expect((await readFile(files[2])).subarray(1, 4).toString()).toBe('PNG');
      await expect(writeReportFiles('', plots, () => ({ markdown: '', json: {} }))).rejects.toThrow(
        /dir must be a folder path/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
