import { describe, expect, it } from 'vitest';
import { createRng, type RgbImage } from '@freeavatar/core';
import { ALIGNMENT_LANDMARKS, alignmentTemplate } from '@freeavatar/face-crop';
import { sampleFaceScene } from '@freeavatar/synth';
import { alignedSynthCrop, alignedSynthRenderer } from './aligned-synth-renderer.js';

function noise(size: number): RgbImage {
  const rng = createRng(5);
  const data = new Uint8Array(size * size * 3).map(() => rng.int(256));
  return { width: size, height: size, data };
}

/** 468 landmarks with the alignment points at the template, shifted by `dx`. */
function templateLandmarks(size: number, dx: number): Float32Array {
  const landmarks = new Float32Array(468 * 2);
  alignmentTemplate(size).forEach(([x, y], k) => {
    landmarks[2 * ALIGNMENT_LANDMARKS[k]] = x + dx;
    landmarks[2 * ALIGNMENT_LANDMARKS[k] + 1] = y;
  });
  return landmarks;
}

describe('alignedSynthCrop', () => {
  it('keeps an image already aligned and undoes a shift of its face', () => {
    const image = noise(32);
    expect(alignedSynthCrop(image, templateLandmarks(32, 0), 32).data).toEqual(image.data);
    const shifted = alignedSynthCrop(image, templateLandmarks(32, 4), 32);
    for (const [x, y] of [
      [0, 0],
      [10, 20],
      [27, 31],
    ]) {
      for (let c = 0; c < 3; c++) {
        expect(shifted.data[(y * 32 + x) * 3 + c]).toBe(image.data[(y * 32 + x + 4) * 3 + c]);
      }
    }
  });
});

describe('alignedSynthRenderer', () => {
  it('renders size² crops of the scene', () => {
    const renderer = alignedSynthRenderer(24);
    const { image } = renderer.render(sampleFaceScene(createRng(1), 'train'));
    expect([renderer.size, image.width, image.height, image.data.length]).toEqual([
      24,
      24,
      24,
      24 * 24 * 3,
    ]);
  });
});
