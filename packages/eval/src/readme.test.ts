import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

describe('README example', () => {
  it('shows the example file verbatim', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const example = await readFile(join(root, 'examples/quickstart.mjs'), 'utf8');
    expect(readme).toContain('```js\n' + example + '```');
  });

  it('runs and writes the report, the plots, and the table the README shows', async () => {
    const out = await mkdtemp(join(tmpdir(), 'eval-readme-'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('EVAL_EXAMPLE_OUT', out);
    try {
      // a runtime URL: the example is plain JavaScript, run as a user would
      await import(new URL('../examples/quickstart.mjs', import.meta.url).href);
      for (const f of [
        'report.md',
        'rig-error.png',
        'mouthSmile-scatter.png',
        'mouthSmile-curves.png',
      ]) {
        expect(existsSync(join(out, f))).toBe(true);
      }
      const table = String(log.mock.calls[0][0]);
      const readme = await readFile(join(root, 'README.md'), 'utf8');
      expect(readme).toContain('```text\n' + table);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
      await rm(out, { recursive: true, force: true });
    }
  });
});
