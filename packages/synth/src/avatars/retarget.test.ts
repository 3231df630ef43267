import { createRng, FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_COUNT, ARKIT_BLENDSHAPE_NAMES } from '../blendshapes/arkit.js';
import { EMOTION_PROTOTYPES, EMOTIONS } from '../expressions/prototypes.js';
import { sampleExpression } from '../expressions/sampler.js';
import { AVATARS, retarget, retargetFormulas } from './registry.js';
import { AVATAR_IDS, type AvatarId } from './types.js';

/** ARKit inputs a reachability search tries: one-hots, left/right pairs, prototypes, samples. */
function probeInputs(): Float32Array[] {
  const inputs: Float32Array[] = [];
  for (let i = 0; i < ARKIT_BLENDSHAPE_COUNT; i++) {
    const w = new Float32Array(ARKIT_BLENDSHAPE_COUNT);
    w[i] = 1;
    inputs.push(w);
  }
  ARKIT_BLENDSHAPE_NAMES.forEach((name, i) => {
    if (!name.endsWith('Left')) return;
    const j = ARKIT_BLENDSHAPE_NAMES.indexOf(name.replace(/Left$/, 'Right') as never);
    const w = new Float32Array(ARKIT_BLENDSHAPE_COUNT);
    w[i] = 1;
    w[j] = 1;
    inputs.push(w);
  });
  const conjugate: [string, string][] = [
    ['eyeLookOutLeft', 'eyeLookInRight'],
    ['eyeLookInLeft', 'eyeLookOutRight'],
  ];
  for (const pair of conjugate)
    inputs.push(Float32Array.from(retargetInput({ [pair[0]]: 1, [pair[1]]: 1 })));
  for (const e of EMOTIONS) inputs.push(Float32Array.from(retargetInput(EMOTION_PROTOTYPES[e])));
  const rng = createRng(5);
  for (let i = 0; i < 300; i++) inputs.push(sampleExpression(rng).weights);
  return inputs;
}

function retargetInput(record: Partial<Record<string, number>>): number[] {
  return ARKIT_BLENDSHAPE_NAMES.map((n) => record[n] ?? 0);
}

const probes = probeInputs();

describe.each(AVATAR_IDS)('retargeting to %s', (id: AvatarId) => {
  const rig = AVATARS[id].rig;

  it('reaches every rig control from some ARKit input', () => {
    const best = new Float32Array(rig.length);
    for (const w of probes) {
      const r = retarget(id, w);
      for (let c = 0; c < r.length; c++) best[c] = Math.max(best[c], r[c]);
    }
    rig.forEach((c, i) => expect(best[i], c.name).toBeGreaterThanOrEqual(0.9));
  });

  it('stays in [0, 1] for random, saturated and extrapolated inputs', () => {
    const rng = createRng(11);
    for (let t = 0; t < 300; t++) {
      const w = new Float32Array(ARKIT_BLENDSHAPE_COUNT);
      for (let i = 0; i < w.length; i++) w[i] = t % 3 === 0 ? rng.uniform(-0.5, 1.5) : rng.next();
      if (t === 1) w.fill(1);
      if (t === 2) w.fill(0);
      const r = retarget(id, w);
      expect(r.length).toBe(rig.length);
      for (const v of r) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('maps neutral to the neutral rig', () => {
    expect(Array.from(retarget(id, {}))).toEqual(new Array(rig.length).fill(0));
  });

  it('prints one formula per control', () => {
    const formulas = retargetFormulas(id);
    expect(Object.keys(formulas)).toEqual(rig.map((c) => c.name));
    for (const f of Object.values(formulas)) expect(f).toMatch(/[a-z]+[A-Z]/);
  });
});

describe('retarget semantics', () => {
  const at = (id: AvatarId, record: Record<string, number>, control: string): number =>
    retarget(id, record)[AVATARS[id].rig.findIndex((c) => c.name === control)];

  it('is the identity for the human rig', () => {
    const w = sampleExpression(createRng(2)).weights;
    expect(retarget('human', w)).toEqual(w.map((v) => Math.min(1, Math.max(0, v))));
  });

  it('splits a wink from a blink on the cartoon and merges it on the robot', () => {
    expect(at('toon', { eyeBlinkLeft: 1 }, 'winkL')).toBe(1);
    expect(at('toon', { eyeBlinkLeft: 1 }, 'blink')).toBe(0);
    expect(at('toon', { eyeBlinkLeft: 1, eyeBlinkRight: 1 }, 'blink')).toBe(1);
    expect(at('toon', { eyeBlinkLeft: 1, eyeBlinkRight: 1 }, 'winkL')).toBe(0);
    expect(at('toon', { eyeBlinkLeft: 0.9, eyeBlinkRight: 0.3 }, 'winkL')).toBeCloseTo(0.6, 5);
    expect(at('robot', { eyeBlinkLeft: 1 }, 'blink')).toBeCloseTo(0.5, 5);
  });

  it('turns the emotion prototypes into the expected controls', () => {
    expect(at('toon', EMOTION_PROTOTYPES.happy, 'smile')).toBeGreaterThan(0.8);
    expect(at('toon', EMOTION_PROTOTYPES.sad, 'browSad')).toBeGreaterThan(0.5);
    expect(at('toon', EMOTION_PROTOTYPES.contemptuous, 'smirkL')).toBeGreaterThan(0.3);
    expect(at('robot', EMOTION_PROTOTYPES.surprised, 'antennaUp')).toBeGreaterThan(0.9);
    expect(at('robot', EMOTION_PROTOTYPES.angry, 'eyesAngry')).toBeGreaterThan(0.8);
    expect(at('robot', EMOTION_PROTOTYPES.happy, 'eyesHappy')).toBeGreaterThan(0.8);
  });

  it('applies its small nonlinearities', () => {
    expect(at('toon', { jawOpen: 0.25 }, 'mouthOpen')).toBeCloseTo(0.25 ** 0.8, 5);
    expect(at('robot', { jawOpen: 0.25 }, 'jawDrop')).toBeCloseTo(0.25 ** 0.75, 5);
    expect(at('robot', { browOuterUpLeft: 0.1, browOuterUpRight: 0.1 }, 'antennaUp')).toBe(0);
  });

  it('rejects unknown avatars and malformed weights', () => {
    expect(() => retarget('cat' as AvatarId, {})).toThrow(/unknown avatar 'cat'/);
    expect(() => retarget('toon', new Float32Array(3))).toThrow(FreeAvatarError);
    expect(() => retarget('toon', { notAShape: 1 } as never)).toThrow(FreeAvatarError);
    expect(() => retargetFormulas('cat' as AvatarId)).toThrow(FreeAvatarError);
  });
});
