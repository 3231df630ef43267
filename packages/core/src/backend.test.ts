import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKEND_NAMES, isBackendName, parseBackendPreference } from './backend-names.js';
import { defaultBackendOrder, initBackend, listBackends } from './backend.js';
import { FreeAvatarError } from './errors.js';

let previous: string | null;

beforeAll(() => {
  previous = tf.engine().backendName;
});

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await tf.setBackend(previous ?? 'cpu');
});

function isInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

async function rejection(promise: Promise<unknown>): Promise<FreeAvatarError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FreeAvatarError);
    return err as FreeAvatarError;
  }
  throw new Error('expected a rejection');
}

describe('backend names', () => {
  it('recognises the four backends only', () => {
    expect(BACKEND_NAMES).toEqual(['webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(isBackendName('wasm')).toBe(true);
    expect(isBackendName('webgl')).toBe(false);
    expect(isBackendName(3)).toBe(false);
  });

  it('parses one name, a list and a comma-separated string, dropping duplicates', () => {
    expect(parseBackendPreference('cpu')).toEqual(['cpu']);
    expect(parseBackendPreference(['wasm', 'cpu', 'wasm'])).toEqual(['wasm', 'cpu']);
    expect(parseBackendPreference(' webgpu, wasm ')).toEqual(['webgpu', 'wasm']);
  });

  it('rejects unknown names and empty lists with INVALID_ARGUMENT', () => {
    expect(() => parseBackendPreference(['wasm', 'webgl' as never])).toThrow(
      /"webgl".*webgpu, tensorflow, wasm, cpu/,
    );
    expect(() => parseBackendPreference([])).toThrow(FreeAvatarError);
    try {
      parseBackendPreference('gpu');
    } catch (err) {
      expect((err as FreeAvatarError).code).toBe('INVALID_ARGUMENT');
      expect((err as FreeAvatarError).subject).toBe('gpu');
    }
  });
});

describe('initBackend', () => {
  it('uses tensorflow, wasm, cpu in Node by default', () => {
    expect(defaultBackendOrder()).toEqual(['tensorflow', 'wasm', 'cpu']);
  });

  it('picks cpu when asked and says why the others were not used', async () => {
    const choice = await initBackend({ prefer: 'cpu' });
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(Object.keys(choice.reasons)).toEqual([...BACKEND_NAMES]);
    expect(choice.reasons.cpu).toMatch(/^chosen/);
    expect(choice.reasons.wasm).toMatch(/not in the preference list/);
  });

  it('picks wasm by default when tfjs-node is absent, with the training kernels', async () => {
    vi.stubEnv('FREEAVATAR_BACKEND', '');
    const choice = await initBackend();
    const tfjsNode =
      isInstalled('@tensorflow/tfjs-node') || isInstalled('@tensorflow/tfjs-node-gpu');
    expect(choice.name).toBe(tfjsNode ? 'tensorflow' : 'wasm');
    if (!tfjsNode) {
      expect(choice.reasons.tensorflow).toMatch(/unavailable: .*tfjs-node.* is not installed/);
      expect(choice.reasons.cpu).toMatch(/not tried: wasm comes first/);
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    }
    expect(tf.getBackend()).toBe(choice.name);
  });

  it('reads the preference from FREEAVATAR_BACKEND', async () => {
    vi.stubEnv('FREEAVATAR_BACKEND', 'cpu');
    expect((await initBackend()).name).toBe('cpu');
    vi.stubEnv('FREEAVATAR_BACKEND', 'cuda');
    const err = await rejection(initBackend());
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/FREEAVATAR_BACKEND=cuda.*"cuda"/);
  });

  it('falls through unavailable backends in order', async () => {
    if (isInstalled('@tensorflow/tfjs-node')) return;
    const choice = await initBackend({ prefer: ['tensorflow', 'cpu', 'wasm'] });
    expect(choice.name).toBe('cpu');
    expect(choice.reasons.tensorflow).toMatch(/^unavailable/);
    expect(choice.reasons.wasm).toMatch(/not tried: cpu comes first/);
  });

  it('throws BACKEND_UNAVAILABLE naming each reason when nothing preferred works', async () => {
    if (isInstalled('@tensorflow/tfjs-node') || isInstalled('@tensorflow/tfjs-node-gpu')) return;
    await initBackend({ prefer: 'cpu' });
    const err = await rejection(initBackend({ prefer: ['tensorflow'] }));
    expect(err.code).toBe('BACKEND_UNAVAILABLE');
    expect(err.message).toMatch(/tensorflow: .*@tensorflow\/tfjs-node-gpu is not installed/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('leaves no tensors behind when switching backends', async () => {
    await initBackend({ prefer: 'cpu' });
    const before = tf.memory().numTensors;
    await initBackend({ prefer: 'wasm' });
    await initBackend({ prefer: 'cpu' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects options that are not an object, naming them', async () => {
    for (const options of ['wasm', ['wasm'], null]) {
      const err = await rejection(initBackend(options as never));
      expect(err.code).toBe('INVALID_ARGUMENT');
      expect(err.message).toContain(`got ${JSON.stringify(options)}`);
    }
  });

  it('rejects unknown backend names with INVALID_ARGUMENT', async () => {
    const err = await rejection(initBackend({ prefer: ['wasm', 'metal' as never] }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('"metal"');
  });
});

describe('listBackends', () => {
  it('reports every backend without switching the active one', async () => {
    await initBackend({ prefer: 'cpu' });
    const rows = await listBackends();
    expect(rows.map((r) => r.name)).toEqual([...BACKEND_NAMES]);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.cpu.available).toBe(true);
    expect(byName.cpu.active).toBe(true);
    expect(byName.wasm.available).toBe(true);
    expect(byName.wasm.active).toBe(false);
    for (const row of rows) expect(row.detail.length).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await listBackends();
    expect(tf.memory().numTensors).toBe(before);
  });
});
