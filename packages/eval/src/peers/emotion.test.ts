import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError, initBackend, type RgbImage } from '@freeavatar/core';
import {
  createFaceCropper,
  locateDefaultModels,
  type DetectedFace,
  type FaceCropper,
} from '@freeavatar/face-crop';
import {
  EMOTION_CLASSES,
  emotionClassifierMethod,
  type EmotionClassifierMethod,
} from './emotion.js';
import { loadAstronaut, mirrorImage, transformedFrame } from './test-utils/images.js';

let cropper: FaceCropper;
let emotion: EmotionClassifierMethod;
let astronaut: RgbImage;
let face: DetectedFace;

const top = (p: Float32Array): string => EMOTION_CLASSES[p.indexOf(Math.max(...p))];

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  cropper = await createFaceCropper({ maxFaces: 1 });
  emotion = await emotionClassifierMethod();
  astronaut = await loadAstronaut();
  [face] = await cropper.detect(astronaut);
});
afterAll(() => {
  emotion?.dispose();
  cropper?.dispose();
});

describe('emotionClassifierMethod', () => {
  it('describes itself', () => {
    expect(emotion.name).toBe('emotion classifier');
    expect(emotion.distance).toBe('euclidean');
    expect(emotion.classes).toEqual([
      'angry',
      'disgust',
      'fear',
      'happy',
      'sad',
      'surprise',
      'neutral',
    ]);
    expect(emotion.inputSize).toBe(64);
  });

  it('gives 7 probabilities summing to 1, with happy on top for the smiling astronaut', async () => {
    const before = tf.memory().numTensors;
    const [p] = await emotion.features([face]);
    expect(tf.memory().numTensors).toBe(before);
    expect(p).toBeInstanceOf(Float32Array);
    expect(p.length).toBe(7);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    // She smiles broadly with teeth showing; the model gives happy ≈ 1.00 on wasm.
    expect(top(p)).toBe('happy');
    expect(p[EMOTION_CLASSES.indexOf('happy')]).toBeGreaterThan(0.5);
  });

  it('keeps its answer for the mirrored and turned photo', async () => {
    for (const frame of [
      mirrorImage(astronaut),
      transformedFrame(astronaut, { degrees: 25, scale: 0.8 }),
    ]) {
      const [found] = await cropper.detect(frame);
      const [p] = await emotion.features([found]);
      expect(top(p)).toBe('happy');
    }
  });

  it('takes plain crops of any size and gives the same in batches as one by one', async () => {
    const big = await createFaceCropper({ maxFaces: 1, cropSize: 256 });
    const [large] = await big.detect(astronaut);
    big.dispose();
    const faces = [face, face.crop, large.crop, mirrorImage(face.crop)];
    const batched = await emotion.features(faces);
    const single = await emotionClassifierMethod({ batchSize: 1 });
    try {
      const separate = await single.features(faces);
      batched.forEach((p, i) =>
        p.forEach((v, k) => expect(Math.abs(v - separate[i][k])).toBeLessThan(1e-4)),
      );
    } finally {
      single.dispose();
    }
    expect(Array.from(batched[0])).toEqual(Array.from(batched[1]));
    batched.forEach((p) => expect(top(p)).toBe('happy'));
  });

  it('crops inward with inset', async () => {
    const inset = await emotionClassifierMethod({ inset: 0.15, name: 'tight' });
    try {
      expect(inset.name).toBe('tight');
      const [p] = await inset.features([face]);
      const [q] = await emotion.features([face]);
      expect(Math.max(...p.map((v, i) => Math.abs(v - q[i])))).toBeGreaterThan(0);
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    } finally {
      inset.dispose();
    }
  });

  it('throws FreeAvatarError for bad faces, options and models, and after dispose', async () => {
    await expect(
      emotion.features([{ width: 0, height: 4, data: new Uint8Array(0) }]),
    ).rejects.toThrow(/faces\[0\] must have positive integer width and height, got 0×4/);
    await expect(emotionClassifierMethod({ inset: 0.5 })).rejects.toThrow(
      /inset must be a number in 0–0.4, got 0.5/,
    );
    await expect(emotionClassifierMethod({ batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(emotionClassifierMethod({ distance: 'l1' as never })).rejects.toThrow(/distance/);
    const { mesh } = await locateDefaultModels();
    const wrong = emotionClassifierMethod({ model: mesh });
    await expect(wrong).rejects.toThrow(FreeAvatarError);
    await expect(wrong).rejects.toThrow(/not a grey 7-class emotion model/);
    await expect(
      emotionClassifierMethod({ model: '/nonexistent/emotion.json' }),
    ).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
    });
    const before = tf.memory().numTensors;
    const gone = await emotionClassifierMethod();
    gone.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(gone.features([face])).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
