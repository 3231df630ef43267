import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnimatorModelUrl } from '@freeavatar/animator';
import { loadAnimateModels } from './animate-models.js';
import { saveRandomAnimateModels } from './test-utils/animate-fixture.js';
import { saveRandomModel } from './test-utils/encoder-fixture.js';

let dir = '';
let models = { encoder: '', model: '' };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-animate-models-'));
  models = await saveRandomAnimateModels(join(dir, 'models'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadAnimateModels', () => {
  it('loads the network and the encoder on the chosen backend, and frees them', async () => {
    const before = tf.memory().numTensors;
    const loaded = await loadAnimateModels({ ...models, backend: 'wasm' });
    expect(loaded.backend).toBe('wasm');
    expect(loaded.network.avatars().map((a) => a.id)).toEqual(['human', 'toon', 'robot']);
    expect(loaded.encoder.config.dim).toBe(loaded.network.config.featureSize);
    loaded.network.dispose();
    loaded.encoder.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an encoder whose features the network cannot read, leaking nothing', async () => {
    const other = join(dir, 'wide');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(other, { recursive: true });
    const encoder = await saveRandomModel(other, {
      imageSize: 32,
      patchSize: 8,
      dim: 48,
      depth: 1,
      heads: 2,
      mlpRatio: 2,
      embeddingDim: 16,
    });
    const before = tf.memory().numTensors;
    await expect(loadAnimateModels({ model: models.model, encoder })).rejects.toThrow(
      "The encoder's features have 48 values but the animator network reads 32: pass the --encoder",
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the flag that loads other weights when shipped ones are missing', async () => {
    const shipped = existsSync(defaultAnimatorModelUrl());
    if (!shipped) {
      await expect(loadAnimateModels({ encoder: models.encoder })).rejects.toThrow(
        /default animator weights are not present .* On the command line: --model path\/to\/model\.json\.$/s,
      );
    }
    await expect(loadAnimateModels({ model: join(dir, 'none', 'model.json') })).rejects.toThrow(
      /none\/model\.json/,
    );
  });
});
