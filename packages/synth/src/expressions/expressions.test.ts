import { FreeAvatarError, createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import {
  ARKIT_BLENDSHAPE_NAMES,
  blendshapeIndex,
  isArkitBlendshape,
} from '../blendshapes/arkit.js';
import { createPerformance, samplePerformance, weightsAt } from './performance.js';
import { EMOTIONS, EMOTION_PROTOTYPES, emotionWeights } from './prototypes.js';
import { EXPRESSION_KINDS, RARE_CONTROLS, sampleExpression, sanitizeWeights } from './sampler.js';

describe('emotion prototypes', () => {
  it('use ARKit names and weights in 0..1; neutral is empty', () => {
    for (const emotion of EMOTIONS) {
      for (const [name, w] of Object.entries(EMOTION_PROTOTYPES[emotion])) {
        expect(isArkitBlendshape(name), name).toBe(true);
        expect(w).toBeGreaterThan(0);
        expect(w).toBeLessThanOrEqual(1);
      }
    }
    expect(Object.keys(EMOTION_PROTOTYPES.neutral)).toHaveLength(0);
    expect(EMOTION_PROTOTYPES.happy.mouthSmileLeft).toBeGreaterThan(0.5);
  });

  it('emotionWeights mixes and clamps', () => {
    const w = emotionWeights({ happy: 2 });
    expect(w[blendshapeIndex('mouthSmileLeft')]).toBe(1);
    const mix = emotionWeights({ happy: 0.5, sad: 0.5 });
    expect(mix[blendshapeIndex('mouthSmileLeft')]).toBeCloseTo(0.425);
    expect(mix[blendshapeIndex('browInnerUp')]).toBeCloseTo(0.375);
    expect(() => emotionWeights({ bored: 1 } as never)).toThrow(/unknown emotion "bored"/);
  });
});

describe('sampleExpression', () => {
  it('is deterministic for a seed and keeps weights in 0..1', () => {
    const a = Array.from({ length: 50 }, (_, i) => sampleExpression(createRng(i)));
    const b = Array.from({ length: 50 }, (_, i) => sampleExpression(createRng(i)));
    expect(b.map((s) => Array.from(s.weights))).toEqual(a.map((s) => Array.from(s.weights)));
    for (const s of a) {
      expect(s.weights).toHaveLength(52);
      expect(s.weights.every((w) => w >= 0 && w <= 1)).toBe(true);
      expect(s.weights[blendshapeIndex('mouthClose')]).toBeLessThanOrEqual(
        s.weights[blendshapeIndex('jawOpen')],
      );
    }
  });

  it('draws every kind, one-eye winks and rare controls far more often than prototypes would', () => {
    const rng = createRng(7);
    const kinds = new Set<string>();
    let winks = 0;
    const rare = new Map<string, number>();
    const samples = 2000;
    for (let i = 0; i < samples; i++) {
      const s = sampleExpression(rng);
      kinds.add(s.kind);
      const l = s.weights[blendshapeIndex('eyeBlinkLeft')];
      const r = s.weights[blendshapeIndex('eyeBlinkRight')];
      if (Math.abs(l - r) > 0.7) winks++;
      for (const name of RARE_CONTROLS)
        if (s.weights[blendshapeIndex(name)] > 0.3) rare.set(name, (rare.get(name) ?? 0) + 1);
    }
    expect([...kinds].sort()).toEqual([...EXPRESSION_KINDS].sort());
    expect(winks / samples).toBeGreaterThan(0.05);
    // mouthPucker appears in no prototype; the rare kind still shows it in more than 1% of samples.
    expect((rare.get('mouthPucker') ?? 0) / samples).toBeGreaterThan(0.01);
    expect((rare.get('mouthLeft') ?? 0) / samples).toBeGreaterThan(0.01);
  });

  it('honours kind weights and rejects bad ones', () => {
    const rng = createRng(3);
    for (let i = 0; i < 20; i++)
      expect(sampleExpression(rng, { kindWeights: { ...zeroKinds(), wink: 1 } }).kind).toBe('wink');
    expect(() => sampleExpression(rng, { kindWeights: zeroKinds() })).toThrow(FreeAvatarError);
    expect(() => sampleExpression(rng, { kindWeights: { rare: -1 } })).toThrow(/kindWeights.rare/);
  });

  it('sanitizeWeights clamps, resolves exclusive pairs and limits mouthClose by jawOpen', () => {
    const w = new Float32Array(52);
    w[blendshapeIndex('jawLeft')] = 0.4;
    w[blendshapeIndex('jawRight')] = 0.6;
    w[blendshapeIndex('mouthClose')] = 0.8;
    w[blendshapeIndex('jawOpen')] = 0.3;
    w[blendshapeIndex('cheekPuff')] = 3;
    sanitizeWeights(w);
    expect(w[blendshapeIndex('jawLeft')]).toBe(0);
    expect(w[blendshapeIndex('jawRight')]).toBeCloseTo(0.6);
    expect(w[blendshapeIndex('mouthClose')]).toBeCloseTo(0.3);
    expect(w[blendshapeIndex('cheekPuff')]).toBe(1);
  });
});

function zeroKinds(): Record<(typeof EXPRESSION_KINDS)[number], number> {
  return Object.fromEntries(EXPRESSION_KINDS.map((k) => [k, 0])) as Record<
    (typeof EXPRESSION_KINDS)[number],
    number
  >;
}

describe('performances', () => {
  const keys = [
    { timeMs: 0, weights: {} },
    { timeMs: 1000, weights: { jawOpen: 1 } },
    { timeMs: 2000, weights: { jawOpen: 0.5, mouthSmileLeft: 1 } },
  ];
  const jaw = blendshapeIndex('jawOpen');

  it('hits keyframes exactly, interpolates between and holds outside', () => {
    const linear = createPerformance(keys, { easing: 'linear' });
    expect(linear.durationMs).toBe(2000);
    expect(linear.at(1000)[jaw]).toBe(1);
    expect(linear.at(250)[jaw]).toBeCloseTo(0.25);
    expect(linear.at(1500)[jaw]).toBeCloseTo(0.75);
    expect(linear.at(-50)[jaw]).toBe(0);
    expect(linear.at(9999)[jaw]).toBe(0.5);
    const smooth = createPerformance(keys);
    expect(smooth.at(250)[jaw]).toBeCloseTo(0.15625); // smoothstep(0.25)
    expect(smooth.at(500)[jaw]).toBeCloseTo(0.5);
    expect(weightsAt(keys, 500)[jaw]).toBeCloseTo(0.5);
  });

  it('rejects unordered or empty scripts', () => {
    expect(() => createPerformance([])).toThrow(FreeAvatarError);
    expect(() => createPerformance([keys[1], keys[0]])).toThrow(/increase strictly/);
    expect(() => createPerformance(keys).at(Number.NaN)).toThrow(/timeMs must be finite/);
  });

  it('samplePerformance writes increasing keyframes with blinks', () => {
    const script = samplePerformance(createRng(5), { durationMs: 6000, blinkEveryMs: 1500 });
    expect(script[0].timeMs).toBe(0);
    expect(script[script.length - 1].timeMs).toBe(6000);
    for (let i = 1; i < script.length; i++)
      expect(script[i].timeMs).toBeGreaterThan(script[i - 1].timeMs);
    const blinks = script.filter(
      (k) => (k.weights as Float32Array)[blendshapeIndex('eyeBlinkLeft')] === 1,
    );
    expect(blinks.length).toBeGreaterThan(0);
    const again = samplePerformance(createRng(5), { durationMs: 6000, blinkEveryMs: 1500 });
    expect(again.map((k) => k.timeMs)).toEqual(script.map((k) => k.timeMs));
    expect(ARKIT_BLENDSHAPE_NAMES).toHaveLength(52);
  });
});

describe('expression functions on bad input', () => {
  it('name the argument that is wrong', () => {
    expect(() => emotionWeights(null as never)).toThrow(/mix must be an object, got null/);
    expect(() => sampleExpression({} as never)).toThrow(/rng must be an Rng/);
    expect(() => sampleExpression(createRng(1), null as never)).toThrow(
      /options must be an object/,
    );
    expect(() => sanitizeWeights(null as never)).toThrow(/weights must be an array of numbers/);
    expect(() => samplePerformance(42 as never)).toThrow(
      /rng must be an Rng .*, got the number 42/,
    );
  });
});
