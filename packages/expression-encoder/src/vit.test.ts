import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countParams } from './params.js';
import { patchify, unpatchify } from './patches.js';
import { resolveVitConfig } from './presets.js';
import { TINY_TEST_CONFIG, maxAbsDiff, randomImages } from './test-utils/fixtures.js';
import { VisionTransformer, vitParamShapes } from './vit.js';

describe('vitParamShapes', () => {
  it('describes base (ViT-B/16 at 224 px) without allocating', () => {
    const before = tf.memory().numTensors;
    const shapes = vitParamShapes(resolveVitConfig('base'));
    expect(tf.memory().numTensors).toBe(before);
    expect(shapes['patch/kernel']).toEqual([16 * 16 * 3, 768]);
    expect(shapes.pos).toEqual([196, 768]);
    expect(shapes['block11/attn/qkv/kernel']).toEqual([768, 2304]);
    expect(shapes['block11/mlp/fc1/kernel']).toEqual([768, 3072]);
    expect(shapes['block12/ln1/gamma']).toBeUndefined();
    // ViT-B/16 without class token and classifier: ≈85.8M parameters.
    expect(countParams(shapes) / 1e6).toBeCloseTo(85.8, 1);
  });
});

describe('patchify', () => {
  it('puts each patch into one row, pixels row by row', () => {
    const img = tf.range(0, 4 * 4 * 3).reshape([1, 4, 4, 3]) as tf.Tensor4D;
    const rows = patchify(img, 2);
    expect(rows.shape).toEqual([4, 12]);
    const v = rows.arraySync();
    // Patch 1 (top-right) starts at pixel (0, 2) and its second row at pixel (1, 2).
    expect(v[1].slice(0, 3)).toEqual([6, 7, 8]);
    expect(v[1].slice(6, 9)).toEqual([18, 19, 20]);
    const before = tf.memory().numTensors;
    const back = unpatchify(rows, 1, 2);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(maxAbsDiff(back.dataSync(), img.dataSync())).toBe(0);
    tf.dispose([img, rows, back]);
  });

  it('rejects sizes that are not a multiple of the patch', () => {
    const img = tf.zeros([1, 10, 10, 3]) as tf.Tensor4D;
    expect(() => patchify(img, 4)).toThrow(/multiple of 4, got 10x10/);
    img.dispose();
  });
});

describe('VisionTransformer', () => {
  it('maps images to tokens and pooled features of the configured width', () => {
    const vit = VisionTransformer.create(TINY_TEST_CONFIG, 1);
    const images = randomImages(3, 32, 2);
    const before = tf.memory().numTensors;
    const { tokens, pooled } = vit.forward(images);
    expect(tokens.shape).toEqual([3, 16, 32]);
    expect(pooled.shape).toEqual([3, 32]);
    expect(Array.from(pooled.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([tokens, pooled]);
    expect(tf.memory().numTensors).toBe(before);
    const f = vit.features(images);
    f.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const wrong = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    expect(() => vit.forward(wrong)).toThrow(
      /images must be a tensor of shape \[n, 32, 32, 3\], got \[1,16,16,3\]/,
    );
    expect(() => vit.features(null as never)).toThrow(/images must be a tensor of shape/);
    wrong.dispose();
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    vit.dispose();
  });

  it('runs a conv stem into the same tokens, and its weights round-trip', () => {
    const config = { ...TINY_TEST_CONFIG, convStem: 3 };
    expect(vitParamShapes(resolveVitConfig(config))['stem/conv1/kernel']).toEqual([3, 3, 8, 16]);
    expect(vitParamShapes(resolveVitConfig(config))['patch/kernel']).toEqual([32, 32]);
    const vit = VisionTransformer.create(config, 1);
    const images = randomImages(2, 32, 4);
    const before = tf.memory().numTensors;
    const rows = vit.tokenInputs(images);
    expect(rows.shape).toEqual([2 * 16, 32]);
    const { tokens, pooled } = vit.forward(images);
    expect(tokens.shape).toEqual([2, 16, 32]);
    const copy = VisionTransformer.fromWeights(config, { ...vit.params });
    const again = copy.features(images);
    expect(maxAbsDiff(again.dataSync(), pooled.dataSync())).toBeLessThan(1e-6);
    tf.dispose([rows, tokens, pooled, again]);
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    vit.dispose();
  });

  it('pools by position, and adds positional pooling to mean-pooled weights', () => {
    const config = { ...TINY_TEST_CONFIG, positionalPool: 4 };
    const shapes = vitParamShapes(resolveVitConfig(config));
    expect(shapes['pool/kernel']).toEqual([16 * 4, 32]);
    const vit = VisionTransformer.create(config, 2);
    const images = randomImages(2, 32, 5);
    const before = tf.memory().numTensors;
    const { tokens, pooled } = vit.forward(images);
    expect(pooled.shape).toEqual([2, 32]);
    // Swapping two tokens leaves a mean unchanged but not a positional pooling.
    const order = [1, 0, ...Array.from({ length: 14 }, (_, i) => i + 2)];
    const swapped = tf.gather(tokens, order, 1);
    const [a, b] = [vit.pool(tokens), vit.pool(swapped as tf.Tensor3D)];
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeGreaterThan(1e-3);
    tf.dispose([tokens, pooled, swapped, a, b]);
    expect(tf.memory().numTensors).toBe(before);
    const meanPooled = VisionTransformer.create(TINY_TEST_CONFIG, 3);
    expect(() => VisionTransformer.fromWeights(config, { ...meanPooled.params })).toThrow(
      /weight "pool\/reduce\/kernel" is missing/,
    );
    const grown = VisionTransformer.fromWeights(config, { ...meanPooled.params }, '', 7);
    expect(Object.keys(grown.params)).toHaveLength(Object.keys(shapes).length);
    const f = grown.features(images);
    expect(f.shape).toEqual([2, 32]);
    tf.dispose([f, images]);
    [vit, meanPooled, grown].forEach((v) => v.dispose());
  });

  it('is deterministic for a seed, and each sample depends only on itself', () => {
    const a = VisionTransformer.create(TINY_TEST_CONFIG, 5);
    const b = VisionTransformer.create(TINY_TEST_CONFIG, 5);
    const c = VisionTransformer.create(TINY_TEST_CONFIG, 6);
    const images = randomImages(2, 32, 3);
    const fa = a.features(images);
    const fb = b.features(images);
    const fc = c.features(images);
    expect(maxAbsDiff(fa.dataSync(), fb.dataSync())).toBe(0);
    expect(maxAbsDiff(fa.dataSync(), fc.dataSync())).toBeGreaterThan(1e-3);
    const first = images.slice(0, 1) as tf.Tensor4D;
    const f1 = a.features(first);
    expect(maxAbsDiff(f1.dataSync(), fa.dataSync().slice(0, 32))).toBeLessThan(1e-5);
    tf.dispose([fa, fb, fc, first, f1, images]);
    [a, b, c].forEach((v) => v.dispose());
  });

  it('allocates one variable per parameter and frees them all on dispose', () => {
    const before = tf.memory().numTensors;
    const vit = VisionTransformer.create(TINY_TEST_CONFIG, 1);
    expect(tf.memory().numTensors).toBe(before + Object.keys(vitParamShapes(vit.config)).length);
    const copy = VisionTransformer.fromWeights(TINY_TEST_CONFIG, vit.params);
    vit.dispose();
    vit.dispose();
    copy.dispose();
    expect(vit.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('round-trips through a weight map', () => {
    const a = VisionTransformer.create(TINY_TEST_CONFIG, 9);
    const b = VisionTransformer.fromWeights(TINY_TEST_CONFIG, { ...a.params }, '');
    const images = randomImages(1, 32, 4);
    const fa = a.features(images);
    const fb = b.features(images);
    expect(maxAbsDiff(fa.dataSync(), fb.dataSync())).toBe(0);
    tf.dispose([fa, fb, images]);
    a.dispose();
    b.dispose();
  });

  it('names a missing or misshapen weight, and wrong inputs', () => {
    const a = VisionTransformer.create(TINY_TEST_CONFIG, 9);
    const { pos: _pos, ...rest } = a.params;
    expect(() => VisionTransformer.fromWeights(TINY_TEST_CONFIG, rest)).toThrow(
      /weight "pos" is missing/,
    );
    expect(() =>
      VisionTransformer.fromWeights({ ...TINY_TEST_CONFIG, dim: 64, heads: 2 }, a.params),
    ).toThrow(/"patch\/kernel" has shape \[192,32\], expected \[192,64\]/);
    const wrong = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    expect(() => a.features(wrong)).toThrow(/shape \[n, 32, 32, 3\], got \[1,16,16,3\]/);
    wrong.dispose();
    a.dispose();
    expect(() => a.features(wrong)).toThrow(/disposed/);
  });
});

describe('shapes and patches on bad input', () => {
  it('name the argument that is wrong', () => {
    expect(() => vitParamShapes(null as never)).toThrow(/config must be an object, got null/);
    expect(() => countParams('x' as never)).toThrow(/shapes must be an object, got the string/);
    expect(() => patchify({} as never, 8)).toThrow(/images must be a tf.Tensor, got an object/);
    expect(() => unpatchify(42 as never, 1, 8)).toThrow(
      /rows must be a tf.Tensor, got the number 42/,
    );
  });
});
