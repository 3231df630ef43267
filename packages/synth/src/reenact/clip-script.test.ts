import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { blendshapeIndex, toWeightVector } from '../blendshapes/arkit.js';
import { EMOTION_PROTOTYPES } from '../expressions/prototypes.js';
import { parseClipScript } from './clip-script.js';

describe('parseClipScript', () => {
  it('reads a bare array of keyframes with weights by name', () => {
    const script = parseClipScript([
      { timeMs: 0, weights: {} },
      { timeMs: 500, weights: { jawOpen: 0.5, eyeBlinkLeft: 1 } },
    ]);
    expect(script.easing).toBe('smooth');
    expect(script.restWeights).toBeUndefined();
    expect(script.keyframes.map((k) => k.timeMs)).toEqual([0, 500]);
    const w = script.keyframes[1].weights as Float32Array;
    expect(w).toHaveLength(52);
    expect(w[blendshapeIndex('jawOpen')]).toBeCloseTo(0.5);
    expect(w[blendshapeIndex('eyeBlinkLeft')]).toBe(1);
  });

  it('reads emotions with intensity, emotion names as weights, and weights over an emotion', () => {
    const script = parseClipScript({
      rest: { mouthSmileLeft: 0.4 },
      easing: 'linear',
      description: 'test',
      keyframes: [
        { timeMs: 0, emotion: 'happy', intensity: 0.5 },
        { timeMs: 100, weights: 'surprised' },
        { timeMs: 200, emotion: 'sad', weights: { jawOpen: 0.9 } },
      ],
    });
    expect(script).toMatchObject({
      easing: 'linear',
      description: 'test',
      restWeights: { mouthSmileLeft: 0.4 },
    });
    const happy = toWeightVector(EMOTION_PROTOTYPES.happy);
    const [a, b, c] = script.keyframes.map((k) => k.weights as Float32Array);
    expect(a[blendshapeIndex('mouthSmileLeft')]).toBeCloseTo(
      0.5 * happy[blendshapeIndex('mouthSmileLeft')],
    );
    expect(Array.from(b)).toEqual(Array.from(toWeightVector(EMOTION_PROTOTYPES.surprised)));
    expect(c[blendshapeIndex('jawOpen')]).toBeCloseTo(0.9);
    expect(c[blendshapeIndex('mouthFrownLeft')]).toBeCloseTo(
      EMOTION_PROTOTYPES.sad.mouthFrownLeft!,
    );
  });

  it('names what is wrong', () => {
    const bad = (json: unknown) => () => parseClipScript(json);
    expect(bad([])).toThrow(/non-empty array of keyframes/);
    expect(bad({ frames: [] })).toThrow(/non-empty array of keyframes/);
    expect(bad([{ weights: {} }])).toThrow(/keyframe 0\.timeMs must be a number ≥ 0/);
    expect(bad([{ timeMs: 0 }])).toThrow(/keyframe 0 needs "weights"/);
    expect(bad([{ timeMs: 0, weights: { JawOpen: 1 } }])).toThrow(
      /unknown ARKit blendshape "JawOpen"/,
    );
    expect(bad([{ timeMs: 0, weights: { jawOpen: 'x' } }])).toThrow(
      /jawOpen must be a finite number/,
    );
    expect(bad([{ timeMs: 0, emotion: 'bored' }])).toThrow(
      /unknown emotion "bored"; expected one of neutral/,
    );
    expect(bad([{ timeMs: 0, emotion: 'happy', intensity: -1 }])).toThrow(
      /intensity must be a number ≥ 0/,
    );
    expect(
      bad([
        { timeMs: 5, emotion: 'happy' },
        { timeMs: 5, emotion: 'sad' },
      ]),
    ).toThrow(/keyframe 1 at 5 ms follows 5 ms/);
    expect(bad({ keyframes: [{ timeMs: 0, emotion: 'happy' }], easing: 'cubic' })).toThrow(
      /easing/,
    );
    expect(bad({ keyframes: [{ timeMs: 0, emotion: 'happy' }], rest: [1] })).toThrow(
      /rest must be an object/,
    );
    expect(bad([3])).toThrow(FreeAvatarError);
  });
});
