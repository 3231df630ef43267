import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createAdamW, createSgd, decayKernelsOnly } from './optimizer.js';
import { optimizeStep } from './train-step.js';

function quadratic() {
  const params = {
    'w/kernel': tf.variable(tf.tensor1d([1, -2])),
    'b/bias': tf.variable(tf.tensor1d([3])),
  };
  // loss = Σ w² / 2 + Σ b² / 2 → gradient = the parameter itself.
  const loss = () =>
    tf.tidy(
      () =>
        tf.add(
          tf.mul(tf.sum(tf.square(params['w/kernel'])), 0.5),
          tf.mul(tf.sum(tf.square(params['b/bias'])), 0.5),
        ) as tf.Scalar,
    );
  return { params, loss };
}

describe('createSgd', () => {
  it('follows PyTorch SGD with momentum and L2 decay', async () => {
    const { params, loss } = quadratic();
    const sgd = createSgd({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 });
    const before = tf.memory().numTensors;
    let w = 1;
    let buf = 0;
    for (let i = 0; i < 3; i++) {
      const { loss: l, gradNorm } = await optimizeStep(params, sgd, loss);
      expect(l).toBeGreaterThan(0);
      expect(gradNorm).toBeGreaterThan(0);
      const g = w + 0.01 * w;
      buf = 0.9 * buf + g;
      w -= 0.1 * buf;
    }
    expect(params['w/kernel'].dataSync()[0]).toBeCloseTo(w, 6);
    expect(sgd.iterations).toBe(3);
    expect(Object.keys(sgd.state()).sort()).toEqual(['momentum/b/bias', 'momentum/w/kernel']);
    expect(tf.memory().numTensors).toBe(before + 2);
    sgd.dispose();
    expect(tf.memory().numTensors).toBe(before);
    Object.values(params).forEach((p) => p.dispose());
  });
});

describe('createAdamW', () => {
  it('matches hand-computed AdamW, decaying kernels only', async () => {
    const { params, loss } = quadratic();
    const opt = createAdamW({
      learningRate: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0.1,
    });
    const ref = { w: 1, b: 3, mw: 0, vw: 0, mb: 0, vb: 0 };
    for (let t = 1; t <= 3; t++) {
      await optimizeStep(params, opt, loss);
      for (const k of ['w', 'b'] as const) {
        const g = ref[k];
        const m = (k === 'w' ? 'mw' : 'mb') as 'mw' | 'mb';
        const v = (k === 'w' ? 'vw' : 'vb') as 'vw' | 'vb';
        ref[m] = 0.9 * ref[m] + 0.1 * g;
        ref[v] = 0.999 * ref[v] + 0.001 * g * g;
        const update = ref[m] / (1 - 0.9 ** t) / (Math.sqrt(ref[v] / (1 - 0.999 ** t)) + 1e-8);
        ref[k] -= 0.1 * (update + (k === 'w' ? 0.1 * ref[k] : 0));
      }
    }
    expect(params['w/kernel'].dataSync()[0]).toBeCloseTo(ref.w, 5);
    expect(params['b/bias'].dataSync()[0]).toBeCloseTo(ref.b, 5);
    expect(decayKernelsOnly('block0/ln1/gamma')).toBe(false);
    opt.dispose();
    Object.values(params).forEach((p) => p.dispose());
  });

  it('restores its state so a resumed run continues exactly', async () => {
    const a = quadratic();
    const b = quadratic();
    const oa = createAdamW({ learningRate: 0.05 });
    const ob = createAdamW({ learningRate: 0.05 });
    for (let i = 0; i < 2; i++) await optimizeStep(a.params, oa, a.loss);
    for (let i = 0; i < 2; i++) await optimizeStep(b.params, ob, b.loss);
    // Copy b's state into a fresh optimizer and continue.
    const oc = createAdamW({ learningRate: 0.05 });
    oc.loadState(ob.state(), ob.iterations);
    ob.dispose();
    await optimizeStep(a.params, oa, a.loss);
    await optimizeStep(b.params, oc, b.loss);
    expect(b.params['w/kernel'].dataSync()[0]).toBe(a.params['w/kernel'].dataSync()[0]);
    [oa, oc].forEach((o) => o.dispose());
    [...Object.values(a.params), ...Object.values(b.params)].forEach((p) => p.dispose());
  });

  it('names bad settings and non-finite losses', async () => {
    expect(() => createAdamW({ beta1: 1 })).toThrow(/beta1 must be in \[0, 1\), got 1/);
    expect(() => createSgd({ learningRate: -1 })).toThrow(
      /learningRate must be a finite number ≥ 0, got -1/,
    );
    const { params } = quadratic();
    const sgd = createSgd();
    const before = tf.memory().numTensors;
    await expect(
      optimizeStep(params, sgd, () =>
        tf.tidy(() => tf.div(tf.sum(params['w/kernel']), 0) as tf.Scalar),
      ),
    ).rejects.toThrow(/loss is not finite/);
    expect(tf.memory().numTensors).toBe(before);
    Object.values(params).forEach((p) => p.dispose());
  });
});

describe('decayKernelsOnly and optimizeStep on bad input', () => {
  it('name the argument that is wrong', async () => {
    expect(() => decayKernelsOnly(null as never)).toThrow(/name must be a string, got null/);
    await expect(optimizeStep(null as never, createSgd(), () => tf.scalar(0))).rejects.toThrow(
      /params must be an object, got null/,
    );
    const params = { w: tf.variable(tf.zeros([1])) };
    await expect(optimizeStep(params, createSgd(), 'x' as never)).rejects.toThrow(
      /loss must be a function, got the string "x"/,
    );
    params.w.dispose();
  });
});
