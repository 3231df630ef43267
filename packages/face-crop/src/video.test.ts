import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, type RgbImage } from '@freeavatar/core';
import { applyAffine, invertAffine } from './affine.js';
import { createFaceCropper, type FaceCropper } from './cropper.js';
import type { FaceCropperOptions } from './options.js';
import { useWasmBackend } from './test-utils/backend.js';
import { loadAstronaut, paste, shiftedFrame, solidImage } from './test-utils/images.js';
import type { DetectedFace } from './types.js';

const FRAMES = 30;
const FRAME_MS = 1000 / 30;

let astronaut: RgbImage;
let offsets: [number, number][];
let frames: RgbImage[];

beforeAll(async () => {
  await useWasmBackend();
  astronaut = await loadAstronaut();
  // The photo drifts right and down by a non-integer step per frame on a 640×480 canvas, with
  // ±6 levels of pixel noise: the face moves rigidly, so an ideal crop would never change.
  const rng = createRng(3);
  offsets = Array.from({ length: FRAMES }, (_, t) => [20 + 1.7 * t, -20 + 0.6 * t]);
  frames = offsets.map(([x, y]) => shiftedFrame(astronaut, 640, 480, x, y, 6, () => rng.next()));
});

/**
 * Crop-window jitter in crop pixels: the RMS second difference over time of the image point at
 * the crop's centre (known motion removed, scaled to crop pixels). Steady motion and a steady
 * lag give zero; frame-to-frame shake does not.
 */
function windowJitter(faces: DetectedFace[], skip = 3): number {
  const centres = faces.map((f, t) => {
    const [x, y] = applyAffine(invertAffine(f.transform), [56, 56]);
    const scale = Math.hypot(f.transform[0][0], f.transform[1][0]);
    return [(x - offsets[t][0]) * scale, (y - offsets[t][1]) * scale];
  });
  let sum = 0;
  let n = 0;
  for (let t = skip + 2; t < centres.length; t++) {
    for (const k of [0, 1]) sum += (centres[t - 2][k] - 2 * centres[t - 1][k] + centres[t][k]) ** 2;
    n++;
  }
  return Math.sqrt(sum / n);
}

async function runSequence(
  options: FaceCropperOptions,
  mode: 'image' | 'video',
): Promise<{ faces: DetectedFace[]; detections: number; cropper: FaceCropper }> {
  const cropper = await createFaceCropper(options);
  const faces: DetectedFace[] = [];
  let detections = 0;
  for (const [t, frame] of frames.entries()) {
    const found =
      mode === 'image'
        ? await cropper.detect(frame)
        : await cropper.detectForVideo(frame, t * FRAME_MS);
    expect(found, `frame ${t}`).toHaveLength(1);
    faces.push(found[0]);
    if (cropper.lastTimings.detection > 0) detections++;
  }
  return { faces, detections, cropper };
}

describe('detectForVideo', () => {
  let image: DetectedFace[];
  let raw: DetectedFace[];
  let smooth: DetectedFace[];
  let smoothDetections = 0;

  beforeAll(async () => {
    const a = await runSequence({}, 'image');
    a.cropper.dispose();
    const b = await runSequence({ smoothing: false }, 'video');
    b.cropper.dispose();
    const c = await runSequence({ redetectEvery: 10 }, 'video');
    c.cropper.dispose();
    [image, raw, smooth, smoothDetections] = [a.faces, b.faces, c.faces, c.detections];
  }, 60_000);

  it('tracks the face from landmarks and runs the detector only every redetectEvery frames', () => {
    expect(smoothDetections).toBe(Math.ceil(FRAMES / 10));
    expect(new Set(smooth.map((f) => f.trackId)).size).toBe(1);
    expect(smooth[0].detectionScore).toBeGreaterThan(0.5);
    expect(smooth[1].detectionScore).toBeUndefined();
    // The tracked landmarks follow the motion.
    const nose = (f: DetectedFace, t: number): number[] => [
      f.landmarks[1][0] - offsets[t][0],
      f.landmarks[1][1] - offsets[t][1],
    ];
    for (const t of [0, FRAMES - 1]) {
      const [x, y] = nose(smooth[t], t);
      expect(Math.hypot(x - 223, y - 132)).toBeLessThan(3);
    }
  });

  it('keeps the crop window steadier than per-frame detection', () => {
    const jitter = {
      image: windowJitter(image),
      raw: windowJitter(raw),
      smooth: windowJitter(smooth),
    };
    console.log(
      `crop-window jitter (crop px, RMS 2nd difference): image mode ${jitter.image.toFixed(3)}, video unsmoothed ${jitter.raw.toFixed(3)}, video smoothed ${jitter.smooth.toFixed(3)}`,
    );
    expect(jitter.smooth).toBeLessThan(jitter.image / 3);
    expect(jitter.smooth).toBeLessThan(jitter.raw / 2);
    expect(jitter.smooth).toBeLessThan(0.3);
  });

  it('lags the moving face by less than 2 crop pixels', () => {
    // Mean crop-window centre over the last 10 frames, smoothed against unsmoothed, in crop pixels.
    const meanCentre = (faces: DetectedFace[]): number[] => {
      const tail = faces.slice(-10);
      const sum = tail.reduce(
        (acc, f) => {
          const [x, y] = applyAffine(invertAffine(f.transform), [56, 56]);
          return [acc[0] + x, acc[1] + y];
        },
        [0, 0],
      );
      return sum.map((v) => v / tail.length);
    };
    const [sx, sy] = meanCentre(smooth);
    const [rx, ry] = meanCentre(raw);
    const scale = Math.hypot(
      smooth[FRAMES - 1].transform[0][0],
      smooth[FRAMES - 1].transform[1][0],
    );
    expect(Math.hypot(sx - rx, sy - ry) * scale).toBeLessThan(2);
  });
});

describe('detectForVideo state', () => {
  let cropper: FaceCropper;
  beforeAll(async () => {
    cropper = await createFaceCropper({ redetectEvery: 100 });
  });
  afterAll(() => cropper?.dispose());

  it('re-detects at once when the face is lost, and finds it again', async () => {
    const blank = solidImage(640, 480, [90, 90, 90]);
    expect(await cropper.detectForVideo(frames[0], 0)).toHaveLength(1);
    expect(await cropper.detectForVideo(blank, 40)).toEqual([]);
    expect(cropper.lastTimings.detection).toBeGreaterThan(0);
    const again = await cropper.detectForVideo(frames[5], 80);
    expect(again).toHaveLength(1);
    expect(cropper.lastTimings.detection).toBeGreaterThan(0);
    cropper.reset();
  });

  it('picks up a second face that enters when the detector next runs', async () => {
    const local = await createFaceCropper({ redetectEvery: 2 });
    try {
      const two = solidImage(1024, 512);
      paste(two, astronaut, 0, 0);
      const one = { ...two, data: two.data.slice() };
      paste(two, astronaut, 512, 0);
      expect(await local.detectForVideo(one, 0)).toHaveLength(1);
      const next = await local.detectForVideo(two, 33);
      const after = await local.detectForVideo(two, 66);
      expect(next.length + after.length).toBeGreaterThanOrEqual(3);
      expect(after).toHaveLength(2);
      expect(new Set(after.map((f) => f.trackId)).size).toBe(2);
    } finally {
      local.dispose();
    }
  });

  it('requires increasing timestamps until reset', async () => {
    await cropper.detectForVideo(frames[0], 1000);
    await expect(cropper.detectForVideo(frames[1], 1000)).rejects.toThrow(
      /timestampMs must be a finite number greater than the previous one \(1000\), got 1000/,
    );
    await expect(cropper.detectForVideo(frames[1], Number.NaN)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    cropper.reset();
    expect(await cropper.detectForVideo(frames[1], 0)).toHaveLength(1);
    cropper.reset();
  });

  it('starts over after reset: new track, detector runs', async () => {
    const [a] = await cropper.detectForVideo(frames[0], 0);
    cropper.reset();
    const [b] = await cropper.detectForVideo(frames[0], 0);
    expect(cropper.lastTimings.detection).toBeGreaterThan(0);
    expect(b.trackId).not.toBe(a.trackId);
    cropper.reset();
  });
});
