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

/** Eye corners, nose tip, mouth corners, chin (MediaPipe numbering). */
const KEY_POINTS = [33, 133, 362, 263, 4, 61, 291, 152];

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
  it('finds the face in at least 95% of random frontal renders at 112 px, where the labels say', async () => {
    const renderer = createFaceRenderer({ size: 112, categorizer: createEmotionCategorizer() });
    const rng = createRng(2024);
    const count = 40;
    const missed = [];
    const poseErrors = { yaw: 0, pitch: 0, roll: 0 };
    let landmarkError = 0;
    let matched = 0;
    for (let k = 0; k < count; k++) {
      // Random identity, expression, light and background; a frontal pose, no occluder.
      const scene = sampleFaceScene(rng, 'test', {
        pose: { yawRange: 15, wideYawProbability: 0, pitchStd: 5, rollStd: 4 },
        occluderProbability: 0,
      });
      const { image, box, landmarks2d, label } = renderer.render(scene);
      const faces = await cropper.detect(image);
      // The detected landmark box must overlap the rendered face's landmark box.
      const face = faces.find((f) => iou(f.box, box) > 0.4);
      if (!face) {
        missed.push(image);
        continue;
      }
      // Labels and detections share conventions: head pose signs and MediaPipe numbering.
      matched++;
      for (const k of ['yaw', 'pitch', 'roll'] as const)
        poseErrors[k] += Math.abs(face.pose[k] - label.pose[k]);
      let sum = 0;
      for (const i of KEY_POINTS) {
        const [x, y] = face.landmarks[i];
        sum += Math.hypot(x - landmarks2d[2 * i], y - landmarks2d[2 * i + 1]);
      }
      landmarkError += sum / KEY_POINTS.length / box.height;
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
    const mean = (v: number): number => v / matched;
    console.log(
      `pose error of the detections against the labels: yaw ${mean(poseErrors.yaw).toFixed(1)}°, ` +
        `pitch ${mean(poseErrors.pitch).toFixed(1)}°, roll ${mean(poseErrors.roll).toFixed(1)}°; ` +
        `key landmarks ${(100 * mean(landmarkError)).toFixed(1)}% of the face height`,
    );
    expect(mean(poseErrors.yaw)).toBeLessThan(5);
    expect(mean(poseErrors.pitch)).toBeLessThan(8);
    expect(mean(poseErrors.roll)).toBeLessThan(5);
    expect(mean(landmarkError)).toBeLessThan(0.05);
  });
});
