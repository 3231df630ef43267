import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type RgbImage } from '@freeavatar/core';
import { createAvatarPairStream, type AvatarId } from '@freeavatar/synth';
import { psnr } from './psnr.js';
import { loadNeuralRenderer } from './renderer-file.js';

/**
 * Floors for the shipped renderers on the first 8 held-out rigs (seed 1001, never trained on):
 * mean PSNR over the whole image, and its lead over the mean of 32 training renders. Set 1.2 to
 * 1.8 dB below what these 8 rigs measured for the shipped weights (robot 35.3 / lead 8.2, toon
 * 32.9 / 4.5, human 39.1 / 4.8; the model card gives the 128-rig figures), so that a regression
 * in loading or in the generator shows.
 */
const FLOORS: Record<AvatarId, { psnr: number; lead: number }> = {
  robot: { psnr: 33.5, lead: 7 },
  toon: { psnr: 31.4, lead: 3 },
  human: { psnr: 37.5, lead: 3.5 },
};

const HELD_OUT_SEED = 1001;
const TRAIN_SEED = 1;

function meanImage(images: readonly RgbImage[]): RgbImage {
  const { width, height } = images[0];
  const sum = new Float64Array(width * height * 3);
  for (const image of images) image.data.forEach((v, j) => (sum[j] += v));
  return { width, height, data: Uint8Array.from(sum, (v) => Math.round(v / images.length)) };
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('shipped neural renderers', () => {
  for (const avatar of ['robot', 'toon', 'human'] as const) {
    it(`default:${avatar} loads and beats its PSNR floor and the mean training image`, async () => {
      const before = tf.memory().numTensors;
      const renderer = await loadNeuralRenderer(`default:${avatar}`);
      expect(renderer.avatar).toBe(avatar);
      const size = renderer.config.imageSize;
      const heldOut = createAvatarPairStream({ avatar, size, seed: HELD_OUT_SEED });
      const pairs = Array.from({ length: 8 }, (_, i) => heldOut.pairAt(i));
      const rendered = renderer.renderImages(pairs.map((p) => p.rig));
      const train = createAvatarPairStream({ avatar, size, seed: TRAIN_SEED });
      const mean = meanImage(Array.from({ length: 32 }, (_, i) => train.pairAt(i).image));
      const model = pairs.reduce((s, p, i) => s + psnr(p.image, rendered[i]), 0) / pairs.length;
      const still = pairs.reduce((s, p) => s + psnr(p.image, mean), 0) / pairs.length;
      expect(model).toBeGreaterThanOrEqual(FLOORS[avatar].psnr);
      expect(model - still).toBeGreaterThanOrEqual(FLOORS[avatar].lead);
      renderer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
