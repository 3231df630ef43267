import { FreeAvatarError } from '@freeavatar/core';
import { NodeIO } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { exportAvatarGlb } from './gltf-export.js';
import { getAvatar, retarget } from './registry.js';
import { AVATAR_IDS } from './types.js';

describe('exportAvatarGlb', () => {
  it.each(AVATAR_IDS)(
    'round-trips %s through NodeIO with its morph targets and their names',
    async (id) => {
      const avatar = getAvatar(id);
      const bytes = await exportAvatarGlb(avatar);
      expect(bytes.byteLength).toBeLessThan(1024 * 1024);
      const doc = await new NodeIO().readBinary(bytes);
      const meshes = doc.getRoot().listMeshes();
      expect(meshes).toHaveLength(1);
      const names = avatar.rig.map((c) => c.name);
      expect(meshes[0].getExtras().targetNames).toEqual(names);
      expect(meshes[0].getWeights()).toEqual(new Array(names.length).fill(0));
      const [primitive] = meshes[0].listPrimitives();
      expect(primitive.listSemantics().sort()).toEqual(['COLOR_0', 'NORMAL', 'POSITION']);
      expect(primitive.getAttribute('POSITION')!.getArray()).toEqual(avatar.mesh.positions);
      expect(primitive.getIndices()!.getCount()).toBe(avatar.mesh.indices.length);
      const targets = primitive.listTargets();
      expect(targets.map((t) => t.getName())).toEqual(names);
      // Each target holds the avatar's deltas at its moved vertices and zeros elsewhere.
      targets.forEach((t, i) => {
        const dense = t.getAttribute('POSITION')!.getArray() as Float32Array;
        const { vertices, deltas } = avatar.morphTargets[i];
        const k = vertices.length >> 1;
        expect(dense[3 * vertices[k] + 1]).toBeCloseTo(deltas[3 * k + 1], 6);
        let moved = 0;
        for (let v = 0; v < dense.length / 3; v++)
          if (dense[3 * v] !== 0 || dense[3 * v + 1] !== 0 || dense[3 * v + 2] !== 0) moved++;
        expect(moved).toBeLessThanOrEqual(vertices.length);
        expect(moved).toBeGreaterThan(0);
      });
    },
  );

  it('adds a morph-weight animation with one track per morph target', async () => {
    const avatar = getAvatar('robot');
    const frames = [retarget('robot', {}), retarget('robot', { jawOpen: 1, eyeBlinkLeft: 1 })];
    frames.push(retarget('robot', { mouthSmileLeft: 0.7, mouthSmileRight: 0.7 }));
    const bytes = await exportAvatarGlb(avatar, { animation: { fps: 4, frames, name: 'talk' } });
    const doc = await new NodeIO().readBinary(bytes);
    const [animation] = doc.getRoot().listAnimations();
    expect(animation.getName()).toBe('talk');
    const channels = animation.listChannels();
    expect(channels).toHaveLength(1);
    expect(channels[0].getTargetPath()).toBe('weights');
    expect(channels[0].getTargetNode()!.getMesh()!.listPrimitives()[0].listTargets()).toHaveLength(
      12,
    );
    const sampler = channels[0].getSampler()!;
    expect(Array.from(sampler.getInput()!.getArray()!)).toEqual([0, 0.25, 0.5]);
    const output = sampler.getOutput()!.getArray() as Float32Array;
    expect(output.length).toBe(3 * 12);
    // Frame 1, control jawDrop (index 7), and frame 2, mouthSmile (index 8).
    expect(output[12 + 7]).toBeCloseTo(frames[1][7], 6);
    expect(output[24 + 8]).toBeCloseTo(frames[2][8], 6);
  });

  it('rejects bad animations and weights', async () => {
    const avatar = getAvatar('robot');
    await expect(exportAvatarGlb(avatar, { animation: { fps: 0, frames: [] } })).rejects.toThrow(
      /fps must be > 0/,
    );
    await expect(exportAvatarGlb(avatar, { animation: { fps: 30, frames: [] } })).rejects.toThrow(
      FreeAvatarError,
    );
    await expect(
      exportAvatarGlb(avatar, { animation: { fps: 30, frames: [new Float32Array(3)] } }),
    ).rejects.toThrow(/frames\[0\] must have 12 values/);
    await expect(exportAvatarGlb(avatar, { weights: [1] })).rejects.toThrow(FreeAvatarError);
  });
});
