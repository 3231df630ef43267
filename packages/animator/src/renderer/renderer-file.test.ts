import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveWeightMap } from '@freeavatar/core';
import { createNeuralRenderer } from './neural-renderer.js';
import { loadNeuralRenderer, saveNeuralRenderer } from './renderer-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neural-renderer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveNeuralRenderer / loadNeuralRenderer', () => {
  it('round-trips weights, config and boxes to identical output', async () => {
    const renderer = createNeuralRenderer({ avatar: 'toon', imageSize: 32, width: 32, seed: 5 });
    const file = join(dir, 'toon', 'model.json');
    await saveNeuralRenderer(renderer, file);
    const before = tf.memory().numTensors;
    const loaded = await loadNeuralRenderer(file);
    expect(tf.memory().numTensors).toBe(before + Object.keys(loaded.params).length);
    expect(loaded.avatar).toBe('toon');
    expect(loaded.config).toEqual(renderer.config);
    expect(loaded.boxes).toEqual(renderer.boxes);
    const rig = Float32Array.from({ length: renderer.config.rigSize }, (_, i) => (i % 5) / 4);
    const a = renderer.render([rig]);
    const b = loaded.render([rig]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
    loaded.dispose();
    renderer.dispose();
    expect(tf.memory().numTensors).toBe(before - Object.keys(renderer.params).length);
  });

  it('refuses files that are not neural renderers or lack weights', async () => {
    const other = join(dir, 'other', 'model.json');
    const w = tf.zeros([2]);
    await saveWeightMap({ w }, other, { format: 'something-else' });
    const before = tf.memory().numTensors;
    await expect(loadNeuralRenderer(other)).rejects.toThrow(/is not a neural renderer/);
    const broken = join(dir, 'broken', 'model.json');
    await saveWeightMap({ w }, broken, {
      format: 'freeavatar-neural-renderer',
      version: 2,
      avatar: 'robot',
      imageSize: 16,
      width: 16,
    });
    await expect(loadNeuralRenderer(broken)).rejects.toThrow(
      /weight "dense\/kernel" is missing, expected shape/,
    );
    const old = join(dir, 'old', 'model.json');
    await saveWeightMap({ w }, old, { format: 'freeavatar-neural-renderer', version: 1 });
    await expect(loadNeuralRenderer(old)).rejects.toThrow(
      /is version 1; this library reads version 2/,
    );
    await expect(loadNeuralRenderer(join(dir, 'none', 'model.json'))).rejects.toThrow(
      /Cannot read model file/,
    );
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('names a renderer argument that is not a renderer', async () => {
    const file = join(dir, 'bad', 'model.json');
    await expect(saveNeuralRenderer(null as never, file)).rejects.toThrow(
      /renderer must be an object, got null/,
    );
    await expect(saveNeuralRenderer({} as never, file)).rejects.toThrow(
      /renderer.params must be an object, got undefined/,
    );
  });
});
