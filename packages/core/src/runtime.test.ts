import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from './errors.js';
import { importNode } from './runtime.js';

describe('importNode', () => {
  it('imports a Node built-in module', async () => {
    const os = await importNode<typeof import('node:os')>('node:os');
    expect(typeof os.cpus).toBe('function');
  });

  it('names a bad module name, and one that cannot be imported', async () => {
    await expect(importNode(null as never)).rejects.toThrow(/name must be a non-empty string/);
    const err = await importNode('node:no-such-module').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreeAvatarError);
    expect((err as FreeAvatarError).message).toMatch(/Cannot import .*"node:no-such-module"/);
  });
});
