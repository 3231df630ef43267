import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@freeavatar/core';
import { createAdamW, optimizeStep } from '@freeavatar/expression-encoder';
import { createAvatarPairStream } from '@freeavatar/synth';
import { generatorForward } from './generator.js';
import { neuralRendererLoss } from './loss.js';
import { createNeuralRenderer } from './neural-renderer.js';
import { loadNeuralRenderer } from './renderer-file.js';
import { createRendererPool } from './renderer-pool.js';
import { imagesToBatch, rendererBatch, trainNeuralRenderer } from './train-renderer.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'train-renderer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await tf.setBackend('cpu');
});

/** The loss and every gradient of a small renderer on a fixed batch, on the current backend. */
function gradients(): { loss: number; grads: Record<string, Float32Array> } {
  const renderer = createNeuralRenderer({ avatar: 'robot', imageSize: 16, width: 16, seed: 2 });
  const batch = rendererBatch(createAvatarPairStream({ avatar: 'robot', size: 16, seed: 9 }), 0, 3);
  const names = Object.keys(renderer.params);
  const { value, grads } = tf.variableGrads(
    () =>
      neuralRendererLoss(
        generatorForward(renderer.config, renderer.params, batch.rigs),
        batch.images,
        renderer.boxes,
      ),
    names.map((n) => renderer.params[n]),
  );
  const out: Record<string, Float32Array> = {};
  for (const name of names)
    out[name] = grads[renderer.params[name].name].dataSync() as Float32Array;
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads), batch.rigs, batch.images]);
  renderer.dispose();
  return { loss, grads: out };
}

describe('trainNeuralRenderer', () => {
  it('has the same generator gradients on wasm as on cpu', async () => {
    await initBackend({ prefer: 'cpu' });
    const cpu = gradients();
    const { name } = await initBackend({ prefer: 'wasm' });
    expect(name).toBe('wasm');
    const wasm = gradients();
    expect(wasm.loss).toBeCloseTo(cpu.loss, 4);
    for (const [param, grad] of Object.entries(cpu.grads)) {
      const scale = Math.max(1e-6, ...Array.from(grad, Math.abs));
      const diff = Math.max(...Array.from(grad, (g, i) => Math.abs(g - wasm.grads[param][i])));
      expect(diff / scale, param).toBeLessThan(1e-3);
    }
  });

  it('fits one tiny fixed batch: the loss falls over 15 steps on wasm', async () => {
    await initBackend({ prefer: 'wasm' });
    const renderer = createNeuralRenderer({ avatar: 'toon', imageSize: 16, width: 32, seed: 4 });
    const batch = rendererBatch(
      createAvatarPairStream({ avatar: 'toon', size: 16, seed: 3 }),
      0,
      2,
    );
    const optimizer = createAdamW({ learningRate: 1e-2, beta2: 0.999, weightDecay: 0 });
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const { loss } = await optimizeStep(renderer.params, optimizer, () =>
        neuralRendererLoss(renderer.render(batch.rigs), batch.images, renderer.boxes),
      );
      losses.push(loss);
    }
    expect(losses[14]).toBeLessThan(losses[0] * 0.5);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.rigs, batch.images]);
    renderer.dispose();
  });

  it('lowers the loss on a pool of 4 within 40 steps on wasm, logs, checkpoints and saves the model', async () => {
    await initBackend({ prefer: 'wasm' });
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    const outDir = join(dir, 'robot');
    const { renderer, result, model } = await trainNeuralRenderer({
      avatar: 'robot',
      steps: 40,
      batchSize: 4,
      imageSize: 16,
      width: 32,
      learningRate: 1e-2,
      seed: 1,
      pool: 4,
      outDir,
      onProgress: (event) => {
        if (event.metrics?.loss !== undefined) losses.push(event.metrics.loss);
      },
    });
    expect(result.stopped).toBe('completed');
    expect(result.step).toBe(40);
    expect(losses).toHaveLength(40);
    const last = (losses[37] + losses[38] + losses[39]) / 3;
    expect(last).toBeLessThan(losses[0] * 0.85);
    const log = (await readFile(join(outDir, 'log.jsonl'), 'utf8')).trim().split('\n');
    expect(log).toHaveLength(40);
    expect(model).toBe(join(outDir, 'renderer', 'model.json'));
    const loaded = await loadNeuralRenderer(model!);
    const rig = new Float32Array(renderer.config.rigSize).fill(0.3);
    const a = renderer.render([rig]);
    const b = loaded.render([rig]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
    loaded.dispose();
    renderer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains on a pool: a count renders the seed’s first pairs, the same as a given pool', async () => {
    await initBackend({ prefer: 'wasm' });
    const before = tf.memory().numTensors;
    const options = {
      avatar: 'robot' as const,
      steps: 4,
      batchSize: 3,
      imageSize: 16,
      width: 16,
      seed: 2,
    };
    const events: string[] = [];
    const counted = await trainNeuralRenderer({
      ...options,
      pool: 5,
      onProgress: (e) => events.push(e.task),
    });
    expect(events).toContain('render:pool:robot');
    const pool = createRendererPool(
      createAvatarPairStream({ avatar: 'robot', size: 16, seed: 2 }),
      5,
    );
    const given = await trainNeuralRenderer({ ...options, pool });
    const streamed = await trainNeuralRenderer(options);
    const rig = new Float32Array(counted.renderer.config.rigSize).fill(0.4);
    const [a, b, c] = [counted, given, streamed].map((r) => r.renderer.render([rig]));
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, c]);
    [counted, given, streamed].forEach((r) => r.renderer.dispose());
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainNeuralRenderer({ ...options, imageSize: 32, pool })).rejects.toThrow(
      /the pool holds 16 px robot renders, expected 32 px robot/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options before training', async () => {
    await expect(trainNeuralRenderer({ avatar: 'robot', steps: 0 })).rejects.toThrow(
      /steps must be a positive integer, got 0/,
    );
    await expect(trainNeuralRenderer({ avatar: 'robot', steps: 2, batchSize: 0 })).rejects.toThrow(
      /batchSize must be an integer in 1..1024, got 0/,
    );
    await expect(trainNeuralRenderer({ avatar: 'robot', steps: 2, imageSize: 20 })).rejects.toThrow(
      /imageSize/,
    );
  });

  it('imagesToBatch names images that are not an array of images', () => {
    expect(() => imagesToBatch('x' as never)).toThrow(
      /images must be an array, got the string "x"/,
    );
    expect(() => imagesToBatch([null] as never)).toThrow(/images\[0\] must be an object, got null/);
  });
});
