import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { seededTensor, valuesOn, useWasmDuringTests } from './test-utils/numeric.js';
import { areFastWasmSlicesRegistered, registerFastWasmSlices } from './wasm-slice.js';

useWasmDuringTests();

/** Runs `fn` on cpu and on wasm; the parts must be bit-identical (slicing copies values). */
async function expectSameParts(fn: () => tf.Tensor[]): Promise<void> {
  const joined = (): tf.Tensor =>
    tf.concat(
      fn().map((t) => t.flatten()),
      0,
    );
  const shapes = async (backend: string): Promise<number[][]> => {
    await tf.setBackend(backend);
    return tf.tidy(() => fn().map((t) => t.shape));
  };
  const reference = await valuesOn('cpu', joined);
  const wasm = await valuesOn('wasm', joined);
  expect(await shapes('wasm')).toEqual(await shapes('cpu'));
  expect(wasm.values).toEqual(reference.values);
}

describe('fast wasm slices', () => {
  it('are registered by initBackend on wasm', () => {
    expect(areFastWasmSlicesRegistered()).toBe(true);
    expect(registerFastWasmSlices()).toEqual([]);
  });

  it('slice contiguous and strided windows like cpu', async () => {
    await expectSameParts(() => {
      const x = seededTensor([4, 5, 6], 1);
      return [
        tf.slice(x, [1, 0, 0], [2, 5, 6]),
        tf.slice(x, [2, 3, 0], [1, 2, 6]),
        tf.slice(x, [0, 1, 2], [3, 2, 3]),
        tf.slice(x, [3], [-1]),
      ];
    });
  });

  it('unstack along the first and a later axis like cpu', async () => {
    await expectSameParts(() => [
      ...tf.unstack(seededTensor([5, 3, 4], 2)),
      ...tf.unstack(seededTensor([3, 4, 2], 3), 1),
      ...tf.unstack(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32')),
    ]);
  });

  it('split along the first and a later axis like cpu, in equal and given sizes', async () => {
    await expectSameParts(() => {
      const x = seededTensor([6, 4, 3], 4);
      return [...tf.split(x, 3, 0), ...tf.split(x, [1, 3], 1), ...tf.split(x, [2, 1], 2)];
    });
  });

  it('leak neither tensors nor wasm buffers', async () => {
    await tf.setBackend('wasm');
    const x = seededTensor([6, 4, 3], 5);
    const run = (): void =>
      tf.dispose([
        ...tf.unstack(x),
        ...tf.split(x, [2, 4], 0),
        ...tf.split(x, 3, 2),
        tf.slice(x, [1, 1, 0], [2, 2, 3]),
      ]);
    run();
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    x.dispose();
  });
});
