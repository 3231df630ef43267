import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpressionModel } from './expression-model.js';
import type { ExpressionTargetBatch } from './expression-regression.js';
import { runHeadFit } from './head-fit-stage.js';
import { loadExpressionModel, saveExpressionModel } from './model-file.js';
import { TINY_TEST_CONFIG, smoothImages } from './test-utils/fixtures.js';

let dir = '';
let init = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-head-fit-'));
  init = join(dir, 'init', 'model.json');
  const model = ExpressionModel.create(TINY_TEST_CONFIG, 3);
  await saveExpressionModel(model, init, { note: 'random test weights' });
  model.dispose();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Faces whose targets are their mean colours on a 4 × 4 grid: 48 values that follow the images. */
async function* coloured(limit = Infinity): AsyncGenerator<ExpressionTargetBatch> {
  for (let s = 0; s < limit; s++) {
    const images = smoothImages(8, 32, s);
    yield {
      images,
      targets: tf.tidy(() => tf.avgPool(images, 8, 8, 'valid').reshape([8, 48]) as tf.Tensor2D),
    };
  }
}

describe('runHeadFit', () => {
  it('fits and writes the head, keeps the backbone, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const events: number[] = [];
    const out = join(dir, 'fit');
    const run = await runHeadFit({
      init,
      data: () => coloured(),
      samples: 72,
      outDir: out,
      onProgress: (e) => events.push(e.done),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.stopped).toBe('completed');
    expect(run.samples).toBe(72);
    expect(events.at(-1)).toBe(72);
    expect(run.fit?.keptVariance).toBeGreaterThan(0.5);
    expect(run.fit?.keptVariance).toBeLessThan(1);
    const log = JSON.parse((await readFile(run.log, 'utf8')).trim()) as { samples: number };
    expect(log.samples).toBe(72);
    const fitted = await loadExpressionModel(run.model as string);
    const original = await loadExpressionModel(init);
    try {
      expect(fitted.metadata.stage).toBe('head-fit');
      expect(Array.from(fitted.model.head.bias.dataSync())).toEqual(
        Array.from(run.fit?.bias ?? []),
      );
      const [a, b] = [fitted, original].map((m) =>
        tf.tidy(() => m.model.features(smoothImages(2, 32, 99)).dataSync()),
      );
      expect(Array.from(a)).toEqual(Array.from(b));
    } finally {
      fitted.model.dispose();
      original.model.dispose();
    }
  });

  it("fits a head that reads the eye reader's feature beside the pooled one", async () => {
    const withReader = join(dir, 'reader', 'model.json');
    const model = ExpressionModel.create({ ...TINY_TEST_CONFIG, eyeReader: 8 }, 4);
    await saveExpressionModel(model, withReader);
    model.dispose();
    const before = tf.memory().numTensors;
    const run = await runHeadFit({
      init: withReader,
      data: () => coloured(),
      samples: 72,
      outDir: join(dir, 'reader-fit'),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.fit?.kernel.length).toBe((32 + 8) * 16);
    const { model: fitted } = await loadExpressionModel(run.model as string);
    expect(fitted.head.kernel.shape).toEqual([40, 16]);
    expect(Array.from(fitted.head.kernel.dataSync())).toEqual(Array.from(run.fit?.kernel ?? []));
    fitted.dispose();
  });

  it('reports data that ran out, and a stop, without writing a model', async () => {
    const short = await runHeadFit({
      init,
      data: coloured(2),
      samples: 40,
      outDir: join(dir, 'short'),
    });
    expect(short.stopped).toBe('exhausted');
    expect(short.samples).toBe(16);
    expect(short.model).toBeUndefined();
    const controller = new AbortController();
    controller.abort();
    const stopped = await runHeadFit({
      init,
      data: coloured(),
      samples: 40,
      outDir: join(dir, 'stopped'),
      signal: controller.signal,
    });
    expect(stopped.stopped).toBe('aborted');
    expect(stopped.model).toBeUndefined();
  });

  it('names a bad sample count', async () => {
    await expect(runHeadFit({ init, data: coloured(), samples: 3, outDir: dir })).rejects.toThrow(
      /samples must be an integer ≥ 8, got 3/,
    );
  });
});

describe('runHeadFit on bad input', () => {
  it('names the options and the fields it needs', async () => {
    await expect(runHeadFit(null as never)).rejects.toThrow(/options must be an object, got null/);
    await expect(runHeadFit({ outDir: 'fit' } as never)).rejects.toThrow(
      /options.init must be a non-empty string, got undefined/,
    );
  });
});
