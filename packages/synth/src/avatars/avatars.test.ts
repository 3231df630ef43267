import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES } from '../blendshapes/arkit.js';
import { applyRig, assertRig } from './apply-rig.js';
import { AVATARS, avatarIds, getAvatar } from './registry.js';
import { AVATAR_IDS, type AvatarId } from './types.js';

const EXPECTED_CONTROLS: Record<AvatarId, number> = { human: 52, toon: 21, robot: 12 };

describe('avatar registry', () => {
  it('lists three avatars with rigs of different sizes and semantics', () => {
    expect(avatarIds()).toEqual(['human', 'toon', 'robot']);
    for (const id of AVATAR_IDS) {
      const info = AVATARS[id];
      expect(info.id).toBe(id);
      expect(info.rig.length).toBe(EXPECTED_CONTROLS[id]);
      const names = info.rig.map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      for (const c of info.rig) {
        expect(c.name).toMatch(/^[a-z][A-Za-z]+$/);
        expect(c.description.length).toBeGreaterThan(10);
        expect(info.retargeting[c.name]).toBeDefined();
      }
    }
    expect(AVATARS.human.rig.map((c) => c.name)).toEqual(ARKIT_BLENDSHAPE_NAMES);
    const arkit = new Set<string>(ARKIT_BLENDSHAPE_NAMES);
    expect(AVATARS.toon.rig.filter((c) => arkit.has(c.name))).toEqual([]);
    expect(AVATARS.robot.rig.filter((c) => arkit.has(c.name))).toEqual([]);
  });

  it('builds each avatar once and shares it', () => {
    expect(getAvatar('robot')).toBe(getAvatar('robot'));
  });

  it('rejects unknown ids, naming the known ones', () => {
    expect(() => getAvatar('alien' as AvatarId)).toThrow(FreeAvatarError);
    expect(() => getAvatar('alien' as AvatarId)).toThrow(/human, toon, robot/);
  });
});

describe.each(AVATAR_IDS)('avatar %s', (id) => {
  const avatar = getAvatar(id);
  const vertexCount = avatar.mesh.positions.length / 3;

  it('has a valid mesh with vertex colours, normals and parts covering it', () => {
    const { positions, indices, colors, normals } = avatar.mesh;
    expect(colors.length).toBe(positions.length);
    expect(normals.length).toBe(positions.length);
    expect(indices.length % 3).toBe(0);
    expect(positions.every(Number.isFinite)).toBe(true);
    expect(colors.every((c) => c >= 0 && c <= 1)).toBe(true);
    expect(Math.max(...indices)).toBeLessThan(vertexCount);
    let unit = true;
    for (let i = 0; i < normals.length; i += 3)
      if (Math.abs(Math.hypot(normals[i], normals[i + 1], normals[i + 2]) - 1) > 1e-3) unit = false;
    expect(unit, 'every normal has unit length (glTF requires it)').toBe(true);
    const last = avatar.parts[avatar.parts.length - 1];
    expect(last.firstVertex + last.vertexCount).toBe(vertexCount);
    expect(last.firstIndex + last.indexCount).toBe(indices.length);
    for (const part of avatar.parts) {
      for (let i = part.firstIndex; i < part.firstIndex + part.indexCount; i++) {
        const v = indices[i];
        if (v < part.firstVertex || v >= part.firstVertex + part.vertexCount)
          throw new Error(`part ${part.name} uses vertex ${v} outside its range`);
      }
    }
  });

  it('has one morph target per rig control, named after it, that moves some vertices', () => {
    expect(avatar.morphTargets.map((t) => t.name)).toEqual(avatar.rig.map((c) => c.name));
    for (const target of avatar.morphTargets) {
      expect(target.deltas.length).toBe(target.vertices.length * 3);
      let largest = 0;
      let ordered = true;
      for (let k = 0; k < target.vertices.length; k++) {
        if (target.vertices[k] >= vertexCount) ordered = false;
        if (k > 0 && target.vertices[k] <= target.vertices[k - 1]) ordered = false;
        largest = Math.max(
          largest,
          Math.hypot(target.deltas[3 * k], target.deltas[3 * k + 1], target.deltas[3 * k + 2]),
        );
      }
      expect(ordered, `${target.name} vertices ascending and in range`).toBe(true);
      // Every control visibly moves something: at least 1 mm somewhere.
      expect(largest, target.name).toBeGreaterThan(0.1);
    }
  });

  it('poses linearly: neutral at zero, base plus the weighted deltas otherwise', () => {
    const rig = new Float32Array(avatar.rig.length);
    expect(applyRig(avatar, rig).positions).toEqual(avatar.mesh.positions);
    const c = avatar.rig.length - 1;
    rig[c] = 0.5;
    const posed = applyRig(avatar, rig).positions;
    const target = avatar.morphTargets[c];
    const v = target.vertices[0];
    expect(posed[3 * v + 1]).toBeCloseTo(
      avatar.mesh.positions[3 * v + 1] + 0.5 * target.deltas[1],
      5,
    );
    const out = new Float32Array(avatar.mesh.positions.length);
    expect(applyRig(avatar, rig, out).positions).toBe(out);
    expect(out).toEqual(posed);
  });

  it('frames the head in front view', () => {
    expect(avatar.view.radius).toBeGreaterThan(5);
    expect(avatar.view.radius).toBeLessThan(20);
  });
});

describe('applyRig input checks', () => {
  const robot = getAvatar('robot');
  it('throws on a wrong length, a non-finite value or a wrong out buffer', () => {
    expect(() => applyRig(robot, new Float32Array(11))).toThrow(/must have 12 values/);
    const bad = new Float32Array(12);
    bad[3] = NaN;
    expect(() => applyRig(robot, bad)).toThrow(/rig\[3\] \(eyesAngry\)/);
    expect(() => applyRig(robot, new Float32Array(12), new Float32Array(5))).toThrow(
      FreeAvatarError,
    );
    expect(() => assertRig(robot, null as unknown as number[])).toThrow(FreeAvatarError);
  });
});

describe('rig functions on bad input', () => {
  it('name the avatar', () => {
    expect(() => assertRig(null as never, [])).toThrow(/avatar must be an object, got null/);
    expect(() => applyRig({} as never, [])).toThrow(/avatar\.rig must be an array/);
    expect(() => applyRig({ rig: [] } as never, [])).toThrow(/avatar must be an Avatar/);
  });
});
