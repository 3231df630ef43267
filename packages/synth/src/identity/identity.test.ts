import { FreeAvatarError, createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { createHead } from '../face/head.js';
import { getDefaultFaceModel } from '../face/face-model.js';
import { SKIN_TONES, sampleAppearance, skinToneAt } from './appearance-sampler.js';
import {
  FACE_SHAPE_COMPONENTS,
  createFaceShapeBasis,
  faceShapeFromCoefficients,
} from './face-shape-basis.js';
import { faceShapeBasisOf, sampleIdentity } from './identity.js';
import { identityId, identitySeeds, identitySplit } from './split.js';

describe('sampleIdentity', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = sampleIdentity(42);
    const b = sampleIdentity(42);
    expect(b.id).toBe('identity-42');
    expect(Array.from(b.shape)).toEqual(Array.from(a.shape));
    expect(b.appearance).toEqual(a.appearance);
    expect(b.shapeCoefficients).toEqual(a.shapeCoefficients);
    const c = sampleIdentity(43);
    expect(Array.from(c.shape)).not.toEqual(Array.from(a.shape));
  });

  it('varies shape by centimetres, not more, and builds a head', () => {
    for (const seed of [1, 2, 3]) {
      const person = sampleIdentity(seed);
      const largest = person.shape.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      expect(largest).toBeGreaterThan(0.1);
      expect(largest).toBeLessThan(3);
      const frame = createHead(person).evaluate({ jawOpen: 0.3 });
      expect(frame.landmarks.every(Number.isFinite)).toBe(true);
    }
  });

  it('covers the range of skin tones, light to dark', () => {
    const lightness = Array.from({ length: 60 }, (_, s) => {
      const [r, g, b] = sampleIdentity(s).appearance.skin;
      return (r + g + b) / 3;
    });
    expect(Math.min(...lightness)).toBeLessThan(0.25);
    expect(Math.max(...lightness)).toBeGreaterThan(0.75);
  });

  it('rejects seeds that are not unsigned 32-bit integers', () => {
    expect(() => sampleIdentity(-1)).toThrow(FreeAvatarError);
    expect(() => sampleIdentity(1.5)).toThrow(/identity seed must be an integer/);
  });
});

describe('identity splits', () => {
  it('assigns every seed to one split, deterministically, about 80/10/10', () => {
    const counts = { train: 0, val: 0, test: 0 };
    for (let s = 0; s < 5000; s++) counts[identitySplit(s)]++;
    expect(counts.train / 5000).toBeGreaterThan(0.77);
    expect(counts.train / 5000).toBeLessThan(0.83);
    expect(counts.val / 5000).toBeGreaterThan(0.08);
    expect(counts.test / 5000).toBeGreaterThan(0.08);
    expect(identitySplit(1234)).toBe(identitySplit(1234));
    expect(sampleIdentity(1234).split).toBe(identitySplit(1234));
  });

  it('identitySeeds lists seeds of one split only, without overlap between splits', () => {
    const test = identitySeeds('test', 30);
    const val = identitySeeds('val', 30);
    const train = identitySeeds('train', 30);
    expect(test).toHaveLength(30);
    expect(test.every((s) => identitySplit(s) === 'test')).toBe(true);
    expect(new Set([...test, ...val, ...train]).size).toBe(90);
    expect(identitySeeds('train', 5, 1000).every((s) => s >= 1000)).toBe(true);
    expect(identityId(7)).toBe('identity-7');
    expect(() => identitySeeds('dev' as never, 1)).toThrow(FreeAvatarError);
  });
});

describe('face shape and appearance pieces', () => {
  it('faceShapeFromCoefficients is linear and checks its input', () => {
    const basis = faceShapeBasisOf(getDefaultFaceModel());
    expect(basis.fields).toHaveLength(FACE_SHAPE_COMPONENTS.length);
    const k = FACE_SHAPE_COMPONENTS.length;
    const one = new Float32Array(k);
    one[0] = 1;
    const two = new Float32Array(k);
    two[0] = 2;
    const a = faceShapeFromCoefficients(basis, one);
    const b = faceShapeFromCoefficients(basis, two);
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(2 * x, 5));
    expect(() => faceShapeFromCoefficients(basis, [1, 2])).toThrow(
      /expected 21 shape coefficients/,
    );
  });

  it('faceWidth widens the face at its sides', () => {
    const basis = faceShapeBasisOf(getDefaultFaceModel());
    const field = basis.fields[FACE_SHAPE_COMPONENTS.findIndex((c) => c.name === 'faceWidth')];
    expect(field[3 * 454]).toBeGreaterThan(0.3); // left cheek edge moves to +x
    expect(field[3 * 234]).toBeLessThan(-0.3);
  });

  it('skinToneAt walks the palette; sampleAppearance follows the traits', () => {
    expect(skinToneAt(0)).toEqual(SKIN_TONES[0]);
    expect(skinToneAt(1)).toEqual(SKIN_TONES[SKIN_TONES.length - 1]);
    const dark = sampleAppearance(createRng(1), { melanin: 0.95, age: 30, masculinity: 0 });
    const light = sampleAppearance(createRng(1), { melanin: 0.05, age: 30, masculinity: 0 });
    expect(dark.skin[0]).toBeLessThan(light.skin[0]);
  });
});

describe('identity functions on bad input', () => {
  it('name the argument that is wrong', () => {
    expect(() => createFaceShapeBasis(42 as never)).toThrow(/template must be a FaceTemplate/);
    expect(() => faceShapeFromCoefficients({} as never, [])).toThrow(/basis\.fields must be/);
    const basis = faceShapeBasisOf(getDefaultFaceModel());
    expect(() => faceShapeFromCoefficients(basis, null as never)).toThrow(/coefficients must be/);
    expect(() => faceShapeBasisOf({} as never)).toThrow(/model\.template must be a FaceTemplate/);
    expect(() => sampleAppearance(null as never, { melanin: 0, age: 30, masculinity: 0 })).toThrow(
      /rng must be an Rng/,
    );
    expect(() => sampleAppearance(createRng(1), { melanin: 0.5 } as never)).toThrow(
      /traits\.age must be a finite number, got undefined/,
    );
    expect(() => skinToneAt('x' as never)).toThrow(/melanin must be a number/);
  });
});
