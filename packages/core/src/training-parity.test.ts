import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { relativeError, seededValues } from './test-utils/numeric.js';
import { skipOrFailWithoutWebGpu, webGpuUnavailableReason } from './test-utils/webgpu.js';

/** Parameter shapes of a tiny conv + dense classifier on 8×8×3 images. */
const SHAPES: Record<string, number[]> = {
  conv1: [3, 3, 3, 4],
  bias1: [4],
  conv2: [3, 3, 4, 8],
  dense: [128, 5],
  biasDense: [5],
};
const BATCH = 4;
const LEARNING_RATE = 0.1;

interface StepResult {
  loss: number;
  lossAfter: number;
  gradients: Record<string, Float32Array>;
}

function loss(params: Record<string, tf.Tensor>, x: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar {
  const h1 = tf.relu(
    tf.conv2d(x, params.conv1 as tf.Tensor4D, 1, 'same').add(params.bias1),
  ) as tf.Tensor4D;
  const h2 = tf.relu(tf.conv2d(h1, params.conv2 as tf.Tensor4D, 2, 'same'));
  const logits = tf.matMul(h2.reshape([BATCH, 128]), params.dense).add(params.biasDense);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

/** One SGD step from fixed seeded parameters on the active backend. */
async function trainingStep(): Promise<StepResult> {
  const names = Object.keys(SHAPES);
  const outputs = tf.tidy(() => {
    const params = names.map((name, i) =>
      tf
        .tensor(
          seededValues(
            SHAPES[name].reduce((a, b) => a * b, 1),
            100 + i,
          ),
          SHAPES[name],
        )
        .mul(0.3),
    );
    const x = tf.tensor4d(seededValues(BATCH * 8 * 8 * 3, 7), [BATCH, 8, 8, 3]);
    const labels = tf.oneHot(tf.tensor1d([0, 3, 1, 4], 'int32'), 5).toFloat() as tf.Tensor2D;
    const f = (...values: tf.Tensor[]) =>
      loss(Object.fromEntries(names.map((n, i) => [n, values[i]])), x, labels);
    const { value, grads } = tf.valueAndGrads(f)(params);
    const after = f(...params.map((p, i) => p.sub(grads[i].mul(LEARNING_RATE))));
    return [value, after, ...grads];
  });
  try {
    const [value, after, ...grads] = await Promise.all(
      outputs.map(async (t) => Float32Array.from(await t.data())),
    );
    return {
      loss: value[0],
      lossAfter: after[0],
      gradients: Object.fromEntries(names.map((n, i) => [n, grads[i]])),
    };
  } finally {
    tf.dispose(outputs);
  }
}

async function stepOn(backend: 'cpu' | 'wasm' | 'webgpu'): Promise<StepResult> {
  await initBackend({ prefer: backend });
  const before = tf.memory().numTensors;
  const result = await trainingStep();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

function expectClose(actual: StepResult, reference: StepResult, tolerance: number): void {
  expect(relativeError([actual.loss], [reference.loss])).toBeLessThan(tolerance);
  expect(relativeError([actual.lossAfter], [reference.lossAfter])).toBeLessThan(tolerance);
  for (const name of Object.keys(reference.gradients)) {
    expect(relativeError(actual.gradients[name], reference.gradients[name]), name).toBeLessThan(
      tolerance,
    );
  }
}

describe('one training step gives the same loss and gradients on every backend', () => {
  let previous: string | null;
  let reference: StepResult;
  let webGpuReason: string | undefined;

  beforeAll(async () => {
    previous = tf.engine().backendName;
    reference = await stepOn('cpu');
    webGpuReason = await webGpuUnavailableReason();
  });

  afterAll(async () => {
    await tf.setBackend(previous ?? 'cpu');
  });

  it('learns on cpu (the reference)', () => {
    expect(reference.loss).toBeGreaterThan(0);
    expect(reference.lossAfter).toBeLessThan(reference.loss);
  });

  it('wasm matches cpu', async () => {
    expectClose(await stepOn('wasm'), reference, 1e-5);
  });

  it('webgpu matches cpu', async (ctx) => {
    skipOrFailWithoutWebGpu(webGpuReason, (note) => ctx.skip(note));
    expectClose(await stepOn('webgpu'), reference, 1e-4);
  });
});
