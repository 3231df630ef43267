import {
  isFastWasmBatchMatMulRegistered,
  registerFastWasmBatchMatMul,
} from './wasm-batch-mat-mul.js';
import { registerWasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter.js';
import { areFastWasmSlicesRegistered, registerFastWasmSlices } from './wasm-slice.js';
import * as tf from '@tensorflow/tfjs';

/**
 * What {@link registerWasmTrainingKernels} found and did.
 *
 * @example
 * ```ts
 * const { registeredNow }: WasmTrainingKernels = await registerWasmTrainingKernels();
 * ```
 */
export interface WasmTrainingKernels {
  /** `true` when the wasm backend has a `Conv2DBackpropFilter` kernel (ours or upstream's). */
  readonly conv2DBackpropFilter: boolean;
  /** `true` when the wasm `BatchMatMul` kernel routes transposed operands to its fast path. */
  readonly fastBatchMatMul: boolean;
  /** `true` when `Slice`, `Unpack` and `SplitV` copy contiguous parts straight from the heap. */
  readonly fastSlices: boolean;
  /** Kernels registered by this call; empty when everything was already in place. */
  readonly registeredNow: readonly string[];
}

/**
 * Makes the TensorFlow.js wasm backend fit for training: registers a `Conv2DBackpropFilter`
 * kernel (upstream has none, so filter gradients of `conv2d` and `conv2dTranspose` fail) and
 * routes `BatchMatMul` with `transposeA`/`transposeB` (the backward pass of every dense layer)
 * through a transpose plus the fast untransposed kernel, runs batched products as 2-D ones, and
 * copies contiguous slices, unstacks and splits straight from the heap. Safe to call any number of times;
 * {@link initBackend} calls it whenever it picks `wasm`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from '@freeavatar/core';
 * await registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * ```
 */
export async function registerWasmTrainingKernels(): Promise<WasmTrainingKernels> {
  await import('@tensorflow/tfjs-backend-wasm');
  const registeredNow: string[] = [];
  if (registerWasmConv2DBackpropFilter()) registeredNow.push('Conv2DBackpropFilter');
  if (registerFastWasmBatchMatMul()) registeredNow.push('BatchMatMul');
  registeredNow.push(...registerFastWasmSlices());
  return {
    conv2DBackpropFilter: tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined,
    fastBatchMatMul: isFastWasmBatchMatMulRegistered(),
    fastSlices: areFastWasmSlicesRegistered(),
    registeredNow,
  };
}
