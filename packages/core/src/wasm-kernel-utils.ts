import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * The argument every tfjs kernel function receives, typed for the wasm backend.
 *
 * @example
 * ```ts
 * const kernel = (args: WasmKernelArgs) => wasmKernel('Relu')(args);
 * ```
 */
export interface WasmKernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs?: tf.NamedAttrMap;
}

/**
 * A wasm kernel function that returns one tensor.
 *
 * @example
 * ```ts
 * const relu: WasmKernelFunc = wasmKernel('Relu');
 * ```
 */
export type WasmKernelFunc = (args: WasmKernelArgs) => tf.TensorInfo;

/**
 * The kernel function registered for `kernelName` on the wasm backend, called as a plain
 * function (the way backends compose their own kernels).
 *
 * @example
 * ```ts
 * const y = wasmKernel('Transpose')({ inputs: { x }, backend, attrs: { perm: [1, 0] } });
 * ```
 */
export function wasmKernel(kernelName: string): WasmKernelFunc {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`wasm kernel ${kernelName} is not registered`);
  return config.kernelFunc as unknown as WasmKernelFunc;
}

/**
 * Releases intermediate results made inside a kernel.
 *
 * @example
 * ```ts
 * disposeIntermediate(backend, [transposed, reshaped]);
 * ```
 */
export function disposeIntermediate(backend: BackendWasm, infos: readonly tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * The permutation that swaps the last two axes of a rank-`rank` tensor.
 *
 * @example
 * ```ts
 * swapLastTwo(3); // [0, 2, 1]
 * ```
 */
export function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * Runs the wasm `Transpose` kernel.
 *
 * @example
 * ```ts
 * const xT = transposeInfo(backend, x, [1, 0]);
 * ```
 */
export function transposeInfo(
  backend: BackendWasm,
  x: tf.TensorInfo,
  perm: number[],
): tf.TensorInfo {
  return wasmKernel('Transpose')({ inputs: { x }, backend, attrs: { perm } });
}

/**
 * Runs the wasm `Reshape` kernel (no copy: the result shares `x`'s data).
 *
 * @example
 * ```ts
 * const flat = reshapeInfo(backend, x, [x.shape.reduce((a, b) => a * b, 1)]);
 * ```
 */
export function reshapeInfo(
  backend: BackendWasm,
  x: tf.TensorInfo,
  shape: number[],
): tf.TensorInfo {
  return wasmKernel('Reshape')({ inputs: { x }, backend, attrs: { shape } });
}
