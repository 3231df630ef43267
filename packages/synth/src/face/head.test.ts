import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPEARANCE } from './appearance.js';
import {
  computeFaceNormals,
  computeVertexNormals,
  mergeFaceMesh,
  type MeshPart,
} from './face-mesh.js';
import { createHead } from './head.js';
import { FACE_LANDMARKS } from './landmarks.js';

const head = createHead();
const part = (parts: MeshPart[], name: string): MeshPart => {
  const found = parts.find((p) => p.name === name);
  if (!found) throw new Error(`no part ${name}`);
  return found;
};

/** Signed volume of a closed mesh: positive when its triangles face outwards. */
function signedVolume(mesh: MeshPart): number {
  const p = mesh.positions;
  let v = 0;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const [a, b, c] = [3 * mesh.indices[t], 3 * mesh.indices[t + 1], 3 * mesh.indices[t + 2]];
    v += p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]);
    v -= p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]);
    v += p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return v / 6;
}

function centroid(mesh: MeshPart): number[] {
  const c = [0, 0, 0];
  for (let i = 0; i < mesh.positions.length; i += 3)
    for (let k = 0; k < 3; k++) c[k] += mesh.positions[i + k];
  return c.map((x) => x / (mesh.positions.length / 3));
}

describe('createHead', () => {
  it('builds a head from parts whose arrays are consistent', () => {
    const { parts } = head.mesh();
    const names = parts.map((p) => p.name);
    for (const name of ['face', 'eyeLeft', 'eyeRight', 'mouthCavity', 'teethUpper', 'teethLower', 'tongue', 'brows', 'skull', 'earLeft', 'earRight', 'neck', 'hair']) {
      expect(names).toContain(name);
    }
    expect(names).not.toContain('glasses');
    for (const p of parts) {
      const count = p.positions.length / 3;
      expect(p.colors.length).toBe(p.positions.length);
      expect(p.indices.length % 3).toBe(0);
      expect(Math.max(...p.indices)).toBeLessThan(count);
      expect(p.positions.every(Number.isFinite)).toBe(true);
      expect(p.colors.every((c) => c >= 0 && c <= 1)).toBe(true);
    }
    const face = part(parts, 'face');
    expect(face.positions.length).toBe(468 * 3);
    expect(face.indices.length).toBe(852 * 3);
  }); // prettier-ignore

  it('winds closed parts outwards (positive signed volume)', () => {
    const { parts } = head.mesh();
    for (const name of ['eyeLeft', 'eyeRight', 'tongue', 'earLeft', 'earRight']) {
      expect(signedVolume(part(parts, name)), name).toBeGreaterThan(0);
    }
    // The head (skin + skull) is an open shell facing out: seen from outside, its volume is positive.
    const shell = mergeFaceMesh({
      parts: parts.filter((p) => p.name === 'face' || p.name === 'skull'),
    });
    expect(signedVolume({ ...shell, name: 'skull', material: parts[0].material })).toBeGreaterThan(
      1000,
    );
  });

  it('puts the eyeballs behind the lid openings and turns them with gaze', () => {
    const frame = head.evaluate({ eyeLookOutLeft: 1 });
    const { left, right } = frame.eyes;
    expect(left.center[0]).toBeGreaterThan(2);
    expect(right.center[0]).toBeLessThan(-2);
    expect(left.gaze[0]).toBeGreaterThan(0.4); // away from the nose, towards +x
    expect(right.gaze).toEqual([0, 0, 1]);
    const eye = part(frame.mesh.parts, 'eyeLeft');
    const neutralEye = part(head.mesh().parts, 'eyeLeft');
    // The pupil (first vertex, the front pole) moves towards +x; the eye turns rigidly about its centre.
    expect(eye.positions[0]).toBeGreaterThan(neutralEye.positions[0] + 0.5);
    expect(left.center).toEqual(head.evaluate().eyes.left.center);
    for (let i = 0; i < eye.positions.length; i += 3) {
      const d = Math.hypot(...[0, 1, 2].map((k) => eye.positions[i + k] - left.center[k]));
      expect(d).toBeCloseTo(left.radius, 4);
    }
  });

  it('closes the lids over the eyeball on a blink', () => {
    const frame = head.evaluate({ eyeBlinkLeft: 1 });
    const { center, radius } = frame.eyes.left;
    const face = part(frame.mesh.parts, 'face');
    for (const v of [...FACE_LANDMARKS.eyeLeftUpper, ...FACE_LANDMARKS.eyeLeftLower]) {
      const d = Math.hypot(...[0, 1, 2].map((k) => face.positions[3 * v + k] - center[k]));
      expect(d).toBeGreaterThanOrEqual(radius - 1e-3);
    }
  });

  it('moves the lower teeth, tongue and cavity floor with the jaw, not the upper teeth', () => {
    const rest = head.mesh().parts;
    const open = head.mesh({ jawOpen: 1 }).parts;
    const dy = (name: string): number =>
      centroid(part(open, name))[1] - centroid(part(rest, name))[1];
    expect(dy('teethUpper')).toBe(0);
    expect(dy('teethLower')).toBeLessThan(-1);
    expect(dy('tongue')).toBeLessThan(-0.8);
    expect(dy('mouthCavity')).toBeLessThan(-0.3);
  });

  it('sticks the tongue out past the lips on tongueOut', () => {
    const frame = head.evaluate({ tongueOut: 1 });
    const tongue = part(frame.mesh.parts, 'tongue');
    let tipZ = -Infinity;
    for (let i = 2; i < tongue.positions.length; i += 3) tipZ = Math.max(tipZ, tongue.positions[i]);
    expect(tipZ).toBeGreaterThan(frame.landmarks[3 * 14 + 2] + 0.5);
  });

  it('scales the whole head and returns fresh arrays on every call', () => {
    const big = createHead({ scale: 1.1 });
    const a = head.evaluate();
    const b = big.evaluate();
    expect(b.landmarks[3 * 4 + 2]).toBeCloseTo(a.landmarks[3 * 4 + 2] * 1.1, 4);
    const again = head.evaluate();
    a.mesh.parts[0].positions[0] = 1e6;
    expect(again.mesh.parts[0].positions[0]).not.toBe(1e6);
  });

  it('draws glasses and facial hair when the appearance asks for them', () => {
    const styled = createHead({
      appearance: {
        ...DEFAULT_APPEARANCE,
        glasses: { enabled: true, color: [0.1, 0.1, 0.1], shape: 'round' },
        facialHair: { style: 'beard', color: [0.1, 0.05, 0.02], density: 1 },
        hair: { ...DEFAULT_APPEARANCE.hair, style: 'bald' },
      },
    });
    const parts = styled.mesh().parts;
    expect(parts.map((p) => p.name)).toContain('glasses');
    expect(parts.map((p) => p.name)).not.toContain('hair');
    const chinColor = part(parts, 'face').colors[3 * 152];
    expect(chinColor).toBeLessThan(DEFAULT_APPEARANCE.skin[0] * 0.6);
  });

  it('rejects bad options with a FreeAvatarError naming the value', () => {
    expect(() => createHead({ shape: new Float32Array(10) })).toThrow(
      /shape must have length 1404/,
    );
    expect(() => createHead({ scale: 0 })).toThrow(FreeAvatarError);
    expect(() => createHead({ skull: [1, -1, 1] })).toThrow(/skull/);
    expect(() => head.evaluate(new Float32Array(3))).toThrow(/length 52/);
  });
});

describe('mesh utilities', () => {
  it('mergeFaceMesh concatenates parts and re-bases indices', () => {
    const face = head.mesh();
    const merged = mergeFaceMesh(face, { exclude: ['hair'] });
    const kept = face.parts.filter((p) => p.name !== 'hair');
    expect(merged.positions.length).toBe(kept.reduce((s, p) => s + p.positions.length, 0));
    expect(merged.indices.length).toBe(kept.reduce((s, p) => s + p.indices.length, 0));
    expect(Math.max(...merged.indices)).toBe(merged.positions.length / 3 - 1);
  });

  it('computeFaceNormals gives unit normals and one normal where skin meets skull', () => {
    const face = head.mesh();
    const normals = computeFaceNormals(face);
    const skinIndex = face.parts.findIndex((p) => p.name === 'face');
    const skullIndex = face.parts.findIndex((p) => p.name === 'skull');
    const outline = FACE_LANDMARKS.faceOval[5];
    const skull = face.parts[skullIndex];
    const skin = face.parts[skinIndex];
    let match = -1;
    for (let i = 0; i < skull.positions.length / 3; i++) {
      if ([0, 1, 2].every((k) => skull.positions[3 * i + k] === skin.positions[3 * outline + k]))
        match = i;
    }
    expect(match).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < 3; k++)
      expect(normals[skullIndex][3 * match + k]).toBeCloseTo(
        normals[skinIndex][3 * outline + k],
        6,
      );
    const plain = computeVertexNormals(skin);
    expect(Math.hypot(plain[0], plain[1], plain[2])).toBeCloseTo(1, 5);
    expect(() =>
      computeVertexNormals({ positions: new Float32Array(4), indices: new Uint32Array(3) }),
    ).toThrow(FreeAvatarError);
  });
});

describe('computeVertexNormals on bad input', () => {
  it('names the mesh', () => {
    expect(() => computeVertexNormals(null as never)).toThrow(/mesh must be an object, got null/);
    expect(() => computeVertexNormals({} as never)).toThrow(/mesh\.positions must be an array/);
  });
});
