import * as tf from '@tensorflow/tfjs';
import {
  disposeIntermediate,
  reshapeInfo,
  swapLastTwo,
  transposeInfo,
  type WasmKernelArgs,
  type WasmKernelFunc,
} from './wasm-kernel-utils.js';

/**
 * The smallest batch run as one 2-D product per element. Measured with `[b, 64, 32] × [b, 32,
 * 64]` products: as fast as the batched kernel at b = 2, faster from b = 4 on (one face's four
 * attention heads) and about 5× faster at b = 128 (32 faces).
 */
const PER_BATCH_MIN = 2;

/** Marks the kernel function installed by {@link registerFastWasmBatchMatMul}. */
const FAST_BATCH_MAT_MUL = Symbol.for('@freeavatar/core:wasm-fast-batch-mat-mul');

type MarkedKernelFunc = WasmKernelFunc & { [FAST_BATCH_MAT_MUL]?: true };

/**
 * A batched product of two float32 operands with the same batch size, as one 2-D product per
 * batch element: the 2-D kernel is several times faster than the batched loop of the wasm
 * kernel. Operand parts are copied straight from the heap.
 */
function perBatchMatMul(
  original: WasmKernelFunc,
  backend: WasmKernelArgs['backend'],
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const batch = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], 'float32');
  for (let i = 0; i < batch; i++) {
    const ai = backend.makeOutput([m, k], 'float32');
    const bi = backend.makeOutput([k, n], 'float32');
    // Heap views are taken after each allocation: a growing heap detaches older views.
    backend
      .typedArrayFromHeap(ai)
      .set(backend.typedArrayFromHeap(a).subarray(i * m * k, (i + 1) * m * k));
    backend
      .typedArrayFromHeap(bi)
      .set(backend.typedArrayFromHeap(b).subarray(i * k * n, (i + 1) * k * n));
    const oi = original({ inputs: { a: ai, b: bi }, backend, attrs });
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(oi), i * m * n);
    disposeIntermediate(backend, [ai, bi, oi]);
  }
  return out;
}

/**
 * Wraps the wasm `BatchMatMul` kernel so that every call reaches its fast path: transposed
 * operands are transposed first (the wasm kernel is 10–30× slower with `transposeA/B`), a
 * batched left operand times an unbatched right operand becomes one 2-D product, and two
 * operands with the same batch of at least {@link PER_BATCH_MIN} become one 2-D product per
 * batch element.
 */
function fastBatchMatMul(original: WasmKernelFunc): WasmKernelFunc {
  return (args: WasmKernelArgs) => {
    const { backend } = args;
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    let a = args.inputs.a as tf.TensorInfo;
    let b = args.inputs.b as tf.TensorInfo;
    const made: tf.TensorInfo[] = [];
    try {
      if (attrs.transposeA) {
        a = transposeInfo(backend, a, swapLastTwo(a.shape.length));
        made.push(a);
      }
      if (attrs.transposeB) {
        b = transposeInfo(backend, b, swapLastTwo(b.shape.length));
        made.push(b);
      }
      const plain = { ...args.attrs, transposeA: false, transposeB: false };
      const bBatch = b.shape.slice(0, -2).reduce((n, d) => n * d, 1);
      if (a.shape.length > 2 && bBatch === 1 && a.dtype === 'float32') {
        const [k, n] = b.shape.slice(-2);
        const rows = a.shape.slice(0, -1).reduce((p, d) => p * d, 1);
        const a2 = reshapeInfo(backend, a, [rows, k]);
        const b2 = reshapeInfo(backend, b, [k, n]);
        made.push(a2, b2);
        const out2 = original({ inputs: { a: a2, b: b2 }, backend, attrs: plain });
        const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(
          a.shape.slice(0, -2),
          b.shape.slice(0, -2),
        );
        const out = reshapeInfo(backend, out2, [...batchShape, a.shape[a.shape.length - 2], n]);
        made.push(out2);
        return out;
      }
      const aBatch = a.shape.slice(0, -2).reduce((n, d) => n * d, 1);
      if (
        aBatch >= PER_BATCH_MIN &&
        tf.util.arraysEqual(a.shape.slice(0, -2), b.shape.slice(0, -2)) &&
        a.dtype === 'float32' &&
        b.dtype === 'float32'
      ) {
        return perBatchMatMul(original, backend, a, b, plain);
      }
      return original({ inputs: { a, b }, backend, attrs: plain });
    } finally {
      disposeIntermediate(backend, made);
    }
  };
}

/**
 * Re-registers the wasm `BatchMatMul` kernel with {@link fastBatchMatMul}, keeping the original
 * `setupFunc` and `disposeFunc`. Does nothing when it is already installed.
 *
 * @returns `true` when the kernel was (re-)registered by this call.
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm');
 * registerFastWasmBatchMatMul();
 * ```
 */
export function registerFastWasmBatchMatMul(): boolean {
  const current = tf.getKernel('BatchMatMul', 'wasm');
  if (current === undefined) return false;
  if ((current.kernelFunc as MarkedKernelFunc)[FAST_BATCH_MAT_MUL]) return false;
  const fast = fastBatchMatMul(current.kernelFunc as unknown as WasmKernelFunc) as MarkedKernelFunc;
  fast[FAST_BATCH_MAT_MUL] = true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...current, kernelFunc: fast as unknown as tf.KernelFunc });
  return true;
}

/**
 * Whether the wasm `BatchMatMul` kernel currently registered is the fast wrapper.
 *
 * @example
 * ```ts
 * if (!isFastWasmBatchMatMulRegistered()) registerFastWasmBatchMatMul();
 * ```
 */
export function isFastWasmBatchMatMulRegistered(): boolean {
  const current = tf.getKernel('BatchMatMul', 'wasm');
  return (
    current !== undefined && (current.kernelFunc as MarkedKernelFunc)[FAST_BATCH_MAT_MUL] === true
  );
}
