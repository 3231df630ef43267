import { describe, expect, it } from 'vitest';
import { fitEyeball } from '../face/eyeball-fit.js';
import { createFaceModel, getDefaultFaceModel } from '../face/face-model.js';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import { applyBlendshapes } from './apply-blendshapes.js';
import { toWeightVector } from './arkit.js';
import { applyAffine, eyeRotationMatrix, eyeRotations, jawAffine } from './rig.js';

const model = getDefaultFaceModel();
const { template } = model;

describe('jawAffine', () => {
  it('moves a point exactly as the skin of the chin moves, for any mix of jaw shapes', () => {
    const w = toWeightVector({ jawOpen: 0.7, jawForward: 0.3, jawLeft: 0.4, tongueOut: 0.5 });
    const chin = 152; // jaw weight 1
    const moved = applyBlendshapes(w);
    const p = template.positions.slice(3 * chin, 3 * chin + 3);
    applyAffine(jawAffine(w, template.jawPivot), p);
    // tongueOut also nudges the lips; the chin itself only follows the jaw.
    for (let k = 0; k < 3; k++) expect(p[k]).toBeCloseTo(moved[3 * chin + k], 4);
  });

  it('is the identity at zero weights', () => {
    const a = jawAffine(new Float32Array(52), template.jawPivot);
    expect(Array.from(a.m, (x) => x + 0)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(a.t.map((x) => x + 0)).toEqual([0, 0, 0]);
  });
});

describe('eye rotation', () => {
  it('eyeRotationMatrix is a rotation taking +z to the gaze direction', () => {
    const r = eyeRotations(toWeightVector({ eyeLookUpLeft: 0.5, eyeLookOutLeft: 0.8 })).left;
    const m = eyeRotationMatrix(r);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const dot = m[i] * m[j] + m[3 + i] * m[3 + j] + m[6 + i] * m[6 + j];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    expect(m[2]).toBeCloseTo(Math.sin(r.yaw) * Math.cos(r.pitch), 10);
    expect(m[5]).toBeCloseTo(Math.sin(r.pitch), 10);
  });

  it('fitEyeball puts every lid margin vertex on or outside the eyeball', () => {
    for (const side of ['left', 'right'] as const) {
      const { center, radius } = fitEyeball(template.positions, side);
      const lids =
        side === 'left'
          ? [...FACE_LANDMARKS.eyeLeftUpper, ...FACE_LANDMARKS.eyeLeftLower]
          : [...FACE_LANDMARKS.eyeRightUpper, ...FACE_LANDMARKS.eyeRightLower];
      expect(radius).toBeGreaterThanOrEqual(1.05);
      expect(radius).toBeLessThanOrEqual(1.5);
      for (const v of lids) {
        const d = Math.hypot(...[0, 1, 2].map((k) => template.positions[3 * v + k] - center[k]));
        expect(d).toBeGreaterThanOrEqual(radius);
      }
      expect(Math.sign(center[0])).toBe(side === 'left' ? 1 : -1);
    }
  });
});

describe('createFaceModel', () => {
  it('builds a frozen template + basis; the shared model is built once', () => {
    const fresh = createFaceModel();
    expect(Object.isFrozen(fresh)).toBe(true);
    expect(fresh.blendshapes.shapes).toHaveLength(52);
    expect(Array.from(fresh.template.positions)).toEqual(Array.from(template.positions));
    expect(getDefaultFaceModel()).toBe(model);
  });
});

describe('rig functions on bad input', () => {
  it('name the argument that is wrong', () => {
    expect(() => applyAffine(null as never, new Float32Array(3))).toThrow(
      /affine must be an object/,
    );
    expect(() => applyAffine({} as never, new Float32Array(3))).toThrow(/affine\.m must be 9/);
    expect(() => jawAffine(new Float32Array(3), [0, 0, 0])).toThrow(/weights must be 52 numbers/);
    expect(() => eyeRotations(null as never)).toThrow(/weights must be 52 numbers, got null/);
    expect(() => eyeRotationMatrix({} as never)).toThrow(/rotation\.yaw must be a number/);
    expect(() => fitEyeball(null as never, 'left')).toThrow(/positions must be an array/);
    expect(() => fitEyeball(new Float32Array(30), 'left')).toThrow(/468 face vertices/);
    expect(() => fitEyeball(model.template.positions, 'up' as never)).toThrow(/side must be/);
  });
});
