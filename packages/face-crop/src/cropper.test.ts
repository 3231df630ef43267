import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FreeAvatarError,
  createRng,
  rgbImageToTensor,
  writeImageFile,
  type RgbImage,
} from '@freeavatar/core';
import { alignmentTemplate, ALIGNMENT_LANDMARKS } from './alignment.js';
import { applyAffine } from './affine.js';
import { createFaceCropper, type FaceCropper } from './cropper.js';
import { FACE_LANDMARKS } from './landmarks.js';
import { locateDefaultModels } from './models.js';
import { useWasmBackend } from './test-utils/backend.js';
import {
  ASTRONAUT,
  boxBlurred,
  loadAstronaut,
  mirrored,
  noisy,
  paste,
  resizeNearest,
  rotated,
  solidImage,
} from './test-utils/images.js';

const OUT = join(tmpdir(), 'freeavatar-face-crop-tests');

/**
 * Positions on the astronaut photo (512², image pixels), checked by eye on a 4× zoom with the
 * points drawn in: each sits on its eye corner, the tip of the nose and the mouth corners.
 */
const GOLDEN = {
  box: { x: 179, y: 70, width: 93, height: 108 },
  points: {
    rightEyeOuter: [194, 101],
    rightEyeInner: [213, 104],
    leftEyeInner: [237, 105],
    leftEyeOuter: [256, 104],
    noseTip: [223, 132],
    mouthRight: [201, 139],
    mouthLeft: [246, 142],
  },
} as const;
const POINT_TOLERANCE_PX = 3;
const BOX_TOLERANCE_PX = 5;

let cropper: FaceCropper;
let astronaut: RgbImage;

beforeAll(async () => {
  await useWasmBackend();
  cropper = await createFaceCropper();
  astronaut = await loadAstronaut();
  mkdirSync(OUT, { recursive: true });
});

afterAll(() => cropper?.dispose());

describe('detect on the astronaut photo', () => {
  it('finds one face with the golden box and landmarks', async () => {
    const faces = await cropper.detect(astronaut);
    expect(faces).toHaveLength(1);
    const [face] = faces;
    expect(face.score).toBeGreaterThan(0.95);
    expect(face.detectionScore).toBeGreaterThan(0.8);
    expect(face.landmarks).toHaveLength(468);
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      expect(Math.abs(face.box[key] - GOLDEN.box[key]), key).toBeLessThanOrEqual(BOX_TOLERANCE_PX);
    }
    for (const [name, [x, y]] of Object.entries(GOLDEN.points)) {
      const p = face.landmarks[FACE_LANDMARKS[name as keyof typeof FACE_LANDMARKS]];
      expect(Math.hypot(p[0] - x, p[1] - y), name).toBeLessThanOrEqual(POINT_TOLERANCE_PX);
    }
  });

  it('returns an upright aligned crop with eyes and mouth on the template', async () => {
    const [face] = await cropper.detect(astronaut);
    expect(face.crop.width).toBe(112);
    expect(face.crop.height).toBe(112);
    expect(face.crop.data.length).toBe(112 * 112 * 3);
    await writeImageFile(join(OUT, 'astronaut-crop.png'), face.crop);
    // The fit spreads its error over eye and mouth corners; the smile widens the mouth.
    const template = alignmentTemplate(112);
    ALIGNMENT_LANDMARKS.forEach((index, k) => {
      const [x, y] = face.cropLandmarks[index];
      expect(Math.hypot(x - template[k][0], y - template[k][1]), `landmark ${index}`).toBeLessThan(
        k < 4 ? 5 : 10,
      );
    });
    const [rOut, , , lOut] = ALIGNMENT_LANDMARKS.map((i) => face.cropLandmarks[i]);
    expect(Math.abs(rOut[1] - lOut[1])).toBeLessThan(1.5); // level eyes
    expect(Math.abs((rOut[0] + lOut[0]) / 2 - 56)).toBeLessThan(3); // centred
    // cropLandmarks are the landmarks mapped through the transform.
    const [x, y] = applyAffine(face.transform, face.landmarks[FACE_LANDMARKS.noseTip]);
    expect(face.cropLandmarks[FACE_LANDMARKS.noseTip][0]).toBeCloseTo(x, 9);
    expect(face.cropLandmarks[FACE_LANDMARKS.noseTip][1]).toBeCloseTo(y, 9);
    // Skin, not background, at the crop's centre (between nose and cheeks): reddish and bright.
    const c = ((56 * 112 + 56) * 3) as number;
    const [r, g, b] = face.crop.data.subarray(c, c + 3);
    expect(r).toBeGreaterThan(120);
    expect(r).toBeGreaterThan(b);
    expect(g).toBeGreaterThan(b - 10);
  });

  it('estimates a near-frontal pose whose roll matches the eye line', async () => {
    const [face] = await cropper.detect(astronaut);
    expect(Math.abs(face.pose.yaw)).toBeLessThan(10);
    expect(Math.abs(face.pose.pitch)).toBeLessThan(15);
    const r = face.landmarks[FACE_LANDMARKS.rightEyeOuter];
    const l = face.landmarks[FACE_LANDMARKS.leftEyeOuter];
    const eyeLineDeg = (-Math.atan2(l[1] - r[1], l[0] - r[0]) * 180) / Math.PI;
    expect(Math.abs(face.pose.roll - eyeLineDeg)).toBeLessThan(2);
  });

  it('flips yaw and roll on the mirrored photo', async () => {
    const [face] = await cropper.detect(astronaut);
    const [mirror] = await cropper.detect(mirrored(astronaut));
    expect(Math.abs(mirror.pose.yaw + face.pose.yaw)).toBeLessThan(3);
    expect(Math.abs(mirror.pose.roll + face.pose.roll)).toBeLessThan(3);
    expect(Math.abs(mirror.box.x - (512 - face.box.x - face.box.width))).toBeLessThan(4);
  });

  it('turns roll with the photo and still aligns the crop upright', async () => {
    const [face] = await cropper.detect(astronaut);
    for (const degrees of [20, -20, 45]) {
      // rotated() turns the content clockwise on screen by `degrees`: roll falls by as much.
      const faces = await cropper.detect(rotated(astronaut, degrees));
      expect(faces).toHaveLength(1);
      expect(Math.abs(faces[0].pose.roll - (face.pose.roll - degrees)), `${degrees}°`).toBeLessThan(
        3,
      );
      const [rOut, , , lOut] = ALIGNMENT_LANDMARKS.map((i) => faces[0].cropLandmarks[i]);
      expect(Math.abs(rOut[1] - lOut[1])).toBeLessThan(3);
    }
  });
});

describe('detect on other images', () => {
  it('finds both faces when the photo is pasted twice side by side', async () => {
    const two = solidImage(1024, 512);
    paste(two, astronaut, 0, 0);
    paste(two, astronaut, 512, 0);
    const faces = await cropper.detect(two);
    expect(faces).toHaveLength(2);
    const xs = faces.map((f) => f.box.x).sort((a, b) => a - b);
    expect(Math.abs(xs[0] - GOLDEN.box.x)).toBeLessThan(BOX_TOLERANCE_PX);
    expect(Math.abs(xs[1] - GOLDEN.box.x - 512)).toBeLessThan(BOX_TOLERANCE_PX);
    expect(faces[0].detectionScore!).toBeGreaterThanOrEqual(faces[1].detectionScore!);
    const one = await createFaceCropper({ maxFaces: 1 });
    try {
      expect(await one.detect(two)).toHaveLength(1);
    } finally {
      one.dispose();
    }
  });

  it('finds no face on noise or on a blank image', async () => {
    const rng = createRng(11);
    const noise = solidImage(640, 480);
    for (let i = 0; i < noise.data.length; i++) noise.data[i] = Math.floor(rng.next() * 256);
    expect(await cropper.detect(noise)).toEqual([]);
    expect(await cropper.detect(solidImage(640, 480, [128, 128, 128]))).toEqual([]);
    expect(await cropper.detect(solidImage(640, 480, [255, 255, 255]))).toEqual([]);
  });

  it('handles tiny images', async () => {
    for (const image of [
      solidImage(16, 16, [200, 150, 120]),
      resizeNearest(astronaut, 16, 16),
      solidImage(1, 1),
    ]) {
      const faces = await cropper.detect(image);
      expect(Array.isArray(faces)).toBe(true);
      for (const f of faces) expect(f.crop.data.length).toBe(112 * 112 * 3);
    }
    // At 96² the face is about 18 px wide and is still found.
    const small = await cropper.detect(resizeNearest(astronaut, 96, 96));
    expect(small).toHaveLength(1);
    expect(Math.abs(small[0].landmarks[FACE_LANDMARKS.noseTip][0] - (223 * 96) / 512)).toBeLessThan(
      2,
    );
  });

  it('handles a 4000×3000 image, both with a big face and with a small one', async () => {
    const big = solidImage(4000, 3000, [40, 40, 40]);
    paste(big, resizeNearest(astronaut, 2400, 2400), 800, 300);
    const [face] = await cropper.detect(big);
    const [x, y] = face.landmarks[FACE_LANDMARKS.noseTip];
    expect(Math.hypot(x - (800 + (223 * 2400) / 512), y - (300 + (132 * 2400) / 512))).toBeLessThan(
      4 * POINT_TOLERANCE_PX,
    );
    const small = solidImage(4000, 3000, [40, 40, 40]);
    paste(small, astronaut, 1700, 1200);
    const found = await cropper.detect(small);
    expect(found).toHaveLength(1);
    const nose = found[0].landmarks[FACE_LANDMARKS.noseTip];
    expect(Math.hypot(nose[0] - 1700 - 223, nose[1] - 1200 - 132)).toBeLessThan(
      3 * POINT_TOLERANCE_PX,
    );
  });
});

describe('retry filters', () => {
  it('finds a face in a noisy photo through the smoothing retry that one look misses', async () => {
    const grainy = noisy(astronaut, 80, 5);
    const once = await createFaceCropper({ retryFilters: [] });
    try {
      expect(await once.detect(grainy)).toEqual([]);
      const [face] = await cropper.detect(grainy);
      expect(face.alignedBy).toBe('landmarks');
      expect(face.score).toBeGreaterThanOrEqual(0.95);
      const [x, y] = face.landmarks[FACE_LANDMARKS.noseTip];
      const [gx, gy] = GOLDEN.points.noseTip;
      expect(Math.hypot(x - gx, y - gy)).toBeLessThan(2 * POINT_TOLERANCE_PX);
      // The crop is cut from the picture as given, not from the smoothed copy.
      expect(face.crop.data).not.toEqual((await cropper.detect(astronaut))[0].crop.data);
      // Only the smoothing finds it.
      const sharpenOnly = await createFaceCropper({ retryFilters: [{ sigma: 3, amount: 2 }] });
      try {
        expect(await sharpenOnly.detect(grainy)).toEqual([]);
      } finally {
        sharpenOnly.dispose();
      }
    } finally {
      once.dispose();
    }
  });

  it('finds and tracks a face in noisy video frames through a retry, keeping its filter', async () => {
    const frames = [5, 6, 7, 8].map((seed) => noisy(astronaut, 80, seed));
    const once = await createFaceCropper({ retryFilters: [] });
    const video = await createFaceCropper();
    try {
      for (const [i, frame] of frames.entries()) {
        expect(await once.detectForVideo(frame, i * 40)).toEqual([]);
      }
      const ids = new Set<number | undefined>();
      const gaps: number[] = [];
      for (const [i, frame] of frames.entries()) {
        const [face] = await video.detectForVideo(frame, i * 40);
        expect(face.alignedBy).toBe('landmarks');
        expect(face.score).toBeGreaterThanOrEqual(0.95);
        const [x, y] = face.landmarks[FACE_LANDMARKS.noseTip];
        const [gx, gy] = GOLDEN.points.noseTip;
        // Noise of σ 80/255 moves the landmarks: each frame's nose stays on the nose, within
        // about a tenth of the face's width, and on average within twice the sharp tolerance.
        gaps.push(Math.hypot(x - gx, y - gy));
        ids.add(face.trackId);
      }
      expect(Math.max(...gaps)).toBeLessThan(4 * POINT_TOLERANCE_PX);
      expect(gaps.reduce((sum, g) => sum + g, 0) / gaps.length).toBeLessThan(
        2 * POINT_TOLERANCE_PX,
      );
      // One track from the first frame on: later frames follow it through the same filter.
      expect(ids.size).toBe(1);
      // A clean frame is still followed by the same track.
      const [clean] = await video.detectForVideo(astronaut, 200);
      expect(clean.trackId).toBe([...ids][0]);
    } finally {
      once.dispose();
      video.dispose();
    }
  });

  it('looks once when the first look finds the face', async () => {
    const once = await createFaceCropper({ retryFilters: [] });
    try {
      const [a] = await once.detect(astronaut);
      const [b] = await cropper.detect(astronaut);
      expect(b.landmarks).toEqual(a.landmarks);
      expect(b.crop.data).toEqual(a.crop.data);
    } finally {
      once.dispose();
    }
  });

  it('rejects malformed retry filters before loading anything', async () => {
    await expect(createFaceCropper({ retryFilters: [{ sigma: 3, amount: 20 }] })).rejects.toThrow(
      /retryFilters\[0\]\.amount must be a number in −1–10, got 20/,
    );
  });
});

describe('keypoint fallback', () => {
  it('keeps a face whose landmarks failed, aligned on the detector keypoints', async () => {
    // Blurred this much, the photo still gives a detection but the landmark model's
    // face-presence confidence collapses.
    const blurry = boxBlurred(astronaut, 4);
    expect(await cropper.detect(blurry)).toEqual([]);
    const fallback = await createFaceCropper({ keypointFallback: true });
    try {
      const [face] = await fallback.detect(blurry);
      expect(face.alignedBy).toBe('keypoints');
      expect(face.score).toBeLessThan(0.75);
      expect(face.detectionScore).toBeGreaterThanOrEqual(0.5);
      expect(face.landmarks).toHaveLength(468);
      // The sharp photo's eye and mouth corners land near the template in the fallback crop.
      const [sharp] = await cropper.detect(astronaut);
      expect(sharp.alignedBy).toBe('landmarks');
      const template = alignmentTemplate(112);
      ALIGNMENT_LANDMARKS.forEach((index, k) => {
        const [x, y] = applyAffine(face.transform, sharp.landmarks[index]);
        // The wide smile puts the mouth corners further out than the template's.
        expect(
          Math.hypot(x - template[k][0], y - template[k][1]),
          `landmark ${index}`,
        ).toBeLessThan(k < 4 ? 8 : 14);
      });
      const scale = (m: number[][]): number => Math.hypot(m[0][0], m[1][0]);
      expect(scale(face.transform) / scale(sharp.transform)).toBeCloseTo(1, 1);
      // The stand-in landmarks are the neutral frontal face: no yaw or pitch.
      expect(Math.abs(face.pose.yaw)).toBeLessThan(1);
      expect(Math.abs(face.pose.pitch)).toBeLessThan(1);
      // A sharp face is still aligned on its landmarks.
      expect((await fallback.detect(astronaut))[0].alignedBy).toBe('landmarks');
      // Noise and blank images still give nothing.
      expect(await fallback.detect(solidImage(256, 256, [128, 128, 128]))).toEqual([]);
    } finally {
      fallback.dispose();
    }
  });

  it('rejects a keypointFallback that is not a boolean', async () => {
    await expect(
      createFaceCropper({ keypointFallback: 'yes' as unknown as boolean }),
    ).rejects.toThrow(/keypointFallback must be a boolean, got yes/);
  });
});

describe('inputs and outputs', () => {
  it('accepts a file path and an image tensor with the same result', async () => {
    const [fromFile] = await cropper.detect(ASTRONAUT);
    const tensor = rgbImageToTensor(astronaut);
    try {
      const [fromTensor] = await cropper.detect(tensor);
      expect(fromTensor.box.x).toBeCloseTo(fromFile.box.x, 3);
      expect(fromTensor.landmarks[1][1]).toBeCloseTo(fromFile.landmarks[1][1], 3);
    } finally {
      tensor.dispose();
    }
  });

  it('names a corrupt or missing file in its error', async () => {
    const bad = join(OUT, 'corrupt.png');
    writeFileSync(bad, 'this is not a PNG');
    await expect(cropper.detect(bad)).rejects.toMatchObject({
      name: 'FreeAvatarError',
      code: 'UNSUPPORTED_IMAGE',
      message: expect.stringContaining(bad),
    });
    const missing = join(OUT, 'missing.png');
    await expect(cropper.detect(missing)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringContaining(missing),
    });
  });

  it('rejects inputs that are not images', async () => {
    await expect(cropper.detect({ width: 2, height: 2, data: new Uint8Array(5) })).rejects.toThrow(
      /image.data must be a Uint8Array of width\*height\*3 = 12 bytes, got 5/,
    );
    await expect(cropper.detect(42 as never)).rejects.toBeInstanceOf(FreeAvatarError);
    await expect(cropper.detect(astronaut, { returnTensor: 1 as never })).rejects.toThrow(
      /returnTensor must be a boolean/,
    );
  });

  it('returns the crop as a float tensor (0–1) when asked; the caller owns it', async () => {
    const [face] = await cropper.detect(astronaut, { returnTensor: true });
    const tensor = face.tensor!;
    try {
      expect(tensor.shape).toEqual([112, 112, 3]);
      expect(tensor.dtype).toBe('float32');
      const values = await tensor.data();
      expect(values[300]).toBeCloseTo(face.crop.data[300] / 255, 6);
    } finally {
      tensor.dispose();
    }
    const [plain] = await cropper.detect(astronaut);
    expect(plain.tensor).toBeUndefined();
  });

  it('honours cropSize', async () => {
    const large = await createFaceCropper({ cropSize: 256 });
    try {
      const [face] = await large.detect(astronaut);
      expect(face.crop.width).toBe(256);
      const t = alignmentTemplate(256);
      const [x, y] = face.cropLandmarks[ALIGNMENT_LANDMARKS[0]];
      expect(Math.hypot(x - t[0][0], y - t[0][1])).toBeLessThan(6);
    } finally {
      large.dispose();
    }
  });

  it('reports stage timings', async () => {
    await cropper.detect(astronaut);
    const t = cropper.lastTimings;
    expect(t.detection).toBeGreaterThan(0);
    expect(t.mesh).toBeGreaterThan(0);
    expect(t.alignment).toBeGreaterThan(0);
  });
});

describe('models, lifetime and leaks', () => {
  it('loads models from explicit paths and names a bad one', async () => {
    const files = await locateDefaultModels();
    const explicit = await createFaceCropper({
      detectorModel: files.detector,
      meshModel: new URL(`file://${files.mesh}`),
    });
    explicit.dispose();
    const wrong = join(OUT, 'no-such-model.json');
    await expect(createFaceCropper({ meshModel: wrong })).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining(wrong),
    });
  });

  it('rejects bad options before loading anything', async () => {
    await expect(createFaceCropper({ cropSize: 8 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('cropSize'),
    });
  });

  it('leaks no tensors in createFaceCropper, detect, detectForVideo, reset and dispose', async () => {
    await cropper.detect(astronaut); // warm-up
    const before = tf.memory().numTensors;
    const local = await createFaceCropper();
    await local.detect(astronaut);
    await local.detect(solidImage(64, 64)); // every retry look, none finds a face
    await local.detect(noisy(astronaut, 80, 5)); // found by the last retry
    await local.detectForVideo(astronaut, 0);
    await local.detectForVideo(astronaut, 33);
    local.reset();
    const [face] = await local.detect(astronaut, { returnTensor: true });
    face.tensor!.dispose();
    await expect(local.detect(ASTRONAUT + '.missing')).rejects.toThrow();
    local.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws DISPOSED after dispose; a second dispose is harmless', async () => {
    const local = await createFaceCropper();
    local.dispose();
    local.dispose();
    await expect(local.detect(astronaut)).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(local.detectForVideo(astronaut, 0)).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(() => local.reset()).toThrow(/disposed/);
  });
});
