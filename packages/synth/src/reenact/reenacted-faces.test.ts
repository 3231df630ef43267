import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError, readImageFile, type RgbImage } from '@freeavatar/core';
import { createFaceCropper, type FaceCropper } from '@freeavatar/face-crop';
import { blendshapeIndex, toWeightVector } from '../blendshapes/arkit.js';
import { writeTripletDataset } from '../datasets/write-triplet-dataset.js';
import type { FaceScene } from '../render/types.js';
import { reenactedFaceDrawer, type NamedPhoto } from './reenacted-faces.js';
import { createReenactor, type Reenactor } from './reenactor.js';
import { loadAstronaut, meanAbsDiff, useWasmBackend } from './test-utils/astronaut.js';

let cropper: FaceCropper;
let reenactor: Reenactor;
let photos: NamedPhoto[];
const dirs: string[] = [];

beforeAll(async () => {
  await useWasmBackend();
  cropper = await createFaceCropper();
  reenactor = await createReenactor({ cropper });
  const astronaut = await loadAstronaut();
  const mirrored: RgbImage = { ...astronaut, data: new Uint8Array(astronaut.data.length) };
  for (let y = 0; y < astronaut.height; y++) {
    for (let x = 0; x < astronaut.width; x++) {
      const from = (y * astronaut.width + (astronaut.width - 1 - x)) * 3;
      mirrored.data.set(astronaut.data.subarray(from, from + 3), (y * astronaut.width + x) * 3);
    }
  }
  photos = [
    { name: 'astronaut.png', prepared: await reenactor.prepare(astronaut) },
    { name: 'mirrored.png', prepared: await reenactor.prepare(mirrored) },
  ];
});

afterAll(() => {
  reenactor?.dispose();
  cropper?.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const scene = (identity: number, weights: Record<string, number>): FaceScene => ({
  identity,
  expression: toWeightVector(weights),
  pose: { yaw: 0, pitch: 0, roll: 0 },
  camera: { fovDeg: 25, distance: 55 },
});

describe('reenactedFaceDrawer', () => {
  it('draws the photo of the identity performing the expression, cut around the face', () => {
    const drawer = reenactedFaceDrawer(reenactor, photos, 64);
    expect(drawer.description).toBe('reenacted photos: astronaut.png, mirrored.png');
    const where = { file: 'images/a.png', index: 0 };
    const neutral = drawer.draw(scene(4, {}), where);
    const open = drawer.draw(scene(4, { jawOpen: 0.8 }), where);
    const other = drawer.draw(scene(5, {}), where);
    expect([neutral.image.width, neutral.image.height]).toEqual([64, 64]);
    expect(meanAbsDiff(neutral.image, open.image)).toBeGreaterThan(0.5);
    expect(meanAbsDiff(neutral.image, other.image)).toBeGreaterThan(2);
    expect(meanAbsDiff(neutral.image, drawer.draw(scene(6, {}), where).image)).toBe(0);
    // The face fills most of the window and lies inside it.
    const { box } = neutral;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(64);
    expect(box.width).toBeGreaterThan(30);
    expect(open.record).toMatchObject({ ...where, source: 'reenacted', photo: 'astronaut.png' });
    expect((open.record as { weights: number[] }).weights[blendshapeIndex('jawOpen')]).toBe(0.8);
  });

  it('rejects an empty photo list and a bad size', () => {
    expect(() => reenactedFaceDrawer(reenactor, [], 64)).toThrow(FreeAvatarError);
    expect(() => reenactedFaceDrawer(reenactor, photos, 8)).toThrow(
      'size must be an integer in 16..1024, got 8',
    );
  });

  it('makes an FEC-format triplet dataset of reenacted photos, without leaking tensors', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fa-reenacted-'));
    dirs.push(out);
    const before = tf.memory().numTensors;
    const summary = await writeTripletDataset({
      out,
      count: 3,
      size: 48,
      split: 'test',
      seed: 2,
      overwrite: true,
      drawFace: reenactedFaceDrawer(reenactor, photos, 48),
    });
    expect(tf.memory().numTensors).toBe(before);
    const rows = readFileSync(summary.csv, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(3);
    const meta = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'));
    expect(meta.faces).toBe('reenacted photos: astronaut.png, mirrored.png');
    const details = readFileSync(join(out, 'triplets.jsonl'), 'utf8').trim().split('\n');
    const faces = JSON.parse(details[0]).faces;
    expect(faces.map((f: { source: string }) => f.source)).toEqual(Array(3).fill('reenacted'));
    const image = await readImageFile(join(out, rows[0].split(',')[0]));
    expect([image.width, image.height]).toEqual([48, 48]);
  });

  it('refuses faces drawn at another size than the dataset', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fa-reenacted-'));
    dirs.push(out);
    await expect(
      writeTripletDataset({
        out,
        count: 1,
        size: 48,
        split: 'test',
        seed: 2,
        overwrite: true,
        drawFace: reenactedFaceDrawer(reenactor, photos, 32),
      }),
    ).rejects.toThrow('drawFace.draw must return 48×48 pictures, got 32×32');
  });
});
