import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  disposeIntermediate,
  reshapeInfo,
  transposeInfo,
  wasmKernel,
  type WasmKernelArgs,
} from './wasm-kernel-utils.js';

/** Largest im2col buffer built at once, in floats (64 MB); larger batches are done in chunks. */
const MAX_COLUMN_FLOATS = 16 * 1024 * 1024;

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Writes the im2col matrix of NHWC `x` for images `[b0, b0 + nb)`: one row per output pixel,
 * `filterHeight * filterWidth * inChannels` columns, zeros where the window hangs over padding.
 */
function im2col(
  x: Float32Array,
  col: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  b0: number,
  nb: number,
): void {
  const {
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowLen = filterHeight * filterWidth * inChannels;
  const imageSize = inHeight * inWidth * inChannels;
  let dst = 0;
  for (let b = b0; b < b0 + nb; b++) {
    const imageBase = b * imageSize;
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = oh * strideHeight - top;
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = ow * strideWidth - left;
        const fwStart = Math.max(0, -iw0);
        const fwEnd = Math.min(filterWidth, inWidth - iw0);
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = ih0 + fh;
          const rowStart = dst + fh * filterWidth * inChannels;
          if (ih < 0 || ih >= inHeight || fwEnd <= fwStart) {
            col.fill(0, rowStart, rowStart + filterWidth * inChannels);
            continue;
          }
          if (fwStart > 0) col.fill(0, rowStart, rowStart + fwStart * inChannels);
          const src = imageBase + (ih * inWidth + iw0 + fwStart) * inChannels;
          const len = (fwEnd - fwStart) * inChannels;
          const at = rowStart + fwStart * inChannels;
          if (len < 32) {
            for (let i = 0; i < len; i++) col[at + i] = x[src + i];
          } else {
            col.set(x.subarray(src, src + len), at);
          }
          if (fwEnd < filterWidth) col.fill(0, at + len, rowStart + filterWidth * inChannels);
        }
        dst += rowLen;
      }
    }
  }
}

/**
 * `dW = im2col(x)ᵀ · dy` for NHWC `x` and `dy`, as `[columns, outChannels]`, computed as
 * `(dyᵀ · im2col(x))ᵀ` so that only the small operands are transposed.
 */
function filterGradient(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } =
    info;
  const pixels = outHeight * outWidth;
  const columns = filterHeight * filterWidth * inChannels;
  const chunk = Math.max(
    1,
    Math.min(batchSize, Math.floor(MAX_COLUMN_FLOATS / Math.max(1, pixels * columns))),
  );
  const matMul = wasmKernel('BatchMatMul');
  const slice = wasmKernel('Slice');
  const made: tf.TensorInfo[] = [];
  const dy2d = reshapeInfo(backend, dy, [batchSize * pixels, outChannels]);
  made.push(dy2d);
  let sum: tf.TensorInfo | undefined;
  try {
    for (let b0 = 0; b0 < batchSize; b0 += chunk) {
      const nb = Math.min(chunk, batchSize - b0);
      const col = backend.makeOutput([nb * pixels, columns], 'float32');
      made.push(col);
      im2col(
        backend.typedArrayFromHeap(x) as Float32Array,
        backend.typedArrayFromHeap(col) as Float32Array,
        info,
        b0,
        nb,
      );
      const dyPart =
        nb === batchSize
          ? dy2d
          : slice({
              inputs: { x: dy2d },
              backend,
              attrs: { begin: [b0 * pixels, 0], size: [nb * pixels, outChannels] },
            });
      if (dyPart !== dy2d) made.push(dyPart);
      const dyT = transposeInfo(backend, dyPart, [1, 0]);
      made.push(dyT);
      const partT = matMul({
        inputs: { a: dyT, b: col },
        backend,
        attrs: { transposeA: false, transposeB: false },
      });
      if (sum === undefined) {
        sum = partT;
      } else {
        made.push(partT);
        const acc = backend.typedArrayFromHeap(sum) as Float32Array;
        const add = backend.typedArrayFromHeap(partT) as Float32Array;
        for (let i = 0; i < acc.length; i++) acc[i] += add[i];
      }
      disposeIntermediate(backend, made.splice(1));
    }
    return transposeInfo(backend, sum as tf.TensorInfo, [1, 0]);
  } finally {
    if (sum !== undefined) made.push(sum);
    disposeIntermediate(backend, made);
  }
}

/**
 * The `Conv2DBackpropFilter` kernel for the wasm backend: the gradient of `conv2d` with respect
 * to its filter (and of `conv2dTranspose` with respect to its filter, which tfjs expresses with
 * the same kernel). Built from im2col plus the wasm matMul.
 */
function conv2DBackpropFilterWasm(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const attrs = args.attrs as unknown as BackpropFilterAttrs;
  let x = args.inputs.x as tf.TensorInfo;
  let dy = args.inputs.dy as tf.TensorInfo;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(
      `Conv2DBackpropFilter on wasm supports float32 only, got ${x.dtype} and ${dy.dtype}`,
    );
  }
  const made: tf.TensorInfo[] = [];
  try {
    if (attrs.dataFormat === 'NCHW') {
      x = transposeInfo(backend, x, [0, 2, 3, 1]);
      dy = transposeInfo(backend, dy, [0, 2, 3, 1]);
      made.push(x, dy);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const grad2d = filterGradient(backend, x, dy, info);
    made.push(grad2d);
    return reshapeInfo(backend, grad2d, [...attrs.filterShape]);
  } finally {
    disposeIntermediate(backend, made);
  }
}

/**
 * Registers {@link conv2DBackpropFilterWasm} unless the wasm backend already has a
 * `Conv2DBackpropFilter` kernel.
 *
 * @returns `true` when this call registered it.
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm');
 * registerWasmConv2DBackpropFilter();
 * ```
 */
export function registerWasmConv2DBackpropFilter(): boolean {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return false;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
  });
  return true;
}
