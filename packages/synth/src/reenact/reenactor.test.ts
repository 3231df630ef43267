import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError, type RgbImage } from '@freeavatar/core';
import { createFaceCropper, type FaceCropper } from '@freeavatar/face-crop';
import { EMOTION_PROTOTYPES } from '../expressions/prototypes.js';
import { createReenactor, type PreparedPhoto, type Reenactor } from './reenactor.js';
import {
  ASTRONAUT,
  loadAstronaut,
  meanAbsDiff,
  meanLuma,
  useWasmBackend,
} from './test-utils/astronaut.js';

let cropper: FaceCropper;
let reenactor: Reenactor;
let photo: RgbImage;
let prepared: PreparedPhoto;

const point = (points: Float32Array, i: number): [number, number] => [
  points[2 * i],
  points[2 * i + 1],
];

/** Box around landmark indices, grown by `pad` pixels. */
function boxOf(points: Float32Array, indices: readonly number[], pad: number) {
  const xs = indices.map((i) => points[2 * i]);
  const ys = indices.map((i) => points[2 * i + 1]);
  return {
    x0: Math.min(...xs) - pad,
    x1: Math.max(...xs) + pad,
    y0: Math.min(...ys) - pad,
    y1: Math.max(...ys) + pad,
  };
}

const LEFT_EYE = [263, 466, 388, 387, 386, 385, 384, 398, 362, 249, 390, 373, 374, 380, 381, 382];
const RIGHT_EYE = [33, 246, 161, 160, 159, 158, 157, 173, 133, 7, 163, 144, 145, 153, 154, 155];

beforeAll(async () => {
  await useWasmBackend();
  cropper = await createFaceCropper();
  reenactor = await createReenactor({ cropper });
  photo = await loadAstronaut();
  prepared = await reenactor.prepare(photo);
});

afterAll(() => {
  reenactor?.dispose();
  cropper?.dispose();
});

describe('createReenactor', () => {
  it('fits a camera of about 6 px/cm to the astronaut face and measures her eyes', () => {
    expect(prepared.landmarks).toHaveLength(936);
    // Her face is ≈ 95 px wide; a face is ≈ 15 cm wide.
    expect(prepared.camera.scale).toBeGreaterThan(5);
    expect(prepared.camera.scale).toBeLessThan(8);
    expect(prepared.camera.rmsError).toBeLessThan(5);
    for (const side of ['left', 'right'] as const) {
      expect(prepared.eyeScale[side]).toBeGreaterThan(0.5);
      expect(prepared.eyeScale[side]).toBeLessThan(1.6);
    }
  });

  it('gives the photo back unchanged for all-zero weights', () => {
    const out = reenactor.reenact(prepared, {});
    expect(meanAbsDiff(out, photo)).toBe(0);
    const tiny = reenactor.reenact(prepared, { jawOpen: 0.01, eyeBlinkLeft: 0.01 });
    const face = boxOf(prepared.landmarks, [10, 152, 234, 454], 0);
    const inFace = (x: number, y: number) =>
      x >= face.x0 && x < face.x1 && y >= face.y0 && y < face.y1;
    expect(meanAbsDiff(tiny, photo, inFace)).toBeLessThan(1);
  });

  it('leaves pixels far from the face untouched', () => {
    const out = reenactor.reenact(prepared, EMOTION_PROTOTYPES.surprised);
    const face = boxOf(prepared.landmarks, [10, 152, 234, 454], 0);
    const far = (x: number, y: number) =>
      x < face.x0 - 60 || x > face.x1 + 60 || y < face.y0 - 60 || y > face.y1 + 60;
    expect(meanAbsDiff(out, photo, far)).toBe(0);
    expect(meanAbsDiff(out, photo)).toBeGreaterThan(0);
  });

  it('opens the mouth with jawOpen: the chin drops and the region between the lips darkens', () => {
    const open = reenactor.reenact(prepared, { jawOpen: 0.8 });
    const moved = reenactor.movedLandmarks(prepared, { jawOpen: 0.8 });
    const [, chinBefore] = point(prepared.landmarks, 152);
    const [, chinAfter] = point(moved, 152);
    expect(chinAfter - chinBefore).toBeGreaterThan(0.8 * prepared.camera.scale);
    const [upperX, upperY] = point(moved, 13);
    const [, lowerY] = point(moved, 14);
    const gap = lowerY - upperY;
    expect(gap).toBeGreaterThan(1.2 * prepared.camera.scale);
    const halfWidth = 0.2 * (point(moved, 308)[0] - point(moved, 78)[0]);
    const box = [
      upperX - halfWidth,
      upperY + 0.35 * gap,
      upperX + halfWidth,
      lowerY - 0.35 * gap,
    ] as const;
    const before = meanLuma(photo, ...box);
    const after = meanLuma(open, ...box);
    expect(after).toBeLessThan(before - 40);
  });

  it('eyeBlinkLeft closes only the subject’s left eye, on the image’s right for a frontal face', () => {
    const noseX = prepared.landmarks[2 * 1];
    // The subject's left eye (landmark 263, +x in the mesh) is on the image's right.
    expect(prepared.landmarks[2 * 263]).toBeGreaterThan(noseX);
    const out = reenactor.reenact(prepared, { eyeBlinkLeft: 1 });
    const left = boxOf(prepared.landmarks, LEFT_EYE, 0.6 * prepared.camera.scale);
    const right = boxOf(prepared.landmarks, RIGHT_EYE, 0.6 * prepared.camera.scale);
    const inBox = (b: typeof left) => (x: number, y: number) =>
      x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
    expect(meanAbsDiff(out, photo, inBox(left))).toBeGreaterThan(8);
    expect(meanAbsDiff(out, photo, inBox(right))).toBe(0);
    // Every changed pixel is on the image's right of the nose, near the left eye.
    const wide = boxOf(prepared.landmarks, LEFT_EYE, 2 * prepared.camera.scale);
    let outside = 0;
    for (let y = 0; y < photo.height; y++)
      for (let x = 0; x < photo.width; x++) {
        const o = (y * photo.width + x) * 3;
        const changed = [0, 1, 2].some((c) => out.data[o + c] !== photo.data[o + c]);
        if (changed && !inBox(wide)(x, y)) outside++;
      }
    expect(outside).toBe(0);
    // The lid covers the eye: the opening gets brighter (skin over iris and lashes).
    const eyeCore = boxOf(prepared.landmarks, [386, 374, 387, 373], 0);
    expect(meanLuma(out, eyeCore.x0, eyeCore.y0, eyeCore.x1, eyeCore.y1)).toBeGreaterThan(
      meanLuma(photo, eyeCore.x0, eyeCore.y0, eyeCore.x1, eyeCore.y1) + 15,
    );
  });

  it('is deterministic, also across reenactors', async () => {
    const weights = { ...EMOTION_PROTOTYPES.happy, eyeLookOutLeft: 0.5, jawOpen: 0.3 };
    const a = reenactor.reenact(prepared, weights);
    const b = reenactor.reenact(prepared, weights);
    const other = await createReenactor({ cropper });
    const c = other.reenact(prepared, weights);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from(c.data))).toBe(true);
    other.dispose();
  });

  it('writes into a given output image', () => {
    const out = {
      width: photo.width,
      height: photo.height,
      data: new Uint8Array(photo.data.length),
    };
    const result = reenactor.reenact(prepared, { mouthSmileLeft: 1 }, { out });
    expect(result).toBe(out);
    expect(meanAbsDiff(out, photo)).toBeGreaterThan(0);
  });

  it('subtracts the photo’s rest expression', async () => {
    const rest = { mouthSmileLeft: 0.4, mouthSmileRight: 0.4 };
    const withRest = await reenactor.prepare(photo, {
      landmarks: prepared.landmarks,
      restWeights: rest,
    });
    expect(meanAbsDiff(reenactor.reenact(withRest, rest), photo)).toBe(0);
    const neutral = reenactor.movedLandmarks(withRest, {});
    // Taking the smile away lowers the mouth corners (image y grows).
    expect(neutral[2 * 291 + 1]).toBeGreaterThan(prepared.landmarks[2 * 291 + 1] + 1);
  });

  it('reenacted frames still show a face to the detector, near where it was', async () => {
    const targets = [
      EMOTION_PROTOTYPES.happy,
      EMOTION_PROTOTYPES.surprised,
      EMOTION_PROTOTYPES.disgusted,
      { eyeBlinkLeft: 1, eyeBlinkRight: 1 },
      { eyeBlinkLeft: 1 },
      { jawOpen: 0.9 },
    ];
    for (const weights of targets) {
      const faces = await cropper.detect(reenactor.reenact(prepared, weights));
      expect(faces).toHaveLength(1);
      const [x, y] = faces[0].landmarks[1];
      expect(Math.hypot(x - prepared.landmarks[2], y - prepared.landmarks[3])).toBeLessThan(4);
    }
  });

  it('prepares from a file path without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const fromFile = await reenactor.prepare(ASTRONAUT);
    expect(tf.memory().numTensors).toBe(before);
    expect(fromFile.image.width).toBe(512);
    expect(Math.abs(fromFile.landmarks[2] - prepared.landmarks[2])).toBeLessThan(0.5);
  });

  it('turns the eyes with the eyeLook shapes: the iris moves, the lids stay', () => {
    // Darkness-weighted centre of the subject's left eye (image right).
    const box = boxOf(prepared.landmarks, LEFT_EYE, 1);
    const irisX = (image: RgbImage): number => {
      let sx = 0;
      let sw = 0;
      for (let y = Math.floor(box.y0); y < box.y1; y++)
        for (let x = Math.floor(box.x0); x < box.x1; x++) {
          const o = (y * image.width + x) * 3;
          const w = Math.max(0, 140 - (image.data[o] + image.data[o + 1] + image.data[o + 2]) / 3);
          sx += w * x;
          sw += w;
        }
      return sx / sw;
    };
    const before = irisX(photo);
    // Looking out of the left eye is looking to the subject's left: the image's right.
    const out = reenactor.reenact(prepared, { eyeLookOutLeft: 1 });
    expect(irisX(out)).toBeGreaterThan(before + 1);
    const inward = reenactor.reenact(prepared, { eyeLookInLeft: 1 });
    expect(irisX(inward)).toBeLessThan(before - 1);
    const moved = reenactor.movedLandmarks(prepared, { eyeLookOutLeft: 1 });
    expect(moved).toEqual(prepared.landmarks);
  });

  it('says so when the photo has no face', async () => {
    const grey = { width: 128, height: 128, data: new Uint8Array(128 * 128 * 3).fill(128) };
    const error = await reenactor.prepare(grey).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FreeAvatarError);
    expect((error as FreeAvatarError).message).toMatch(/No face found in the photo \(128x128\)/);
  });

  it('rejects bad weights, landmarks and outputs with clear errors', async () => {
    expect(() => reenactor.reenact(prepared, { jawOpenn: 1 } as never)).toThrow(
      /unknown ARKit blendshape "jawOpenn"/,
    );
    expect(() => reenactor.reenact(prepared, new Float32Array(3))).toThrow(/length 52/);
    expect(() =>
      reenactor.reenact(prepared, {}, { out: { width: 2, height: 2, data: new Uint8Array(12) } }),
    ).toThrow(/out must be 512x512/);
    await expect(reenactor.prepare(photo, { landmarks: [[1, 2]] })).rejects.toThrow(
      /468 points, got 1/,
    );
    await expect(reenactor.prepare(photo, { landmarks: new Float32Array(5) })).rejects.toThrow(
      /936 numbers/,
    );
  });

  it('refuses to prepare after dispose', async () => {
    const r = await createReenactor({ cropper });
    r.dispose();
    await expect(r.prepare(photo)).rejects.toMatchObject({ code: 'DISPOSED' });
    // The cropper passed in stays usable.
    expect(await cropper.detect(photo)).toHaveLength(1);
  });
});
