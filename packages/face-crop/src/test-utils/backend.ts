import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@freeavatar/core';

/** Switches tfjs to the wasm backend (SIMD binaries from the installed package). */
export async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  await initBackend({ prefer: 'wasm' });
}
