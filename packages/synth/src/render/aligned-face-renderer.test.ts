import { describe, expect, it } from 'vitest';
import { FreeAvatarError, createRng, type RgbImage } from '@freeavatar/core';
import { ALIGNMENT_LANDMARKS, alignmentTemplate } from '@freeavatar/face-crop';
import { alignedFaceCrop, createAlignedFaceRenderer } from './aligned-face-renderer.js';
import { sampleFaceScene } from './face-scene.js';

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

describe('alignedFaceCrop', () => {
  it('keeps an image already aligned and undoes a shift of its face', () => {
    const image = noise(32);
    expect(alignedFaceCrop(image, templateLandmarks(32, 0), 32).data).toEqual(image.data);
    const shifted = alignedFaceCrop(image, templateLandmarks(32, 4), 32);
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

  it('rejects too few landmarks and bad sizes', () => {
    const image = noise(8);
    expect(() => alignedFaceCrop(image, new Float32Array(10), 8)).toThrow(
      /landmarks2d must hold 468 x y pairs \(936 values\), got 10/,
    );
    expect(() => alignedFaceCrop(image, templateLandmarks(8, 0), 0)).toThrow(FreeAvatarError);
  });
});

describe('createAlignedFaceRenderer', () => {
  it('renders size² crops of the scene', () => {
    const renderer = createAlignedFaceRenderer({ size: 24 });
    const { image } = renderer.render(sampleFaceScene(createRng(1), 'train'));
    expect([renderer.size, image.width, image.height, image.data.length]).toEqual([
      24,
      24,
      24,
      24 * 24 * 3,
    ]);
  });
});
