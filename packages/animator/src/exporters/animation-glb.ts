import { assertArgument } from '@freeavatar/core';
import { AVATAR_IDS, exportAvatarGlb, getAvatar, type AvatarId } from '@freeavatar/synth';
import { assertAnimationTrack, resampleTrack, type AnimationTrack } from './animation-track.js';

/**
 * Options of {@link toAnimationGlb}.
 *
 * @example
 * ```ts
 * declare const track: AnimationTrack;
 * const glb = await toAnimationGlb(track, { name: 'take-3' } satisfies AnimationGlbOptions);
 * ```
 */
export interface AnimationGlbOptions {
  /** Name of the glTF animation; default `'performance'`. */
  name?: string;
}

/**
 * Writes a track as a binary glTF (GLB) of its avatar, one of the shipped avatars (`human`,
 * `toon`, `robot`): the avatar's mesh with one morph target per rig control, and a linear
 * morph-weight animation. The track is first resampled to a uniform grid at its `fps` (see
 * {@link resampleTrack}); keyframe `i` sits at `i / fps` seconds. In glTF one `weights` channel on
 * the avatar's node drives all its morph targets: its sampler holds, per keyframe, one weight per
 * morph target in rig order. three.js, Blender and Babylon.js play it as it is.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an avatar that is not shipped, a track whose
 *   controls are not that avatar's rig controls, or a track without frames.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * declare const toonTrack: AnimationTrack;
 * await writeFile('toon.glb', await toAnimationGlb(toonTrack));
 * ```
 */
export async function toAnimationGlb(
  track: AnimationTrack,
  options: AnimationGlbOptions = {},
): Promise<Uint8Array> {
  assertAnimationTrack(track);
  assertArgument(
    (AVATAR_IDS as readonly string[]).includes(track.avatar),
    `GLB export needs a shipped avatar (${AVATAR_IDS.join(', ')}), got '${track.avatar}'`,
  );
  assertArgument(track.frames.length > 0, `track for '${track.avatar}' has no frames to animate`);
  const avatar = getAvatar(track.avatar as AvatarId);
  const index = new Map(track.controls.map((name, c) => [name, c]));
  const missing = avatar.rig.filter((control) => !index.has(control.name)).map((c) => c.name);
  const extra = track.controls.filter((name) => !avatar.rig.some((c) => c.name === name));
  assertArgument(
    missing.length === 0 && extra.length === 0,
    `track controls do not match avatar '${avatar.id}''s rig` +
      `${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}` +
      `${extra.length > 0 ? `; unknown ${extra.join(', ')}` : ''}`,
  );
  const order = avatar.rig.map((control) => index.get(control.name) as number);
  const uniform = resampleTrack(track);
  const frames = uniform.frames.map((frame) => Float32Array.from(order, (c) => frame.values[c]));
  return exportAvatarGlb(avatar, {
    animation: { fps: track.fps, frames, name: options.name ?? 'performance' },
    weights: frames[0],
  });
}
