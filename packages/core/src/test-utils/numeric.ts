import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../rng.js';

/** Deterministic normal(0, 1) values as a plain array, so every backend gets the same input. */
export function seededValues(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal();
  return out;
}

/** A float32 tensor of deterministic normal values on the active backend. */
export function seededTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    seededValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
    'float32',
  );
}

/** `max |a - b| / max |b|`: the error of `a` relative to the scale of the reference `b`. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs `fn` with `backend` active and gives back the values of what it returned. */
export async function valuesOn(
  backend: string,
  fn: () => tf.Tensor,
): Promise<{ values: Float32Array; shape: number[] }> {
  if (!(await tf.setBackend(backend))) throw new Error(`cannot switch to ${backend}`);
  const out = tf.tidy(fn);
  try {
    return { values: Float32Array.from(await out.data()), shape: out.shape };
  } finally {
    out.dispose();
  }
}

/**
 * Registers vitest hooks that switch to the wasm backend (through `initBackend`, so with the
 * project's wasm kernels) before the file's tests and back to the previous backend after them.
 */
export function useWasmDuringTests(): void {
  let previous: string | null = null;
  beforeAll(async () => {
    previous = tf.engine().backendName;
    await initBackend({ prefer: 'wasm' });
  });
  afterAll(async () => {
    await tf.setBackend(previous ?? 'cpu');
  });
}
