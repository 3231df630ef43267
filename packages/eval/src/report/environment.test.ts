import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { describeEnvironment } from './environment.js';

describe('describeEnvironment', () => {
  it('names the commit, the machine and the date', async () => {
    const now = new Date('2025-03-04T05:06:07Z');
    const env = await describeEnvironment({ backend: 'wasm', now });
    // The tests run inside the project's git checkout.
    expect(env.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof env.uncommittedChanges).toBe('boolean');
    expect(env.cores).toBe(cpus().length);
    expect(env.cpu.length).toBeGreaterThan(0);
    expect(env.os).toMatch(/^\w+ \S+ \w+$/);
    expect(env.node).toBe(process.version);
    expect(env.backend).toBe('wasm');
    expect(env.date).toBe('2025-03-04T05:06:07.000Z');
  });

  it('gives a null commit outside a git checkout', async () => {
    const env = await describeEnvironment({ cwd: tmpdir() });
    expect(env.commit).toBeNull();
    expect(env.uncommittedChanges).toBeNull();
    expect(env).not.toHaveProperty('backend');
  });
});
