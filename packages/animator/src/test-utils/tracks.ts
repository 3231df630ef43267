import { createRng } from '@freeavatar/core';
import { AVATARS, type AvatarId } from '@freeavatar/synth';
import type { AnimationTrack } from '../exporters/animation-track.js';

/** A seeded track for a shipped avatar: `n` frames at `fps`, values in 0–1, every 4th frame faceless. */
export function randomTrack(
  avatar: AvatarId,
  n: number,
  fps: number,
  seed: number,
): AnimationTrack {
  const rng = createRng(seed);
  const controls = AVATARS[avatar].rig.map((c) => c.name);
  return {
    fps,
    avatar,
    controls,
    frames: Array.from({ length: n }, (_, f) => ({
      timeMs: (f * 1000) / fps,
      values: Float32Array.from(controls, () => rng.next()),
      face: f % 4 !== 3,
    })),
  };
}

/** Max absolute difference between two arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
