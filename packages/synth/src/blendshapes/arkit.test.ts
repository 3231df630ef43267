import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import {
  ARKIT_BLENDSHAPES,
  ARKIT_BLENDSHAPE_COUNT,
  ARKIT_BLENDSHAPE_NAMES,
  blendshapeIndex,
  isArkitBlendshape,
  toWeightVector,
  weightRecord,
} from './arkit.js';

/** Apple's ARFaceAnchor.BlendShapeLocation names, as listed in the ARKit documentation. */
const APPLE_NAMES = [
  'eyeBlinkLeft', 'eyeLookDownLeft', 'eyeLookInLeft', 'eyeLookOutLeft', 'eyeLookUpLeft', 'eyeSquintLeft', 'eyeWideLeft',
  'eyeBlinkRight', 'eyeLookDownRight', 'eyeLookInRight', 'eyeLookOutRight', 'eyeLookUpRight', 'eyeSquintRight', 'eyeWideRight',
  'jawForward', 'jawLeft', 'jawRight', 'jawOpen',
  'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthLeft', 'mouthRight', 'mouthSmileLeft', 'mouthSmileRight',
  'mouthFrownLeft', 'mouthFrownRight', 'mouthDimpleLeft', 'mouthDimpleRight', 'mouthStretchLeft', 'mouthStretchRight',
  'mouthRollLower', 'mouthRollUpper', 'mouthShrugLower', 'mouthShrugUpper', 'mouthPressLeft', 'mouthPressRight',
  'mouthLowerDownLeft', 'mouthLowerDownRight', 'mouthUpperUpLeft', 'mouthUpperUpRight',
  'browDownLeft', 'browDownRight', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight',
  'cheekPuff', 'cheekSquintLeft', 'cheekSquintRight', 'noseSneerLeft', 'noseSneerRight', 'tongueOut',
]; // prettier-ignore

describe('ARKIT_BLENDSHAPES', () => {
  it('has exactly the 52 ARKit names, each once, in alphabetical order', () => {
    expect(ARKIT_BLENDSHAPE_COUNT).toBe(52);
    expect(new Set(ARKIT_BLENDSHAPE_NAMES).size).toBe(52);
    expect([...ARKIT_BLENDSHAPE_NAMES].sort()).toEqual([...APPLE_NAMES].sort());
    expect([...ARKIT_BLENDSHAPE_NAMES]).toEqual([...ARKIT_BLENDSHAPE_NAMES].sort());
  });

  it('describes every shape in one line and names a side consistent with its name', () => {
    for (const b of ARKIT_BLENDSHAPES) {
      expect(b.description.length).toBeGreaterThan(10);
      expect(b.description).not.toContain('\n');
      if (b.name.endsWith('Left') && !/^(mouth|jaw)Left$/.test(b.name)) expect(b.side).toBe('left');
      if (b.name.endsWith('Right') && !/^(mouth|jaw)Right$/.test(b.name))
        expect(b.side).toBe('right');
    }
  });
});

describe('weight helpers', () => {
  it('blendshapeIndex and isArkitBlendshape agree with the name order', () => {
    expect(blendshapeIndex('jawOpen')).toBe(ARKIT_BLENDSHAPE_NAMES.indexOf('jawOpen'));
    expect(isArkitBlendshape('tongueOut')).toBe(true);
    expect(isArkitBlendshape('TongueOut')).toBe(false);
    expect(() => blendshapeIndex('smile')).toThrow(FreeAvatarError);
    expect(() => blendshapeIndex('smile')).toThrow(/unknown ARKit blendshape "smile"/);
  });

  it('toWeightVector reads records and vectors, and rejects bad input', () => {
    const w = toWeightVector({ jawOpen: 0.4, eyeBlinkRight: 1 });
    expect(w[blendshapeIndex('jawOpen')]).toBeCloseTo(0.4);
    expect(w[blendshapeIndex('eyeBlinkRight')]).toBe(1);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1.4);
    expect(Array.from(toWeightVector(Array.from(w)))).toEqual(Array.from(w));
    expect(() => toWeightVector(new Float32Array(51))).toThrow(/length 52/);
    expect(() => toWeightVector({ jawOpen: Number.NaN })).toThrow(
      /jawOpen must be a finite number/,
    );
    expect(() => toWeightVector({ notAShape: 1 } as never)).toThrow(/unknown ARKit blendshape/);
  });

  it('weightRecord keeps the non-zero weights by name', () => {
    expect(weightRecord(toWeightVector({ mouthPucker: 0.5, cheekPuff: 0.01 }), 0.05)).toEqual({
      mouthPucker: 0.5,
    });
    expect(() => weightRecord([1, 2])).toThrow(FreeAvatarError);
  });
});

describe('weightRecord on bad input', () => {
  it('names the argument', () => {
    expect(() => weightRecord(null as never)).toThrow(
      /weights must be an array of numbers, got null/,
    );
  });
});
