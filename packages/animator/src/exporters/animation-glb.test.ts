import { WebIO } from '@gltf-transform/core';
import { AVATARS } from '@freeavatar/synth';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, randomTrack } from '../test-utils/tracks.js';
import { toAnimationGlb } from './animation-glb.js';

describe('toAnimationGlb', () => {
  it('writes a morph-weight animation over every morph target of the avatar', async () => {
    const track = randomTrack('toon', 4, 10, 5);
    // Controls in reverse order: the exporter maps them back to rig order by name.
    const reversed = {
      ...track,
      controls: [...track.controls].reverse(),
      frames: track.frames.map((f) => ({ ...f, values: f.values.slice().reverse() })),
    };
    const doc = await new WebIO().readBinary(await toAnimationGlb(reversed, { name: 'take' }));
    const root = doc.getRoot();
    const mesh = root.listMeshes()[0];
    const targets = mesh
      .listPrimitives()[0]
      .listTargets()
      .map((t) => t.getName());
    const rig = AVATARS.toon.rig.map((c) => c.name);
    expect(targets).toEqual(rig);
    const [animation] = root.listAnimations();
    expect(animation.getName()).toBe('take');
    // glTF drives all morph targets of a node with one `weights` channel.
    const channels = animation.listChannels();
    expect(channels).toHaveLength(1);
    expect(channels[0].getTargetPath()).toBe('weights');
    expect(channels[0].getTargetNode()?.getMesh()).toBe(mesh);
    const sampler = channels[0].getSampler()!;
    const times = Array.from(sampler.getInput()!.getArray() as Float32Array);
    expect(times.map((t) => Number(t.toFixed(6)))).toEqual([0, 0.1, 0.2, 0.3]);
    const output = sampler.getOutput()!.getArray()!;
    // One weight per morph target per keyframe, in morph-target order.
    expect(output.length).toBe(4 * rig.length);
    for (let f = 0; f < 4; f++) {
      expect(
        maxAbsDiff(output.slice(f * rig.length, (f + 1) * rig.length), track.frames[f].values),
      ).toBeLessThan(1e-7);
    }
  });

  it('refuses custom avatars, mismatched controls and empty tracks', async () => {
    const robot = randomTrack('robot', 2, 30, 1);
    await expect(toAnimationGlb({ ...robot, avatar: 'dragon' })).rejects.toThrow(
      /needs a shipped avatar \(human, toon, robot\), got 'dragon'/,
    );
    await expect(
      toAnimationGlb({
        ...robot,
        controls: ['nope', ...robot.controls.slice(1)],
      }),
    ).rejects.toThrow(new RegExp(`missing ${robot.controls[0]}; unknown nope`));
    await expect(toAnimationGlb({ ...robot, frames: [] })).rejects.toThrow(/has no frames/);
  });
});
