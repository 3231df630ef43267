import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError } from './errors.js';
import {
  describeSource,
  fileSystemHandler,
  loadGraphModel,
  loadLayersModel,
  resolveModelSource,
} from './model-io.js';

const BLAZEFACE = fileURLToPath(
  new URL('../../../node_modules/@vladmandic/human/models/blazeface.json', import.meta.url),
);
let dir: string;

async function rejection(promise: Promise<unknown>): Promise<FreeAvatarError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FreeAvatarError);
    return err as FreeAvatarError;
  }
  throw new Error('expected a rejection');
}

function tinyModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [3],
      units: 2,
      kernelInitializer: 'glorotNormal',
      biasInitializer: 'ones',
    }),
  );
  return model;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'freeavatar-model-io-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileSystemHandler and loadLayersModel', () => {
  it('saves a layers model and loads it back with the same outputs', async () => {
    const path = join(dir, 'tiny', 'model.json');
    const model = tinyModel();
    const result = await model.save(fileSystemHandler(path));
    expect(result.modelArtifactsInfo.weightDataBytes).toBe((3 * 2 + 2) * 4);
    const json = JSON.parse(await readFile(path, 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['model.weights.bin']);

    const loaded = await loadLayersModel(path);
    const x = tf.tensor2d([[1, 2, 3]]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('loads from file:// URLs too', async () => {
    const path = join(dir, 'url', 'model.json');
    const model = tinyModel();
    await model.save(fileSystemHandler(path));
    const loaded = await loadLayersModel(pathToFileURL(path));
    expect(loaded.inputs[0].shape).toEqual([null, 3]);
    model.dispose();
    loaded.dispose();
  });

  it('names a missing weight shard', async () => {
    const path = join(dir, 'broken', 'model.json');
    const model = tinyModel();
    await model.save(fileSystemHandler(path));
    model.dispose();
    await rm(join(dir, 'broken', 'model.weights.bin'));
    const err = await rejection(loadLayersModel(path));
    expect(err.code).toBe('MODEL_LOAD_FAILED');
    expect(err.message).toContain(join(dir, 'broken', 'model.weights.bin'));
    expect(err.message).toContain(path);
  });

  it('names a missing or unreadable model.json', async () => {
    const missing = join(dir, 'nothing', 'model.json');
    const err = await rejection(loadLayersModel(missing));
    expect(err.code).toBe('MODEL_LOAD_FAILED');
    expect(err.subject).toBe(missing);
    const garbled = join(dir, 'garbled.json');
    await writeFile(garbled, '{ not json');
    expect((await rejection(loadGraphModel(garbled))).message).toContain(garbled);
  });

  it('leaks no tensors across save, load and dispose', async () => {
    const path = join(dir, 'leak', 'model.json');
    const before = tf.memory().numTensors;
    const model = tinyModel();
    await model.save(fileSystemHandler(path));
    model.dispose();
    (await loadLayersModel(path)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadGraphModel', () => {
  it('loads the blazeface graph model with its input shape', async () => {
    const before = tf.memory().numTensors;
    const model = await loadGraphModel(BLAZEFACE);
    expect(model.inputs[0].shape?.slice(1)).toEqual([256, 256, 3]);
    const outputs = tf.tidy(() => [model.execute(tf.zeros([1, 256, 256, 3]))].flat());
    expect(outputs.length).toBeGreaterThan(0);
    for (const out of outputs) expect(out.shape[0]).toBe(1);
    tf.dispose(outputs);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('resolveModelSource', () => {
  it('keeps http URLs and IOHandlers, and wraps paths in a file handler', () => {
    expect(resolveModelSource('https://example.com/model.json')).toBe(
      'https://example.com/model.json',
    );
    const handler = tf.io.fromMemory({ modelTopology: {} });
    expect(resolveModelSource(handler)).toBe(handler);
    const fromPath = resolveModelSource('models/model.json');
    expect(typeof fromPath).toBe('object');
    expect(typeof (fromPath as tf.io.IOHandler).load).toBe('function');
  });

  it('rejects empty sources with INVALID_ARGUMENT', () => {
    expect(() => resolveModelSource('')).toThrow(FreeAvatarError);
    expect(() => fileSystemHandler('')).toThrow(/non-empty/);
  });

  it('describes sources for messages', () => {
    expect(describeSource('a/model.json')).toBe('a/model.json');
    expect(describeSource(new URL('https://x.org/m.json'))).toBe('https://x.org/m.json');
    expect(describeSource(tf.io.fromMemory({ modelTopology: {} }))).toBe('IOHandler');
  });
});
