import { describe, expect, it } from 'vitest';
import type { RgbImage } from '@freeavatar/core';
import { blendshapeIndex } from '../blendshapes/arkit.js';
import { parseClipScript } from './clip-script.js';
import {
  arkitTrack,
  clipFrameCount,
  cropWindow,
  faceWindow,
  landmarkBounds,
  renderClipFrames,
} from './clip.js';
import { createReenactor } from './reenactor.js';
import { loadAstronaut } from './test-utils/astronaut.js';

function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x % 256, y % 256, 50], (y * width + x) * 3);
  return { width, height, data };
}

describe('clipFrameCount', () => {
  it('counts a frame at 0 and one per period up to the end', () => {
    expect(clipFrameCount(1000, 25)).toBe(26);
    expect(clipFrameCount(0, 25)).toBe(1);
    expect(clipFrameCount(399, 10)).toBe(4);
    expect(() => clipFrameCount(100, 0)).toThrow(/fps must be a positive number/);
  });
});

describe('faceWindow and cropWindow', () => {
  it('bounds the landmarks', () => {
    expect(landmarkBounds([100, 100, 140, 90, 120, 150])).toEqual([100, 90, 140, 150]);
  });

  it('frames the landmarks in a square kept inside the image', () => {
    const points = new Float32Array([100, 100, 140, 100, 120, 150]);
    const w = faceWindow(points, 512, 512, 2);
    expect(w.size).toBeCloseTo(100);
    expect(w.x).toBeCloseTo(70);
    const corner = faceWindow(new Float32Array([2, 2, 30, 40]), 512, 512);
    expect(corner.x).toBe(0);
    expect(corner.y).toBe(0);
  });

  it('resamples a window, averaging when it shrinks', () => {
    const image = gradient(200, 200);
    const same = cropWindow(image, { x: 10, y: 20, size: 50 }, 50);
    expect(Array.from(same.data.subarray(0, 3))).toEqual([10, 20, 50]);
    const half = cropWindow(image, { x: 0, y: 0, size: 100 }, 50);
    // Output pixel 1 averages source pixels 2 and 3.
    expect(half.data[3]).toBe(3);
    expect(() => cropWindow(image, { x: 0, y: 0, size: 10 }, 0)).toThrow(/positive integer/);
  });
});

describe('renderClipFrames and arkitTrack', () => {
  it('renders one frame per period with the script’s weights, on landmarks given by hand', async () => {
    const photo = await loadAstronaut();
    // The plumbing needs no plausible mesh: landmarks on a grid over the face will do.
    const reenactor = await createReenactor();
    const landmarks = new Float32Array(936);
    for (let i = 0; i < 468; i++) {
      landmarks[2 * i] = 180 + (i % 26) * 3.6;
      landmarks[2 * i + 1] = 70 + Math.floor(i / 26) * 6;
    }
    const prepared = await reenactor.prepare(photo, { landmarks });
    const script = parseClipScript([
      { timeMs: 0, weights: {} },
      { timeMs: 200, weights: { jawOpen: 1 } },
    ]);
    const frames = [...renderClipFrames(reenactor, prepared, script, { fps: 10, size: 32 })];
    expect(frames.map((f) => f.timeMs)).toEqual([0, 100, 200]);
    expect(frames[0].image.width).toBe(32);
    const jaw = blendshapeIndex('jawOpen');
    expect(frames[1].weights[jaw]).toBeCloseTo(0.5);
    expect(frames[2].weights[jaw]).toBe(1);
    const track = arkitTrack(frames, 10, 'grid');
    expect(track).toMatchObject({
      format: 'freeavatar-arkit-track',
      version: 1,
      fps: 10,
      description: 'grid',
    });
    expect(track.names[jaw]).toBe('jawOpen');
    expect(track.frames[1]).toMatchObject({ index: 1, timeMs: 100 });
    expect(track.frames[1].weights[jaw]).toBe(0.5);
    expect(JSON.parse(JSON.stringify(track)).frames).toHaveLength(3);
    reenactor.dispose();
  });
});

describe('clip helpers on bad input', () => {
  it('name the argument', () => {
    expect(() => landmarkBounds(null as never)).toThrow(/landmarks must be an array of numbers/);
    expect(() => faceWindow({} as never, 10, 10)).toThrow(/landmarks must be an array of numbers/);
    expect(() => arkitTrack(42 as never, 25)).toThrow(/frames must be an array or iterable/);
  });
});
