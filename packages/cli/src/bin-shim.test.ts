import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SHIM = fileURLToPath(new URL('../bin/freeavatar.js', import.meta.url));

describe('the freeavatar executable', () => {
  it('runs the built command line (npm links bin/freeavatar.js as `freeavatar`)', async () => {
    const { stdout } = await run(process.execPath, [SHIM, '--help']);
    expect(stdout).toMatch(/^Usage: freeavatar \[options\] \[command\]/);
    expect(stdout).toContain('animate');
  }, 30_000);
});
