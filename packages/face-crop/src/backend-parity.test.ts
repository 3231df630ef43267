import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createFaceCropper } from './cropper.js';
import { useWasmBackend } from './test-utils/backend.js';
import { loadAstronaut } from './test-utils/images.js';
import type { DetectedFace } from './types.js';

async function detectOn(backend: 'cpu' | 'wasm'): Promise<DetectedFace> {
  if (backend === 'wasm') await useWasmBackend();
  else await tf.setBackend('cpu');
  const cropper = await createFaceCropper();
  try {
    const faces = await cropper.detect(await loadAstronaut());
    expect(faces).toHaveLength(1);
    return faces[0];
  } finally {
    cropper.dispose();
  }
}

describe('backend parity', () => {
  afterAll(() => useWasmBackend());

  it('gives the same landmarks on cpu and wasm within 0.5 px', async () => {
    const wasm = await detectOn('wasm');
    const cpu = await detectOn('cpu');
    let worst = 0;
    wasm.landmarks.forEach(
      ([x, y], i) =>
        (worst = Math.max(worst, Math.hypot(x - cpu.landmarks[i][0], y - cpu.landmarks[i][1]))),
    );
    expect(worst).toBeLessThan(0.5);
    expect(Math.abs(wasm.pose.yaw - cpu.pose.yaw)).toBeLessThan(0.5);
  });
});
