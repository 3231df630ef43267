import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Switches tfjs to the wasm backend (SIMD binaries from the installed package). */
export async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(join(dirname(entry), '/'));
  await tf.setBackend('wasm');
  await tf.ready();
}
