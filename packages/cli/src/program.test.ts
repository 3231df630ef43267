import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createProgram, main } from './program.js';

describe('freeavatar program', () => {
  it('lists the commands in its help', () => {
    const help = createProgram().helpInformation();
    expect(help).toMatch(/crop/);
    expect(help).toMatch(/backends/);
  });

  it('prints the package version for --version', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const program = createProgram();
    program.exitOverride();
    let stdout = '';
    program.configureOutput({ writeOut: (t) => (stdout += t) });
    await expect(program.parseAsync(['node', 'freeavatar', '--version'])).rejects.toMatchObject({
      code: 'commander.version',
    });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(stdout.trim()).toBe(version);
  });

  it('rejects a bad --size with a message naming it', async () => {
    const program = createProgram();
    program.exitOverride();
    program.commands.forEach((c) => c.exitOverride());
    let stderr = '';
    program.commands.forEach((c) =>
      c.configureOutput({ writeErr: (t) => (stderr += t), writeOut: () => {} }),
    );
    await expect(
      program.parseAsync(['node', 'freeavatar', 'crop', 'x.png', '--out', 'o', '--size', '7']),
    ).rejects.toThrow();
    expect(stderr).toMatch(/--size must be an integer in 32\.\.512, got 7/);
  });

  it('prints the backends and the choice', async () => {
    const lines: string[] = [];
    await createProgram((l) => lines.push(l)).parseAsync([
      'node',
      'freeavatar',
      'backends',
      '--prefer',
      'wasm',
    ]);
    expect(lines.some((l) => /wasm/.test(l) && l.startsWith('✓'))).toBe(true);
    expect(lines.at(-1)).toBe('chosen: wasm');
  });

  it('turns a failure into a one-line message and exit code 1', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await main([
      'node',
      'freeavatar',
      'crop',
      '/nonexistent/face.png',
      '--out',
      '/tmp/fa-never',
    ]);
    expect(code).toBe(1);
    expect(spy.mock.calls[0][0]).toMatch(
      /^freeavatar: No such file or folder: \/nonexistent\/face\.png/,
    );
    spy.mockRestore();
  });
});
