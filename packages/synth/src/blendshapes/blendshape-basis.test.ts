import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { getDefaultFaceModel } from '../face/face-model.js';
import { FACE_LANDMARKS } from '../face/landmarks.js';
import { graphDistances } from '../face/mesh-topology.js';
import { applyBlendshapes } from './apply-blendshapes.js';
import { createBlendshapeBasis } from './blendshape-basis.js';
import { ARKIT_BLENDSHAPES, ARKIT_BLENDSHAPE_NAMES, toWeightVector } from './arkit.js';
import { eyeRotations } from './rig.js';

const { template, blendshapes } = getDefaultFaceModel();
const n = 468;
const x = (v: number): number => template.positions[3 * v];
const y = (v: number): number => template.positions[3 * v + 1];
const size = (d: Float32Array, v: number): number =>
  Math.hypot(d[3 * v], d[3 * v + 1], d[3 * v + 2]);
const L = FACE_LANDMARKS;
const near = (sources: readonly number[], radius: number): Set<number> => {
  const dist = graphDistances(template.adjacency, sources);
  return new Set([...dist.keys()].filter((v) => dist[v] < radius));
};
const all = [...Array(n).keys()];

// Where each region's shapes may move vertices ("Left" means the subject's left, which is +x).
const eyeLeft = near(template.loops.eyeLeft, 1.8);
const eyeRight = near(template.loops.eyeRight, 1.8);
const browZone = near(
  [...L.browLeftUpper, ...L.browLeftLower, ...L.browRightUpper, ...L.browRightLower],
  3.2,
);
const noseZone = near([1, 4, 5, 195, 197, 6, 168, ...L.noseLeftAla, ...L.noseRightAla], 3.0);
const noseBaseY = y(2);
const lowerFace = new Set(all.filter((v) => y(v) < noseBaseY + 0.6));
const cheekZone = new Set(
  all.filter(
    (v) =>
      y(v) < y(33) - 0.3 &&
      !template.loops.eyeLeft.includes(v) &&
      !template.loops.eyeRight.includes(v),
  ),
);
const jawZone = new Set(all.filter((v) => template.jawWeight[v] > 0));
const lipsUpperLeft = L.lipsUpperInner.filter((v) => x(v) > 0.5);

function allowedZone(region: string, side: string): Set<number> {
  switch (region) {
    case 'eye':
      return side === 'left' ? eyeLeft : eyeRight;
    case 'brow':
      return browZone;
    case 'nose':
      return noseZone;
    case 'cheek':
      return cheekZone;
    case 'jaw':
      return jawZone;
    default:
      return lowerFace; // mouth and tongue
  }
}

describe('blendshape fields', () => {
  it('each shape moves only the region it names', () => {
    for (const { name, region, side } of ARKIT_BLENDSHAPES) {
      const d = blendshapes.displacement(name);
      const zone = allowedZone(region, side);
      const outside = all.filter((v) => !zone.has(v)).reduce((m, v) => Math.max(m, size(d, v)), 0);
      expect(outside, `${name} moves vertices outside its ${region} region`).toBeLessThan(1e-4);
      const inside = all.reduce((m, v) => Math.max(m, size(d, v)), 0);
      if (/^eyeLook(In|Out)/.test(name)) expect(inside, `${name} only turns the eye`).toBe(0);
      else expect(inside, `${name} moves its region`).toBeGreaterThan(0.1);
    }
  });

  it("Left shapes move the subject's left (+x) only; Right shapes the right (−x)", () => {
    for (const { name, region, side } of ARKIT_BLENDSHAPES) {
      if (side === 'both') continue;
      const d = blendshapes.displacement(name);
      // Mouth shapes may pull the lip centre a little; eyes, brows, cheeks and nose stay on their side.
      const margin = region === 'mouth' ? 1.05 : 0;
      const otherSide = all.filter((v) => (side === 'left' ? x(v) < -margin : x(v) > margin));
      const moved = otherSide.reduce((m, v) => Math.max(m, size(d, v)), 0);
      expect(moved, `${name} moves the other side`).toBeLessThan(1e-4);
    }
  });

  it('eyeBlinkLeft closes the left lids: upper lid margin comes down to the lower one', () => {
    const closed = applyBlendshapes({ eyeBlinkLeft: 1 });
    const upper = L.eyeLeftUpper.slice(1, -1);
    const lower = L.eyeLeftLower.slice(1, -1);
    upper.forEach((u, i) => {
      const gap = closed[3 * u + 1] - closed[3 * lower[i] + 1];
      expect(Math.abs(gap)).toBeLessThan(0.01);
      expect(y(u) - y(lower[i])).toBeGreaterThan(0.2); // open at rest
    });
    const right = L.eyeRightUpper.slice(1, -1);
    right.forEach((u) => expect(closed[3 * u + 1]).toBe(template.positions[3 * u + 1]));
  });

  it('Right shapes are the mirror images of Left shapes', () => {
    for (const name of ARKIT_BLENDSHAPE_NAMES.filter((s) => s.endsWith('Left'))) {
      const left = blendshapes.displacement(name);
      const right = blendshapes.displacement(`${name.slice(0, -4)}Right`);
      for (let v = 0; v < n; v++) {
        const m = template.mirror[v];
        expect(right[3 * m]).toBeCloseTo(-left[3 * v], 5);
        expect(right[3 * m + 1]).toBeCloseTo(left[3 * v + 1], 5);
        expect(right[3 * m + 2]).toBeCloseTo(left[3 * v + 2], 5);
      }
    }
  });

  it('direction checks: smiles lift the corners, jawOpen drops the chin, pucker pushes the lips forward', () => {
    const dy = (name: string, v: number): number => blendshapes.displacement(name)[3 * v + 1];
    const dz = (name: string, v: number): number => blendshapes.displacement(name)[3 * v + 2];
    expect(dy('mouthSmileLeft', 291)).toBeGreaterThan(0.4);
    expect(dy('mouthFrownLeft', 291)).toBeLessThan(-0.3);
    expect(dy('jawOpen', 152)).toBeLessThan(-1.8);
    expect(dy('jawOpen', 14)).toBeLessThan(-2.2); // the lower lip drops
    expect(Math.abs(dz('jawOpen', 14))).toBeLessThan(0.5); // rather than swinging back
    expect(dz('mouthPucker', 0)).toBeGreaterThan(0.3);
    expect(dy('browInnerUp', 336)).toBeGreaterThan(0.3);
    expect(dy('browDownLeft', 336)).toBeLessThan(-0.3);
    expect(dy('mouthUpperUpLeft', lipsUpperLeft[1])).toBeGreaterThan(0.2);
  });

  it('eye-look shapes turn the named eye the named way', () => {
    const rot = (name: string): ReturnType<typeof eyeRotations> =>
      eyeRotations(toWeightVector({ [name]: 1 }));
    expect(rot('eyeLookOutLeft').left.yaw).toBeGreaterThan(0.4); // towards +x, away from the nose
    expect(rot('eyeLookInLeft').left.yaw).toBeLessThan(-0.4);
    expect(rot('eyeLookOutRight').right.yaw).toBeLessThan(-0.4);
    expect(rot('eyeLookInRight').right.yaw).toBeGreaterThan(0.4);
    expect(rot('eyeLookUpLeft').left.pitch).toBeGreaterThan(0.3);
    expect(rot('eyeLookDownRight').right.pitch).toBeLessThan(-0.3);
    expect(rot('eyeLookUpLeft').right.pitch).toBe(0);
  });
});

describe('applyBlendshapes', () => {
  it('is linear in the weights and takes records or vectors', () => {
    const a = applyBlendshapes({ jawOpen: 0.3, mouthSmileLeft: 0.5 });
    const b = applyBlendshapes(toWeightVector({ jawOpen: 0.3, mouthSmileLeft: 0.5 }));
    expect(Array.from(a)).toEqual(Array.from(b));
    const j = blendshapes.displacement('jawOpen');
    const s = blendshapes.displacement('mouthSmileLeft');
    for (let i = 0; i < a.length; i++)
      expect(a[i]).toBeCloseTo(template.positions[i] + 0.3 * j[i] + 0.5 * s[i], 5);
  });

  it('returns the neutral template for zero weights and writes into `out` when given', () => {
    const out = new Float32Array(n * 3);
    const result = applyBlendshapes({}, { out });
    expect(result).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(template.positions));
  });

  it('stores each field sparsely', () => {
    const total = blendshapes.shapes.reduce((s, f) => s + f.vertices.length, 0);
    expect(total).toBeLessThan(52 * n * 0.5);
    expect(blendshapes.shapes.every((f) => f.deltas.length === 3 * f.vertices.length)).toBe(true);
  });

  it('rejects wrong input with a FreeAvatarError', () => {
    expect(() => applyBlendshapes(new Float32Array(10))).toThrow(FreeAvatarError);
    expect(() => applyBlendshapes({}, { base: new Float32Array(5) })).toThrow(
      /base must have length 1404/,
    );
    expect(() => blendshapes.displacement(52)).toThrow(FreeAvatarError);
  });
});

describe('createBlendshapeBasis on bad input', () => {
  it('names the template', () => {
    expect(() => createBlendshapeBasis(null as never)).toThrow(/template must be a FaceTemplate/);
    expect(() => createBlendshapeBasis({} as never)).toThrow(/template\.positions must be/);
  });
});
