import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { WasmKernelFunc } from './wasm-kernel-utils.js';

/** Marks the kernel functions installed by {@link registerFastWasmSlices}. */
const FAST_SLICE = Symbol.for('@freeavatar/core:wasm-fast-slice');

type MarkedKernelFunc = tf.KernelFunc & { [FAST_SLICE]?: true };

/**
 * Copies the elements `[from, from + length)` of `x` into a new tensor of `shape`, reading the
 * wasm heap in place (the upstream kernels copy all of `x` out of the heap for every slice).
 */
function copyRange(
  backend: BackendWasm,
  x: tf.TensorInfo,
  from: number,
  length: number,
  shape: number[],
): tf.TensorInfo {
  const out = backend.makeOutput(shape, x.dtype);
  // Views are taken after makeOutput: a heap that grows detaches older views.
  const source = backend.typedArrayFromHeap(x);
  backend.typedArrayFromHeap(out).set(source.subarray(from, from + length));
  return out;
}

/**
 * A slice of `x` from its own heap memory when the slice is one contiguous run of elements,
 * otherwise `undefined` (the caller falls back to the upstream kernel).
 */
function contiguousSlice(
  backend: BackendWasm,
  x: tf.TensorInfo,
  begin: number[],
  size: number[],
): tf.TensorInfo | undefined {
  if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    return undefined;
  }
  const from = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
  return copyRange(backend, x, from, tf.util.sizeFromShape(size), size);
}

interface SliceArgs {
  inputs: { x: tf.TensorInfo };
  backend: BackendWasm;
  attrs: { begin: number | number[]; size: number | number[] };
}

function fastSlice(original: WasmKernelFunc): tf.KernelFunc {
  return ((args: SliceArgs) => {
    const { x } = args.inputs;
    const [begin, size] = tf.slice_util.parseSliceParams(
      x as tf.TensorInfo as tf.Tensor,
      args.attrs.begin,
      args.attrs.size,
    );
    return (
      contiguousSlice(args.backend, x, begin, size) ??
      original(args as unknown as Parameters<WasmKernelFunc>[0])
    );
  }) as unknown as tf.KernelFunc;
}

interface UnpackArgs {
  inputs: { value: tf.TensorInfo };
  backend: BackendWasm;
  attrs: { axis: number };
}

function fastUnpack(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: UnpackArgs) => {
    const { value } = args.inputs;
    const rank = value.shape.length;
    const axis = args.attrs.axis < 0 ? args.attrs.axis + rank : args.attrs.axis;
    const outer = value.shape.slice(0, axis).reduce((p, d) => p * d, 1);
    if (value.dtype === 'string' || outer !== 1) {
      return original(args as unknown as Parameters<tf.KernelFunc>[0]);
    }
    // Unstacking the leading axis: every part is one contiguous run.
    const shape = value.shape.filter((_, i) => i !== axis);
    const length = tf.util.sizeFromShape(shape);
    return Array.from({ length: value.shape[axis] }, (_, i) =>
      copyRange(args.backend, value, i * length, length, shape),
    );
  }) as unknown as tf.KernelFunc;
}

interface SplitArgs {
  inputs: { x: tf.TensorInfo };
  backend: BackendWasm;
  attrs: { numOrSizeSplits: number | number[]; axis: number | number[] };
}

function fastSplitV(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: SplitArgs) => {
    const { x } = args.inputs;
    const tensor = x as tf.TensorInfo as tf.Tensor;
    const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(tensor, args.attrs.numOrSizeSplits, axis);
    const begin = x.shape.map(() => 0);
    const parts: tf.TensorInfo[] = [];
    for (const s of sizes) {
      const size = x.shape.slice();
      size[axis] = s;
      const part = contiguousSlice(args.backend, x, begin.slice(), size);
      if (part === undefined) {
        for (const p of parts) args.backend.disposeData(p.dataId);
        return original(args as unknown as Parameters<tf.KernelFunc>[0]);
      }
      parts.push(part);
      begin[axis] += s;
    }
    return parts;
  }) as unknown as tf.KernelFunc;
}

function replace(name: string, wrap: (original: tf.KernelFunc) => tf.KernelFunc): boolean {
  const current = tf.getKernel(name, 'wasm');
  if (current === undefined || (current.kernelFunc as MarkedKernelFunc)[FAST_SLICE]) return false;
  const fast = wrap(current.kernelFunc) as MarkedKernelFunc;
  fast[FAST_SLICE] = true;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...current, kernelFunc: fast });
  return true;
}

/**
 * Re-registers the wasm `Slice`, `Unpack` (`tf.unstack`) and `SplitV` (`tf.split`) kernels so
 * that contiguous parts are copied straight from the heap. Upstream copies the whole input out
 * of the wasm heap for every part, which makes `tf.unstack` of a `[128, 64, 64]` tensor take
 * most of a second; other slices keep the upstream kernels. Does nothing for kernels already
 * replaced.
 *
 * @returns the names of the kernels replaced by this call.
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm');
 * registerFastWasmSlices(); // ['Slice', 'Unpack', 'SplitV']
 * ```
 */
export function registerFastWasmSlices(): string[] {
  const replaced: string[] = [];
  if (replace('Slice', (k) => fastSlice(k as unknown as WasmKernelFunc))) replaced.push('Slice');
  if (replace('Unpack', fastUnpack)) replaced.push('Unpack');
  if (replace('SplitV', fastSplitV)) replaced.push('SplitV');
  return replaced;
}

/**
 * Whether the wasm `Slice`, `Unpack` and `SplitV` kernels are the fast ones of
 * {@link registerFastWasmSlices}.
 *
 * @example
 * ```ts
 * if (!areFastWasmSlicesRegistered()) registerFastWasmSlices();
 * ```
 */
export function areFastWasmSlicesRegistered(): boolean {
  return ['Slice', 'Unpack', 'SplitV'].every(
    (name) =>
      (tf.getKernel(name, 'wasm')?.kernelFunc as MarkedKernelFunc | undefined)?.[FAST_SLICE],
  );
}
