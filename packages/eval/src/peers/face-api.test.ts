import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type RgbImage } from '@freeavatar/core';
import { createFaceCropper, type DetectedFace, type FaceCropper } from '@freeavatar/face-crop';
import { FACE_API_EXPRESSIONS, faceApiExpressionMethod } from './face-api.js';
import { loadAstronaut, mirrorImage, transformedFrame } from './test-utils/images.js';
import type { ExpressionFeatureMethod } from './types.js';

const require = createRequire(import.meta.url);
const MODEL_DIR = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');

let cropper: FaceCropper;
let faceApi: ExpressionFeatureMethod;
let astronaut: RgbImage;
let face: DetectedFace;

const top = (p: Float32Array): string => FACE_API_EXPRESSIONS[p.indexOf(Math.max(...p))];

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  cropper = await createFaceCropper({ maxFaces: 1 });
  faceApi = await faceApiExpressionMethod();
  astronaut = await loadAstronaut();
  [face] = await cropper.detect(astronaut);
});
afterAll(() => {
  faceApi?.dispose();
  cropper?.dispose();
});

describe('faceApiExpressionMethod', () => {
  it('gives 7 probabilities summing to 1, with happy on top for the smiling astronaut', async () => {
    expect(faceApi.name).toBe('face-api expressions');
    expect(faceApi.distance).toBe('euclidean');
    const before = tf.memory().numTensors;
    const [p] = await faceApi.features([face]);
    expect(tf.memory().numTensors).toBe(before);
    expect(p.length).toBe(7);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    // Happy ≈ 1.00 on wasm, as with the emotion classifier.
    expect(top(p)).toBe('happy');
  });

  it('keeps its answer for the mirrored and turned photo', async () => {
    for (const frame of [
      mirrorImage(astronaut),
      transformedFrame(astronaut, { degrees: -20, scale: 1.2 }),
    ]) {
      const [found] = await cropper.detect(frame);
      expect(top((await faceApi.features([found]))[0])).toBe('happy');
    }
  });

  it("matches face-api's own implementation on the same 112² pixels", async () => {
    // face-api's Node build for the wasm backend, used here only as the reference.
    const reference = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as {
      nets: {
        faceExpressionNet: {
          loadFromDisk(dir: string): Promise<void>;
          predictExpressions(t: tf.Tensor3D): Promise<Record<string, number>>;
          dispose(): void;
        };
      };
    };
    const net = reference.nets.faceExpressionNet;
    await net.loadFromDisk(MODEL_DIR);
    try {
      const crop = face.crop.data;
      // The face, a non-face pattern and a colour-inverted face: the last two give unsaturated
      // probabilities, so that small differences would show.
      for (const data of [
        crop,
        crop.map((_, i) => (i * 7919) % 256),
        crop.map((v, i) => (i % 3 === 0 ? v : 255 - v)),
      ]) {
        const input = tf.tensor3d(data, [112, 112, 3], 'int32');
        const want = await net.predictExpressions(input);
        input.dispose();
        const [got] = await faceApi.features([{ width: 112, height: 112, data }]);
        FACE_API_EXPRESSIONS.forEach((label, i) =>
          expect(Math.abs(got[i] - want[label]), label).toBeLessThan(1e-5),
        );
      }
    } finally {
      net.dispose();
    }
  });

  it('throws FreeAvatarError for bad options, weights and faces, and after dispose', async () => {
    await expect(faceApiExpressionMethod({ inset: -0.1 })).rejects.toThrow(/inset/);
    await expect(faceApiExpressionMethod({ model: 3 as never })).rejects.toThrow(
      /model must be 'default' or a path or URL/,
    );
    await expect(
      faceApiExpressionMethod({ model: join(MODEL_DIR, 'nope-weights_manifest.json') }),
    ).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    await expect(
      faceApiExpressionMethod({
        model: join(MODEL_DIR, 'face_landmark_68_tiny_model-weights_manifest.json'),
      }),
    ).rejects.toThrow(
      /not a face-api expression model: weight dense0\/conv3\/depthwise_filter should be \[3, 3, 32, 1\], got none/,
    );
    await expect(
      faceApi.features([{ width: 3, height: 3, data: new Uint8Array(3) }]),
    ).rejects.toThrow(/faces\[0\]\.data/);
    const before = tf.memory().numTensors;
    const gone = await faceApiExpressionMethod({ name: 'gone' });
    expect(gone.name).toBe('gone');
    gone.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(gone.features([face])).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
