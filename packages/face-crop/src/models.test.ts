import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadFaceModels, locateDefaultModels } from './models.js';
import { useWasmBackend } from './test-utils/backend.js';

beforeAll(() => useWasmBackend());

describe('locateDefaultModels', () => {
  it('finds the detector and mesh model files of the installed human package', async () => {
    const files = await locateDefaultModels();
    expect(files.detector).toMatch(/@vladmandic[/\\]human[/\\]models[/\\]blazeface\.json$/);
    expect(files.mesh).toMatch(/facemesh\.json$/);
    expect(existsSync(files.detector)).toBe(true);
    expect(existsSync(files.mesh)).toBe(true);
  });
});

describe('loadFaceModels', () => {
  it('loads both default models with the expected inputs, and frees them on dispose', async () => {
    const before = tf.memory().numTensors;
    const models = await loadFaceModels({ detectorModel: 'default', meshModel: 'default' });
    expect(models.detector.inputs[0].shape).toEqual([1, 256, 256, 3]);
    expect(models.mesh.inputs[0].shape).toEqual([-1, 192, 192, 3]);
    models.detector.dispose();
    models.mesh.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the detector when the mesh model fails to load', async () => {
    const before = tf.memory().numTensors;
    await expect(
      loadFaceModels({ detectorModel: 'default', meshModel: '/nonexistent/facemesh.json' }),
    ).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('/nonexistent/facemesh.json'),
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
