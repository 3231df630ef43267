import { describe, expect, it } from 'vitest';
import type * as tf from '@tensorflow/tfjs';
import { FreeAvatarError } from '@freeavatar/core';
import { DEFAULT_RETRY_FILTERS, resolveCallOptions, resolveCropperOptions } from './options.js';

function errorOf(fn: () => unknown): FreeAvatarError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FreeAvatarError);
    return err as FreeAvatarError;
  }
  throw new Error('expected a FreeAvatarError');
}

describe('resolveCropperOptions', () => {
  it('fills every default', () => {
    expect(resolveCropperOptions()).toEqual({
      cropSize: 112,
      maxFaces: 4,
      minConfidence: 0.5,
      iouThreshold: 0.3,
      detectorModel: 'default',
      meshModel: 'default',
      redetectEvery: 10,
      minTrackingConfidence: 0.75,
      smoothing: { minCutoff: 1, beta: 10 },
      keypointFallback: false,
      alignment: 'eyes-mouth',
      retryFilters: DEFAULT_RETRY_FILTERS,
    });
    expect(resolveCropperOptions({ keypointFallback: true }).keypointFallback).toBe(true);
  });

  it('takes retry filters as given, copied, and [] for a single look', () => {
    expect(DEFAULT_RETRY_FILTERS).toEqual([
      { sigma: 3, amount: 2 },
      { sigma: 2, amount: -1 },
    ]);
    expect(Object.isFrozen(DEFAULT_RETRY_FILTERS)).toBe(true);
    const given = [{ sigma: 1.5, amount: -1 }];
    const resolved = resolveCropperOptions({ retryFilters: given }).retryFilters;
    expect(resolved).toEqual(given);
    expect(resolved[0]).not.toBe(given[0]);
    expect(resolveCropperOptions({ retryFilters: [] }).retryFilters).toEqual([]);
  });

  it('keeps given values and restores defaults for undefined fields', () => {
    const r = resolveCropperOptions({
      cropSize: 224,
      maxFaces: undefined,
      smoothing: { beta: 0.5 },
      redetectEvery: 3,
    });
    expect(r.cropSize).toBe(224);
    expect(r.maxFaces).toBe(4);
    expect(r.redetectEvery).toBe(3);
    expect(r.smoothing).toEqual({ minCutoff: 1, beta: 0.5 });
    expect(resolveCropperOptions({ smoothing: false }).smoothing).toBe(false);
    expect(resolveCropperOptions({ smoothing: undefined }).smoothing).toEqual({
      minCutoff: 1,
      beta: 10,
    });
  });

  it('accepts paths, URLs and IOHandlers as model sources', () => {
    const handler: tf.io.IOHandler = { load: async () => ({}) };
    const r = resolveCropperOptions({ detectorModel: '/m/blazeface.json', meshModel: handler });
    expect(r.detectorModel).toBe('/m/blazeface.json');
    expect(r.meshModel).toBe(handler);
    const url = new URL('https://example.org/facemesh.json');
    expect(resolveCropperOptions({ meshModel: url }).meshModel).toBe(url);
  });

  it.each([
    [{ cropSize: 16 }, /cropSize must be an integer in 32–512, got 16/],
    [{ keypointFallback: 1 }, /keypointFallback must be a boolean, got 1/],
    [{ cropSize: 513 }, /cropSize .* got 513/],
    [{ cropSize: 100.5 }, /cropSize .* got 100.5/],
    [{ cropSize: Number.NaN }, /cropSize .* got NaN/],
    [{ maxFaces: 0 }, /maxFaces must be an integer in 1–64, got 0/],
    [{ minConfidence: 1.5 }, /minConfidence must be a number in 0–1, got 1.5/],
    [{ iouThreshold: -0.1 }, /iouThreshold/],
    [{ redetectEvery: 0 }, /redetectEvery/],
    [{ minTrackingConfidence: '0.5' }, /minTrackingConfidence .* got 0.5/],
    [{ smoothing: { minCutoff: 0 } }, /smoothing.minCutoff/],
    [{ smoothing: { beta: -1 } }, /smoothing.beta/],
    [{ smoothing: true }, /smoothing must be false or/],
    [{ detectorModel: '' }, /detectorModel must be 'default', a path, a URL or a tf.io.IOHandler/],
    [{ meshModel: 42 }, /meshModel .* got 42/],
    [{ cropsize: 112 }, /unknown face-cropper option 'cropsize'/],
    [{ retryFilters: { sigma: 3, amount: 2 } }, /retryFilters must be an array of at most 4/],
    [{ retryFilters: Array(5).fill({ sigma: 3, amount: 2 }) }, /at most 4 filters/],
    [{ retryFilters: [{ sigma: 3, amount: 2 }, { sigma: 3 }] }, /retryFilters\[1\]\.amount/],
    [{ retryFilters: [{ sigma: 0, amount: 2 }] }, /retryFilters\[0\]\.sigma must be a number/],
  ])('rejects %j', (options, message) => {
    const err = errorOf(() => resolveCropperOptions(options as never));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(message);
  });

  it('rejects a non-object', () => {
    expect(errorOf(() => resolveCropperOptions(null as never)).message).toMatch(
      /options must be an object/,
    );
  });
});

describe('resolveCallOptions', () => {
  it('defaults returnTensor to false and checks its type', () => {
    expect(resolveCallOptions()).toEqual({ returnTensor: false });
    expect(resolveCallOptions({ returnTensor: true })).toEqual({ returnTensor: true });
    expect(errorOf(() => resolveCallOptions({ returnTensor: 'yes' as never })).message).toMatch(
      /returnTensor must be a boolean, got yes/,
    );
  });
});
