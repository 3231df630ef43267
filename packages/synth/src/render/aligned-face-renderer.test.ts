import { describe, expect, it } from 'vitest';
import { FreeAvatarError, createRng, type RgbImage } from '@freeavatar/core';
import { ALIGNMENT_LANDMARKS, alignmentTemplate } from '@freeavatar/face-crop';
import { alignedFaceCrop, createAlignedFaceRenderer } from './aligned-face-renderer.js';
import { ARKIT_BLENDSHAPE_NAMES } from '../blendshapes/arkit.js';
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
    expect(() => alignedFaceCrop(image, templateLandmarks(8, 0), 8, 'mouth' as never)).toThrow(
      /alignment must be one of eyes-mouth, eyes-nose/,
    );
    expect(() => createAlignedFaceRenderer({ size: 16, alignment: 'nose' as never })).toThrow(
      /alignment must be one of/,
    );
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

  it('keeps the upper face still under a smile with eyes-nose alignment, not with eyes-mouth', () => {
    const scene = { ...sampleFaceScene(createRng(3), 'train'), occluder: undefined };
    const smile = new Float32Array(52);
    smile[ARKIT_BLENDSHAPE_NAMES.indexOf('mouthSmileLeft')] = 1;
    smile[ARKIT_BLENDSHAPE_NAMES.indexOf('mouthSmileRight')] = 1;
    const upperChange = (alignment: 'eyes-mouth' | 'eyes-nose'): number => {
      const renderer = createAlignedFaceRenderer({ size: 48, alignment });
      const a = renderer.render({ ...scene, expression: new Float32Array(52) }).image.data;
      const b = renderer.render({ ...scene, expression: smile }).image.data;
      let sum = 0;
      const rows = 20; // the eyes and brows
      for (let i = 0; i < rows * 48 * 3; i++) sum += Math.abs(a[i] - b[i]);
      return sum / (rows * 48 * 3);
    };
    const steady = upperChange('eyes-nose');
    const moved = upperChange('eyes-mouth');
    expect(steady).toBeLessThan(0.5);
    expect(moved).toBeGreaterThan(4 * steady + 1);
  });
});
