import { contactSheet, createRng, initBackend, writeImageFile } from '@freeavatar/core';
import { createFaceCropper, type FaceCropper } from '@freeavatar/face-crop';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmotionCategorizer } from '../datasets/emotion-category.js';
import type { PixelRect } from '../raster/occluders.js';
import { createFaceRenderer } from './face-renderer.js';
import { sampleFaceScene } from './face-scene.js';

let cropper: FaceCropper;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  cropper = await createFaceCropper();
});

afterAll(() => cropper?.dispose());

function iou(a: PixelRect, b: PixelRect): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

describe('face-crop on rendered faces', () => {
  it('finds the face in at least 95% of random frontal renders at 112 px', async () => {
    const renderer = createFaceRenderer({ size: 112, categorizer: createEmotionCategorizer() });
    const rng = createRng(2024);
    const count = 40;
    const missed = [];
    for (let k = 0; k < count; k++) {
      // Random identity, expression, light and background; a frontal pose, no occluder.
      const scene = sampleFaceScene(rng, 'test', {
        pose: { yawRange: 15, wideYawProbability: 0, pitchStd: 5, rollStd: 4 },
        occluderProbability: 0,
      });
      const { image, box } = renderer.render(scene);
      const faces = await cropper.detect(image);
      // The detected landmark box must overlap the rendered face's landmark box.
      if (!faces.some((f) => iou(f.box, box) > 0.4)) missed.push(image);
    }
    const rate = (count - missed.length) / count;
    console.log(
      `face-crop found ${count - missed.length}/${count} rendered faces (${(100 * rate).toFixed(1)}%)`,
    );
    if (missed.length > 0) {
      await writeImageFile(
        join(tmpdir(), 'freeavatar-synth-missed-faces.png'),
        contactSheet(missed),
      );
    }
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });
});
