import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';

/**
 * Tries to make the webgpu backend ready (without leaving it active). Resolves to `undefined`
 * when it works, else to the reason it does not.
 */
export async function webGpuUnavailableReason(): Promise<string | undefined> {
  const previous = tf.engine().backendName;
  try {
    await initBackend({ prefer: 'webgpu' });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    if (previous) await tf.setBackend(previous);
  }
}

/**
 * Skips the running test when WebGPU is unavailable, printing why, unless
 * `FREEAVATAR_REQUIRE_WEBGPU=1` is set, in which case the test fails with that reason.
 */
export function skipOrFailWithoutWebGpu(
  reason: string | undefined,
  skip: (note?: string) => void,
): void {
  if (reason === undefined) return;
  if (process.env.FREEAVATAR_REQUIRE_WEBGPU === '1') {
    throw new Error(`WebGPU is required (FREEAVATAR_REQUIRE_WEBGPU=1) but unavailable: ${reason}`);
  }
  console.log(`skipping WebGPU test: ${reason}`);
  skip(`WebGPU unavailable: ${reason}`);
}
