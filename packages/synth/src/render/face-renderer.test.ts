import { FreeAvatarError, createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { blendshapeIndex } from '../blendshapes/arkit.js';
import { createEmotionCategorizer } from '../datasets/emotion-category.js';
import { emotionWeights } from '../expressions/prototypes.js';
import { LANDMARK } from '../face/landmarks.js';
import { sampleIdentity } from '../identity/identity.js';
import { occluderMask, randomOccluder } from '../raster/occluders.js';
import { createFaceRenderer } from './face-renderer.js';
import { sampleFaceScene } from './face-scene.js';
import type { FaceScene } from './types.js';

const SIZE = 64;
const categorizer = createEmotionCategorizer();
const renderer = createFaceRenderer({ size: SIZE, categorizer });

function scene(patch: Partial<FaceScene> = {}): FaceScene {
  return {
    identity: 3,
    expression: new Float32Array(52),
    pose: { yaw: 0, pitch: 0, roll: 0 },
    camera: { fovDeg: 20, distance: 70 },
    light: { direction: [0.2, 0.3, 1] },
    background: { kind: 'flat', color: [0.2, 0.3, 0.4] },
    occluders: [],
    ...patch,
  };
}

function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(FreeAvatarError);
  expect((caught as FreeAvatarError).code).toBe('INVALID_ARGUMENT');
  expect((caught as Error).message).toMatch(pattern);
}

describe('createFaceRenderer', () => {
  it('renders the same pixels for the same scene, on any renderer', () => {
    const s = sampleFaceScene(createRng(5), 'train', { identities: [3, 5] });
    const a = renderer.render(s);
    const b = createFaceRenderer({ size: SIZE, categorizer }).render(s);
    renderer.render(scene({ identity: 5 }));
    const c = renderer.render(s);
    expect(b.image.data).toEqual(a.image.data);
    expect(c.image.data).toEqual(a.image.data);
    expect(c.landmarks2d).toEqual(a.landmarks2d);
    expect(a.image.width).toBe(SIZE);
    expect(a.landmarks2d.length).toBe(468 * 2);
  });

  it('labels what it renders', () => {
    const expression = emotionWeights({ surprised: 1 });
    const { label, box, landmarks2d } = renderer.render(
      scene({ expression, identity: sampleIdentity(5), expressionKind: 'prototype' }),
    );
    expect(label.source).toBe('rendered');
    expect(label.identity).toBe('identity-5');
    expect(label.identitySeed).toBe(5);
    expect(label.split).toBe(sampleIdentity(5).split);
    expect(label.weights).toEqual(expression);
    expect(label.weights).not.toBe(expression);
    expect(label.emotion).toBe('surprised');
    expect(label.expressionKind).toBe('prototype');
    expect(label.background).toBe('flat');
    expect(label.occluders).toEqual([]);
    expect(label.camera.focalLength).toBeCloseTo(SIZE / 2 / Math.tan((10 * Math.PI) / 180), 6);
    expect(label.box).toEqual(box);
    for (let i = 0; i < 468; i++) {
      expect(landmarks2d[2 * i]).toBeGreaterThanOrEqual(box.x);
      expect(landmarks2d[2 * i + 1]).toBeLessThanOrEqual(box.y + box.height);
    }
  });

  it('puts the landmarks on the rendered face', () => {
    const r = createFaceRenderer({ size: SIZE, categorizer });
    for (const yaw of [-25, 0, 25]) {
      // Landmarks lie on head pixels: those do not change when the background does.
      const { landmarks2d, image: a } = r.render(scene({ pose: { yaw, pitch: 5, roll: -5 } }));
      const b = r.render(
        scene({
          pose: { yaw, pitch: 5, roll: -5 },
          background: { kind: 'flat', color: [1, 0, 1] },
        }),
      ).image;
      let onFace = 0;
      for (let i = 0; i < 468; i++) {
        const x = Math.floor(landmarks2d[2 * i]);
        const y = Math.floor(landmarks2d[2 * i + 1]);
        const o = (y * SIZE + x) * 3;
        if (a.data[o] === b.data[o] && a.data[o + 1] === b.data[o + 1]) onFace++;
      }
      expect(onFace / 468, `yaw ${yaw}`).toBeGreaterThan(0.9);
    }
  });

  it('turns the face as the pose says and frames it as the camera says', () => {
    const nose = (yaw: number): number =>
      renderer.render(scene({ pose: { yaw, pitch: 0, roll: 0 } })).landmarks2d[
        2 * LANDMARK.noseTip
      ];
    expect(nose(30)).toBeGreaterThan(nose(0) + 2);
    expect(nose(-30)).toBeLessThan(nose(0) - 2);
    const near = renderer.render(scene({ camera: { fovDeg: 20, distance: 50 } })).box;
    const far = renderer.render(scene({ camera: { fovDeg: 20, distance: 100 } })).box;
    expect(near.height / far.height).toBeCloseTo(2, 0);
    const shifted = renderer.render(
      scene({ camera: { fovDeg: 20, distance: 70, shift: [0.1, 0] } }),
    ).box;
    const plain = renderer.render(scene()).box;
    expect(shifted.x - plain.x).toBeCloseTo(0.1 * SIZE, 0);
  });

  it('shows the expression it is given', () => {
    const open = scene({ expression: emotionWeights({ surprised: 1 }) });
    const lips = (s: FaceScene): number => {
      const l = renderer.render(s).landmarks2d;
      return l[2 * LANDMARK.lowerLipCenter + 1] - l[2 * LANDMARK.upperLipCenter + 1];
    };
    expect(lips(open)).toBeGreaterThan(lips(scene()) + 2);
    const blink = new Float32Array(52);
    blink[blendshapeIndex('eyeBlinkLeft')] = 1;
    const a = renderer.render(scene()).image.data;
    const b = renderer.render(scene({ expression: blink })).image.data;
    // Only pixels in the subject's left half (the image's right half) change.
    let leftChanges = 0;
    let rightChanges = 0;
    for (let p = 0; p < SIZE * SIZE; p++) {
      if (a[3 * p] === b[3 * p] && a[3 * p + 1] === b[3 * p + 1]) continue;
      if (p % SIZE >= SIZE / 2) leftChanges++;
      else rightChanges++;
    }
    expect(leftChanges).toBeGreaterThan(5);
    expect(rightChanges).toBe(0);
  });

  it('draws occluders given by kind and seed over the face box', () => {
    const base = renderer.render(scene());
    const covered = renderer.render(scene({ occluders: [{ kind: 'hand', seed: 9 }] }));
    expect(covered.label.occluders).toEqual(['hand']);
    const mask = occluderMask(
      randomOccluder(createRng(9), {
        width: SIZE,
        height: SIZE,
        region: base.box,
        kinds: ['hand'],
      }),
      SIZE,
      SIZE,
    );
    let changed = 0;
    for (let p = 0; p < SIZE * SIZE; p++) {
      const differs = [0, 1, 2].some(
        (c) => covered.image.data[3 * p + c] !== base.image.data[3 * p + c],
      );
      if (differs) {
        expect(mask[p]).toBeGreaterThan(0);
        changed++;
      }
    }
    expect(changed).toBeGreaterThan(20);
  });

  it('leaves no hole between hair and head: the hair shell is drawn from both sides', () => {
    const size = 128;
    const r = createFaceRenderer({ size, categorizer });
    // Long, medium and short hair; front and slightly raised views.
    for (const [identity, pitch] of [
      [33, 0],
      [33, 20],
      [2, 0],
      [7, 10],
    ]) {
      const view = (color: [number, number, number]): FaceScene =>
        scene({
          identity,
          pose: { yaw: 0, pitch, roll: 0 },
          camera: { fovDeg: 20, distance: 17.1 / (0.6 * 2 * Math.tan(Math.PI / 18)) },
          background: { kind: 'flat', color },
        });
      const a = r.render(view([0, 1, 0]));
      const b = r.render(view([1, 0, 1])).image;
      const isHead = (p: number): boolean =>
        [0, 1, 2].every((c) => a.image.data[3 * p + c] === b.data[3 * p + c]);
      // Rows from the top of the head down to the brows: between the outermost head pixels of a
      // row, every pixel belongs to the head.
      const browY = Math.min(a.landmarks2d[2 * 105 + 1], a.landmarks2d[2 * 334 + 1]);
      let holes = 0;
      for (let y = 0; y < browY; y++) {
        const row = Array.from({ length: size }, (_, x) => isHead(y * size + x));
        const first = row.indexOf(true);
        const last = row.lastIndexOf(true);
        if (first < 0) continue;
        for (let x = first; x <= last; x++) if (!row[x]) holes++;
      }
      expect(holes, `identity ${identity}, pitch ${pitch}`).toBe(0);
    }
  });

  it('labels backgrounds of every form', () => {
    const image = { width: SIZE, height: SIZE, data: new Uint8Array(SIZE * SIZE * 3).fill(90) };
    expect(renderer.render(scene({ background: image })).label.background).toBe('image');
    expect(renderer.render(scene({ background: undefined })).label.background).toBe('none');
    expect(renderer.render(scene({ expression: emotionWeights({ happy: 1 }) })).label.emotion).toBe(
      'happy',
    );
  });

  it('rejects bad options and scenes, naming the field', () => {
    expectInvalid(
      () => createFaceRenderer({ size: 8 }),
      /size must be an integer in 16\.\.1024, got 8/,
    );
    expectInvalid(
      () => createFaceRenderer({ size: 32, supersample: 5 }),
      /supersample must be an integer in 1\.\.4, got 5/,
    );
    expectInvalid(
      () => renderer.render(scene({ expression: new Float32Array(51) })),
      /scene\.expression must be a Float32Array of 52 ARKit weights, got 51/,
    );
    const nan = new Float32Array(52);
    nan[4] = NaN;
    expectInvalid(
      () => renderer.render(scene({ expression: nan })),
      /scene\.expression\[4\] must be a finite number, got NaN/,
    );
    expectInvalid(
      () => renderer.render(scene({ pose: { yaw: Infinity, pitch: 0, roll: 0 } })),
      /scene\.pose\.yaw must be a finite number/,
    );
    expectInvalid(
      () => renderer.render(scene({ camera: { fovDeg: 200, distance: 50 } })),
      /scene\.camera\.fovDeg must be in \(0, 180\), got 200/,
    );
    expectInvalid(
      () => renderer.render(scene({ camera: { fovDeg: 20, distance: -1 } })),
      /scene\.camera\.distance must be > 0 cm, got -1/,
    );
    expectInvalid(
      () => renderer.render(scene({ camera: { fovDeg: 20, distance: 0.2 } })),
      /puts the face behind the camera/,
    );
    expectInvalid(
      () => renderer.render(scene({ identity: -4 })),
      /identity seed must be an integer in 0\.\.4294967295, got -4/,
    );
  });
});
