import { FreeAvatarError } from '@freeavatar/core';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EMOTION_PROTOTYPES } from '../expressions/prototypes.js';
import { projectPoints } from '../raster/camera.js';
import { createAvatarRenderer } from './avatar-renderer.js';
import { getAvatar, retarget } from './registry.js';
import { AVATAR_IDS } from './types.js';

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

describe('createAvatarRenderer', () => {
  const renderer = createAvatarRenderer({ size: 64 });

  it.each(AVATAR_IDS)('renders %s deterministically, and expressions change the picture', (id) => {
    const neutral = retarget(id, {});
    const a = renderer.render(id, neutral);
    const b = createAvatarRenderer({ size: 64 }).render(getAvatar(id), neutral);
    expect(a.width).toBe(64);
    expect(a.data).toEqual(b.data);
    const surprised = renderer.render(id, retarget(id, EMOTION_PROTOTYPES.surprised));
    expect(meanAbsDiff(a.data, surprised.data)).toBeGreaterThan(0.5);
    // Rendering the neutral rig again gives the first picture back (no state leaks across poses).
    expect(renderer.render(id, neutral).data).toEqual(a.data);
  });

  it('keeps robot glyphs visible when blended targets turn them over', () => {
    const robot = getAvatar('robot');
    const names = robot.rig.map((c) => c.name);
    const rig = (pose: Record<string, number>): Float32Array =>
      Float32Array.from(names, (n) => pose[n] ?? 0);
    // Only rows above the LED mouth: the eye glyphs.
    const [, mouthRow] = projectPoints(
      new Float32Array([0, 0.3, 6]),
      renderer.camera(robot),
      renderer.size,
      renderer.size,
    );
    const glow = (data: Uint8Array): number => {
      let n = 0;
      for (let i = 0; i < Math.floor(mouthRow) * renderer.size * 3; i += 3)
        if (data[i + 2] > 170 && data[i + 1] > 170 && data[i] < 150) n++;
      return n;
    };
    const neutral = glow(renderer.render(robot, rig({})).data);
    const turned = glow(renderer.render(robot, rig({ eyesHappy: 1, eyesAngry: 1, blink: 1 })).data);
    expect(neutral).toBeGreaterThan(30);
    expect(turned).toBeGreaterThan(neutral * 0.1);
  });

  it('frames the avatar: its background shows at the corners and it covers the centre', () => {
    const avatar = getAvatar('toon');
    const image = renderer.render(avatar, new Float32Array(avatar.rig.length));
    const bg = avatar.background.map((c) => Math.round(c * 255));
    expect(Array.from(image.data.subarray(0, 3))).toEqual(bg);
    const centre = (32 * 64 + 32) * 3;
    expect(Array.from(image.data.subarray(centre, centre + 3))).not.toEqual(bg);
  });

  it('does not grow its buffers across renders', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const rig = retarget('robot', EMOTION_PROTOTYPES.happy);
    for (let i = 0; i < 5; i++) renderer.render('robot', rig);
    gc();
    const before = process.memoryUsage().arrayBuffers;
    // Keep every output alive so the measure does not depend on when the collector runs: the
    // growth must be the 200 output images and little more. Per-render scratch buffers (the
    // supersampled colour and depth planes are several times an image) would show on top.
    const outputs: ReturnType<typeof renderer.render>[] = [];
    for (let i = 0; i < 200; i++)
      outputs.push(renderer.render('robot', i % 2 ? rig : new Float32Array(12)));
    gc();
    const growth = process.memoryUsage().arrayBuffers - before;
    const outputBytes = outputs.reduce((sum, image) => sum + image.data.byteLength, 0);
    expect(outputBytes).toBe(200 * 64 * 64 * 3);
    expect(growth).toBeLessThan(outputBytes + 64 * 64 * 3 * 10);
  });

  it('gives each avatar a front camera', () => {
    const camera = renderer.camera('human');
    expect(camera.yaw ?? 0).toBe(0);
    expect(camera.distance).toBeGreaterThan(getAvatar('human').view.radius);
  });

  it('rejects bad sizes and rigs', () => {
    expect(() => createAvatarRenderer({ size: 4 })).toThrow(/size must be an integer in 8..2048/);
    expect(() => createAvatarRenderer({ size: 64, supersample: 9 })).toThrow(FreeAvatarError);
    expect(() => renderer.render('robot', new Float32Array(2))).toThrow(/must have 12 values/);
  });
});
