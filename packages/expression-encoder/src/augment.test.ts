import * as tf from '@tensorflow/tfjs';
import { createRng, decodeImage, encodeImage, rgbImageToTensor } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { augmentImages } from './augment.js';
import { resolveAugmentOptions, type AugmentOptions } from './augment-options.js';
import { jpegArtifacts } from './jpeg-artifacts.js';
import { maxAbsDiff, randomImages, smoothImages } from './test-utils/fixtures.js';

const OFF: AugmentOptions = {
  affine: false,
  color: false,
  blur: false,
  noise: false,
  jpeg: false,
  erasing: false,
  occluder: false,
};

describe('augmentImages', () => {
  it('keeps shape and range, repeats for the same seed, differs per image and per seed', () => {
    const images = smoothImages(4, 32, 1);
    const strong: AugmentOptions = {
      affine: { probability: 1 },
      color: { probability: 1 },
      blur: { probability: 1 },
      noise: { probability: 1 },
      jpeg: { probability: 1 },
      erasing: { probability: 1 },
      occluder: { probability: 1 },
    };
    const before = tf.memory().numTensors;
    const a = augmentImages(images, createRng(3), strong);
    const b = augmentImages(images, createRng(3), strong);
    const c = augmentImages(images, createRng(4), strong);
    expect(a.shape).toEqual([4, 32, 32, 3]);
    const va = a.dataSync();
    expect(Math.min(...va)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...va)).toBeLessThanOrEqual(1);
    expect(maxAbsDiff(va, b.dataSync())).toBe(0);
    expect(maxAbsDiff(va, c.dataSync())).toBeGreaterThan(0.1);
    expect(maxAbsDiff(va, images.dataSync())).toBeGreaterThan(0.1);
    tf.dispose([a, b, c]);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
  });

  it('is the identity with everything off, and a mirror with flip 1', () => {
    const images = randomImages(2, 16, 2);
    const same = augmentImages(images, createRng(1), OFF);
    expect(maxAbsDiff(same.dataSync(), images.dataSync())).toBeLessThan(1e-6);
    const flipped = augmentImages(images, createRng(1), { ...OFF, flip: 1 });
    const expected = tf.image.flipLeftRight(images);
    expect(maxAbsDiff(flipped.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    tf.dispose([same, flipped, expected, images]);
  });

  it('erases one rectangle per image and leaves the rest', () => {
    const images = tf.fill([3, 32, 32, 3], 0.5) as tf.Tensor4D;
    const out = augmentImages(images, createRng(5), {
      ...OFF,
      erasing: { probability: 1, minArea: 0.1, maxArea: 0.1 },
    });
    const v = out.dataSync();
    for (let i = 0; i < 3; i++) {
      let changed = 0;
      for (let p = 0; p < 32 * 32; p++) if (Math.abs(v[(i * 1024 + p) * 3] - 0.5) > 1e-6) changed++;
      // About a tenth of the pixels (the rectangle is rounded; noise may hit 0.5 rarely).
      expect(changed).toBeGreaterThan(60);
      expect(changed).toBeLessThan(160);
    }
    tf.dispose([images, out]);
  });

  it('names bad settings', () => {
    expect(() => resolveAugmentOptions({ erasing: { probability: 2 } })).toThrow(
      /augment.erasing.probability must be in \[0, 1\], got 2/,
    );
    expect(() => resolveAugmentOptions({ jpeg: { minQuality: 80, maxQuality: 20 } })).toThrow(
      /minQuality ≤ maxQuality/,
    );
    expect(() => resolveAugmentOptions({ blur: { radius: 3 } as never })).toThrow(
      /no setting "radius"/,
    );
    const flat = tf.zeros([4, 4, 3]);
    expect(() => augmentImages(flat as never, createRng(1))).toThrow(
      /\[n, h, w, 3\] tensor, got \[4,4,3\]/,
    );
    flat.dispose();
  });
});

describe('jpegArtifacts', () => {
  it('matches real JPEG compression far better than it matches the original', async () => {
    const images = tf.tidy(() => {
      const smooth = smoothImages(1, 64, 9);
      const texture = tf.mul(randomImages(1, 64, 10), 0.3);
      return tf.clipByValue(tf.add(tf.mul(smooth, 0.7), texture), 0, 1) as tf.Tensor4D;
    });
    const rgb = {
      width: 64,
      height: 64,
      data: Uint8Array.from(images.dataSync(), (v) => Math.round(v * 255)),
    };
    const orig = tf.tidy(() =>
      rgbImageToTensor(rgb).toFloat().div(255).expandDims(0),
    ) as tf.Tensor4D;
    for (const quality of [20, 60]) {
      const real = tf.tidy(() => tf.zeros([1]));
      real.dispose();
      const decoded = await decodeImage(await encodeImage(rgb, 'jpeg', quality));
      const realT = tf.tidy(() => rgbImageToTensor(decoded).toFloat().div(255).expandDims(0));
      const before = tf.memory().numTensors;
      const sim = jpegArtifacts(orig, [quality]);
      expect(tf.memory().numTensors).toBe(before + 1);
      const err = (a: tf.Tensor, b: tf.Tensor) =>
        tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))).dataSync()[0]);
      const realVsOrig = err(realT, orig);
      expect(err(sim, orig)).toBeGreaterThan(0.5 * realVsOrig);
      expect(err(sim, realT)).toBeLessThan(0.5 * realVsOrig);
      tf.dispose([sim, realT]);
    }
    tf.dispose([images, orig]);
  });

  it('names bad input', () => {
    const odd = tf.zeros([1, 24, 24, 3]) as tf.Tensor4D;
    expect(() => jpegArtifacts(odd, [50])).toThrow(/multiples of 16, got 24x24/);
    odd.dispose();
    const ok = tf.zeros([2, 16, 16, 3]) as tf.Tensor4D;
    expect(() => jpegArtifacts(ok, [50])).toThrow(/one quality in 1–100 per image \(2\)/);
    expect(() => jpegArtifacts(null as never, [50])).toThrow(
      /images must be a tf.Tensor, got null/,
    );
    expect(() => jpegArtifacts(ok, 50 as never)).toThrow(/qualities must be an array/);
    ok.dispose();
  });
});
