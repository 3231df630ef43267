import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError, type RgbImage } from '@freeavatar/core';
import {
  CANONICAL_FACE_POSITIONS,
  alignmentLandmarks,
  alignmentTemplate,
  fitSimilarity,
  realignFace,
  type DetectedFace,
  type Point3,
} from '@freeavatar/face-crop';
import {
  ExpressionModel,
  createExpressionEncoder,
  saveExpressionModel,
  type ExpressionEncoder,
} from '@freeavatar/expression-encoder';
import { encoderMethod, type EncoderLike } from './encoder-method.js';
import { solidImage } from './test-utils/images.js';

let dir = '';
let encoder: ExpressionEncoder;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-eval-encoder-'));
  const path = join(dir, 'model.json');
  const model = ExpressionModel.create(
    { imageSize: 32, patchSize: 8, dim: 32, depth: 1, heads: 2, mlpRatio: 2, embeddingDim: 16 },
    3,
  );
  await saveExpressionModel(model, path, { note: 'random test weights' });
  model.dispose();
  encoder = await createExpressionEncoder({ model: path, backend: 'wasm' });
});
afterAll(async () => {
  encoder?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** A fake encoder that records what it was given. */
function recorder(): EncoderLike & { seen: RgbImage[][]; disposed: number } {
  const self = {
    seen: [] as RgbImage[][],
    disposed: 0,
    async embed(faces: readonly RgbImage[]) {
      self.seen.push([...faces]);
      return faces.map((f) => Float32Array.of(f.width, 1));
    },
    async features(faces: readonly RgbImage[]) {
      return faces.map((f) => Float32Array.of(f.height, 2, 3));
    },
    dispose() {
      self.disposed++;
    },
  };
  return self;
}

describe('encoderMethod', () => {
  it('runs the real expression encoder on crops and on detected faces alike', async () => {
    const crop = solidImage(48, 48, 90);
    const detected = { crop, landmarks: new Array(468).fill([0, 0, 0]) } as unknown as DetectedFace;
    const ours = encoderMethod(encoder);
    expect(ours.name).toBe('FreeAvatar');
    expect(ours.distance).toBe('euclidean');
    const before = tf.memory().numTensors;
    const [a, b] = await ours.features([crop, detected]);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.length).toBe(16);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(a)).toEqual(Array.from((await encoder.embed([crop]))[0]));
    const backbone = encoderMethod(encoder, { output: 'features', distance: 'cosine' });
    expect(backbone.name).toBe('FreeAvatar features');
    expect((await backbone.features([crop]))[0].length).toBe(32);
    ours.dispose();
    backbone.dispose();
    // The encoder belongs to its creator unless ownsEncoder is set.
    expect((await encoder.embed([crop]))[0].length).toBe(16);
  });

  it('passes detected faces as their crops and disposes the encoder only when it owns it', async () => {
    const fake = recorder();
    const crop = solidImage(20, 10);
    const detected = { crop, landmarks: new Array(468).fill([0, 0, 0]) } as unknown as DetectedFace;
    const method = encoderMethod(fake, { name: 'mine' });
    expect(method.name).toBe('mine');
    expect(await method.features([])).toEqual([]);
    expect(fake.seen).toHaveLength(0);
    const out = await method.features([detected, solidImage(7, 7)]);
    expect(fake.seen[0][0]).toBe(crop);
    expect(out.map((v) => v[0])).toEqual([20, 7]);
    method.dispose();
    expect(fake.disposed).toBe(0);
    await expect(method.features([crop])).rejects.toMatchObject({ code: 'DISPOSED' });
    const owning = encoderMethod(fake, { ownsEncoder: true, output: 'features' });
    expect((await owning.features([crop]))[0][0]).toBe(10);
    owning.dispose();
    expect(fake.disposed).toBe(1);
  });

  it("crops detected faces again with the encoder's alignment", async () => {
    // The canonical face with its mouth corners pulled out and up, as in a smile.
    const landmarks: Point3[] = Array.from({ length: 468 }, (_, i) => [
      60 + 4 * CANONICAL_FACE_POSITIONS[3 * i],
      60 - 4 * CANONICAL_FACE_POSITIONS[3 * i + 1],
      0,
    ]);
    landmarks[61] = [landmarks[61][0] - 5, landmarks[61][1] - 4, 0];
    landmarks[291] = [landmarks[291][0] + 5, landmarks[291][1] - 4, 0];
    const transform = fitSimilarity(
      alignmentLandmarks('eyes-mouth').map((i) => landmarks[i]),
      alignmentTemplate(32, 'eyes-mouth'),
    );
    const crop = solidImage(32, 32);
    crop.data.forEach((_, i) => (crop.data[i] = (i * 7) % 251));
    const face = { crop, landmarks, transform, alignment: 'eyes-mouth' } as DetectedFace;
    const fake = Object.assign(recorder(), { config: { alignment: 'eyes-nose' as const } });
    await encoderMethod(fake).features([face]);
    expect(fake.seen[0][0]).not.toBe(crop);
    expect(fake.seen[0][0].data).toEqual(realignFace(face, 'eyes-nose').crop.data);
    expect(fake.seen[0][0].data).not.toEqual(crop.data);
  });

  it('throws FreeAvatarError for a bad encoder, options, faces or result count', async () => {
    expect(() => encoderMethod({} as never)).toThrow(/encoder must have embed and dispose methods/);
    expect(() => encoderMethod(null as never)).toThrow(/got null/);
    const noFeatures = { embed: async () => [], dispose() {} };
    expect(() => encoderMethod(noFeatures, { output: 'features' })).toThrow(
      /needs an encoder with a features method/,
    );
    expect(() => encoderMethod(noFeatures, { output: 'logits' as never })).toThrow(FreeAvatarError);
    expect(() => encoderMethod(noFeatures, { distance: 'l1' as never })).toThrow(/distance/);
    const method = encoderMethod(noFeatures);
    await expect(method.features([solidImage(4, 4)])).rejects.toThrow(
      /returned 0 vectors for 1 faces/,
    );
    await expect(method.features([{ width: 1, height: 1 } as never])).rejects.toThrow(
      /faces\[0\]\.data must be a Uint8Array/,
    );
  });
});
