import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@freeavatar/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterScratchFolder, unclearFailures } from './bad-input.js';

const PACKAGES = [
  '@freeavatar/core',
  '@freeavatar/face-crop',
  '@freeavatar/synth',
  '@freeavatar/expression-encoder',
  '@freeavatar/animator',
  '@freeavatar/eval',
  'freeavatar',
];

let leave: () => Promise<void>;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  leave = await enterScratchFolder();
});
afterAll(() => leave());

describe('the public API on bad input', () => {
  for (const name of PACKAGES) {
    it(`${name}: every function and class refuses it with a FreeAvatarError, leaking nothing`, async () => {
      const failures = await unclearFailures(await import(name));
      const report = failures.map((failure) => `${failure.call}: ${failure.error}`).join('\n');
      expect(failures, `calls that fail with an unclear error:\n${report}`).toEqual([]);
    }, 300_000);
  }
});

describe('unclearFailures', () => {
  it('lists calls that throw or reject with anything but a FreeAvatarError', async () => {
    class FreeAvatarError extends Error {
      override name = 'FreeAvatarError';
    }
    const leaked: tf.Tensor[] = [];
    const failures = await unclearFailures({
      checks: (x: unknown) => {
        if (x !== 'x') throw new FreeAvatarError('x expected');
      },
      crashes: (x: { length: number } | null) => x!.length,
      rejects: async (x: unknown) => {
        if (x === 42) throw new RangeError('out of range');
      },
      noArguments: () => {
        throw new Error('never called');
      },
      leaks: (x: unknown) => {
        leaked.push(tf.zeros([2]));
        throw new FreeAvatarError(`bad ${String(x)}`);
      },
      notAFunction: 3,
    });
    expect(failures).toEqual([
      {
        call: 'crashes(null)',
        error: "TypeError: Cannot read properties of null (reading 'length')",
      },
      { call: 'rejects(42)', error: 'RangeError: out of range' },
      ...['null', '42', '"x"', '{}'].map((label) => ({
        call: `leaks(${label})`,
        error: 'left 1 tensors',
      })),
    ]);
    tf.dispose(leaked);
  });
});
