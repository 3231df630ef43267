import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError, initBackend, type RgbImage } from '@freeavatar/core';
import { createFaceCropper, type DetectedFace, type FaceCropper } from '@freeavatar/face-crop';
import { KALIDOKIT_OUTPUTS, kalidokitMethod, withStandInIris } from './kalidokit.js';
import { loadAstronaut, mirrorImage, solidImage, transformedFrame } from './test-utils/images.js';
import type { ExpressionFeatureMethod } from './types.js';

let cropper: FaceCropper;
let kalidokit: ExpressionFeatureMethod;
let astronaut: RgbImage;
let face: DetectedFace;
let base: Float32Array;

const at = (v: Float32Array, name: (typeof KALIDOKIT_OUTPUTS)[number]): number =>
  v[KALIDOKIT_OUTPUTS.indexOf(name)];

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  cropper = await createFaceCropper({ maxFaces: 1 });
  kalidokit = await kalidokitMethod({ faceCropper: cropper });
  astronaut = await loadAstronaut();
  [face] = await cropper.detect(astronaut);
  [base] = await kalidokit.features([face]);
});
afterAll(() => {
  kalidokit?.dispose();
  cropper?.dispose();
});

describe('withStandInIris', () => {
  it('appends 10 points: each eye centre and four points around it', () => {
    const points = withStandInIris(face.landmarks);
    expect(points).toHaveLength(478);
    expect(points.slice(0, 468)).toEqual(face.landmarks);
    const [x33, y33] = face.landmarks[33];
    const [x133, y133] = face.landmarks[133];
    // The first centre lies between the corners of the eye around landmarks 33 and 133.
    expect(points[468][0]).toBeGreaterThan(Math.min(x33, x133));
    expect(points[468][0]).toBeLessThan(Math.max(x33, x133));
    expect(Math.abs(points[468][1] - (y33 + y133) / 2)).toBeLessThan(Math.abs(x133 - x33) / 4);
    expect(points[473][0]).toBeGreaterThan(points[468][0]);
    expect(() => withStandInIris(face.landmarks.slice(0, 10))).toThrow(FreeAvatarError);
  });
});

describe('kalidokitMethod', () => {
  it('gives the 10 solver outputs, with open eyes and a wide mouth for the smiling astronaut', async () => {
    expect(kalidokit.name).toBe('kalidokit');
    expect(base.length).toBe(KALIDOKIT_OUTPUTS.length);
    expect(base.every((v) => Number.isFinite(v))).toBe(true);
    // She looks into the camera with open eyes, and smiles broadly showing teeth: kalidokit
    // reads the wide mouth as the vowel shape I.
    expect(at(base, 'eyeL')).toBeGreaterThan(0.5);
    expect(at(base, 'eyeR')).toBeGreaterThan(0.5);
    expect(at(base, 'mouthI')).toBeGreaterThan(0.5);
  });

  it('reads the same mouth in the turned and the mirrored photo', async () => {
    const [turned] = await cropper.detect(transformedFrame(astronaut, { degrees: 30 }));
    const [mirrored] = await cropper.detect(mirrorImage(astronaut));
    const shapes = ['mouthA', 'mouthE', 'mouthI', 'mouthO', 'mouthU'] as const;
    for (const v of await kalidokit.features([turned, mirrored])) {
      // The mouth ratios move by at most 0.054 here (measured on wasm); the vowel shapes are
      // steep functions of them (mouthI read 0.60 upright, 0.55 turned, 0.86 mirrored), so
      // only the dominant shape is compared.
      expect(Math.abs(at(v, 'mouthX') - at(base, 'mouthX'))).toBeLessThan(0.1);
      expect(Math.abs(at(v, 'mouthY') - at(base, 'mouthY'))).toBeLessThan(0.1);
      const top = shapes.reduce((best, s) => (at(v, s) > at(v, best) ? s : best));
      expect(top).toBe('mouthI');
      expect(Math.min(at(v, 'eyeL'), at(v, 'eyeR'))).toBeGreaterThan(0.5);
    }
  });

  it('computes eye openness from the mesh thanks to the stand-in iris', async () => {
    // Close the eye around landmarks 33/133: its upper-lid points go onto the lower lid.
    const landmarks = face.landmarks.map((p) => [...p] as typeof p);
    for (const [upper, lower] of [
      [160, 144],
      [159, 145],
      [158, 153],
    ]) {
      landmarks[upper] = [...landmarks[lower]];
    }
    const [winking] = await kalidokit.features([{ ...face, landmarks }]);
    expect(at(winking, 'eyeL')).toBeLessThan(0.1);
    expect(at(winking, 'eyeR')).toBe(at(base, 'eyeR'));
  });

  it('finds the face in a plain crop and marks a blank crop with NaN when asked', async () => {
    const before = tf.memory().numTensors;
    const [fromCrop] = await kalidokit.features([face.crop]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.max(...fromCrop.map((v, i) => Math.abs(v - base[i])))).toBeLessThan(0.15);
    await expect(kalidokit.features([solidImage(64, 64)])).rejects.toThrow(
      /No face found in faces\[0\]/,
    );
    const marking = await kalidokitMethod({ faceCropper: cropper, missingFace: 'nan' });
    const [missing] = await marking.features([solidImage(64, 64)]);
    expect(missing.every((v) => Number.isNaN(v))).toBe(true);
    marking.dispose();
    await expect(marking.features([face])).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
