import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { relativeError, seededTensor, valuesOn, useWasmDuringTests } from './test-utils/numeric.js';
import { registerWasmTrainingKernels } from './wasm-training-kernels.js';

const TOLERANCE = 1e-5;
useWasmDuringTests();

/** Runs `fn` on cpu and on wasm and expects the same values within {@link TOLERANCE}. */
async function expectParity(fn: () => tf.Tensor): Promise<void> {
  const reference = await valuesOn('cpu', fn);
  const wasm = await valuesOn('wasm', fn);
  expect(wasm.shape).toEqual(reference.shape);
  expect(relativeError(wasm.values, reference.values)).toBeLessThan(TOLERANCE);
}

/** Expects `fn` to leave no tensor and no wasm buffer behind. */
async function expectNoLeak(fn: () => tf.Tensor): Promise<void> {
  await tf.setBackend('wasm');
  tf.tidy(fn).dispose(); // warm up kernels and caches
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  tf.tidy(fn).dispose();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(buffers);
}

type Pad =
  | 'same'
  | 'valid'
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { x: [1, 9, 7, 2], filter: [2, 3, 2, 3], strides: [2, 1], pad: 'valid' },
  { x: [3, 8, 8, 4], filter: [4, 4, 4, 6], strides: 4, pad: 'valid' },
  {
    x: [2, 6, 6, 3],
    filter: [3, 3, 3, 2],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [2, 1],
      [0, 0],
    ],
  },
  { x: [2, 5, 5, 3], filter: [5, 5, 3, 2], strides: 1, pad: 1 },
  { x: [1, 8, 8, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1, dimRoundingMode: 'floor' },
];

/** NCHW cases run the kernel directly: the wasm backend has no NCHW conv2d forward. */
const NCHW_CASES: ConvCase[] = [
  { x: [2, 3, 6, 6], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dataFormat: 'NCHW' },
  { x: [2, 3, 9, 8], filter: [3, 2, 3, 2], strides: 2, pad: 'valid', dataFormat: 'NCHW' },
];

function nchwFilterGradient(c: ConvCase): tf.Tensor {
  const x = seededTensor(c.x, 1);
  const outShape = tf.backend_util.computeConv2DInfo(
    c.x,
    c.filter,
    c.strides,
    1,
    c.pad,
    undefined,
    false,
    'channelsFirst',
  ).outShape;
  const dy = seededTensor(outShape, 3);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NCHW', filterShape: c.filter };
  return tf
    .engine()
    .runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function convFilterGradient(c: ConvCase): tf.Tensor {
  const x = seededTensor(c.x, 1) as tf.Tensor4D;
  const filter = seededTensor(c.filter, 2) as tf.Tensor4D;
  const forward = (f: tf.Tensor4D) =>
    tf.conv2d(x, f, c.strides, c.pad, c.dataFormat ?? 'NHWC', 1, c.dimRoundingMode);
  const weights = seededTensor(forward(filter).shape, 3);
  return tf.grad((f: tf.Tensor) =>
    forward(f as tf.Tensor4D)
      .mul(weights)
      .sum(),
  )(filter);
}

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(CONV_CASES.map((c) => [JSON.stringify(c), c] as const))(
    'matches cpu for conv2d %s',
    async (_, c) => {
      await expectParity(() => convFilterGradient(c));
    },
  );

  it.each(NCHW_CASES.map((c) => [JSON.stringify(c), c] as const))(
    'matches cpu for the NCHW kernel %s',
    async (_, c) => {
      await expectParity(() => nchwFilterGradient(c));
    },
  );

  it('sums the chunks of a large im2col buffer correctly', async () => {
    // 24 images of 32x32 with a 5x5x32 filter need 19.7M im2col floats, more than one chunk
    // (16M); 12 images fit in one. The gradient over all 24 must equal the sum over both halves,
    // each computed without chunking (and checked against cpu by the cases above).
    await tf.setBackend('wasm');
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 32, 2] };
    const kernel = (x: tf.Tensor, dy: tf.Tensor) =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor;
    const [whole, halves] = tf.tidy(() => {
      const x = seededTensor([24, 32, 32, 32], 11);
      const dy = seededTensor([24, 32, 32, 2], 12);
      const [x1, x2] = tf.split(x, 2, 0);
      const [dy1, dy2] = tf.split(dy, 2, 0);
      return [kernel(x, dy), kernel(x1, dy1).add(kernel(x2, dy2))];
    });
    const error = relativeError(await whole.data(), await halves.data());
    tf.dispose([whole, halves]);
    expect(error).toBeLessThan(TOLERANCE);
  });

  const TRANSPOSE_CASES = [
    { x: [2, 4, 4, 3], out: [2, 8, 8, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'same' },
    { x: [1, 5, 5, 4], out: [1, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
    { x: [2, 3, 3, 2], out: [2, 6, 6, 1], filter: [2, 2, 1, 2], strides: 2, pad: 'valid' },
    { x: [2, 4, 3, 5], out: [2, 8, 6, 4], filter: [4, 4, 4, 5], strides: 2, pad: 'same' },
  ] as const;

  it.each(TRANSPOSE_CASES.map((c) => [JSON.stringify(c), c] as const))(
    'matches cpu for conv2dTranspose %s',
    async (_, c) => {
      await expectParity(() => {
        const x = seededTensor([...c.x], 4) as tf.Tensor4D;
        const filter = seededTensor([...c.filter], 5) as tf.Tensor4D;
        const forward = (f: tf.Tensor4D) =>
          tf.conv2dTranspose(
            x,
            f,
            [...c.out] as [number, number, number, number],
            c.strides,
            c.pad,
          );
        const weights = seededTensor([...c.out], 6);
        return tf.grad((f: tf.Tensor) =>
          forward(f as tf.Tensor4D)
            .mul(weights)
            .sum(),
        )(filter);
      });
    },
  );

  it('leaks neither tensors nor wasm buffers', async () => {
    await expectNoLeak(() => convFilterGradient(CONV_CASES[1]));
    await expectNoLeak(() => convFilterGradient(CONV_CASES[4]));
  });

  it('rejects non-float32 inputs with a clear message', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 4, 4, 1], 'int32');
    const dy = tf.zeros([1, 4, 4, 1], 'int32');
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [1, 1, 1, 1] },
        ),
    ).toThrow(/float32/);
    tf.dispose([x, dy]);
  });
});

const MATMUL_SHAPES: [number[], number[]][] = [
  [
    [5, 7],
    [7, 3],
  ],
  [
    [3, 5, 7],
    [3, 7, 4],
  ],
  [
    [3, 5, 7],
    [1, 7, 4],
  ],
  [
    [2, 3, 5, 7],
    [7, 4],
  ],
  [
    [2, 6, 9],
    [9, 33],
  ],
  [
    [2, 3, 5, 7],
    [2, 3, 7, 4],
  ],
  [
    [4, 5, 5, 7],
    [4, 5, 7, 3],
  ],
];

describe('BatchMatMul on wasm', () => {
  const cases = MATMUL_SHAPES.flatMap(([a, b]) =>
    [false, true].flatMap((ta) =>
      [false, true].map(
        (tb) => [`${a}x${b} transposeA=${ta} transposeB=${tb}`, a, b, ta, tb] as const,
      ),
    ),
  );

  function product(a: number[], b: number[], ta: boolean, tb: boolean): tf.Tensor {
    const swap = (s: number[]) => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
    const ta_ = seededTensor(ta ? swap(a) : a, 7);
    const tb_ = seededTensor(tb ? swap(b) : b, 8);
    return tf.matMul(ta_, tb_, ta, tb);
  }

  it.each(cases)('matches cpu for %s', async (_, a, b, ta, tb) => {
    await expectParity(() => product(a, b, ta, tb));
  });

  // tfjs's own matMul gradient does not reduce broadcast batch dimensions, so only
  // equal-batch shapes have gradients to compare.
  const GRADIENT_SHAPES = MATMUL_SHAPES.filter(([a, b]) => a.length === b.length && a[0] === b[0]);

  it.each(GRADIENT_SHAPES.map(([a, b]) => [`${a}x${b}`, a, b] as const))(
    'gradients match cpu for %s',
    async (_, a, b) => {
      await expectParity(() => {
        const x = seededTensor(a, 9);
        const y = seededTensor(b, 10);
        const [gx, gy] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q).square().sum())([
          x,
          y,
        ]);
        return tf.concat([gx.flatten(), gy.flatten()]);
      });
    },
  );

  it('leaks neither tensors nor wasm buffers', async () => {
    for (const [a, b] of MATMUL_SHAPES) {
      await expectNoLeak(() => product(a, b, true, true));
      await expectNoLeak(() => product(a, b, false, false));
    }
  });
});

describe('registerWasmTrainingKernels', () => {
  it('registers both fixes once and reports them', async () => {
    const again = await registerWasmTrainingKernels();
    expect(again).toEqual({
      conv2DBackpropFilter: true,
      fastBatchMatMul: true,
      fastSlices: true,
      registeredNow: [],
    });
    const setup = tf.getKernel('BatchMatMul', 'wasm')?.setupFunc;
    expect(typeof setup).toBe('function');
  });
});
