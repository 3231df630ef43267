import { assertArgument, assertArray, assertObject, describeValue } from '@freeavatar/core';
import type { TriangleMesh } from '../mesh-types.js';
import type { Avatar } from './types.js';

/**
 * Checks that `rig` is a vector of finite numbers with one value per control of `avatar`.
 *
 * @throws FreeAvatarError naming the avatar, the expected length and the first bad value.
 * @example
 * ```ts
 * assertRig(getAvatar('robot'), new Float32Array(12)); // passes
 * ```
 */
export function assertRig(avatar: Avatar, rig: ArrayLike<number>): void {
  assertObject(avatar as unknown, 'avatar');
  assertArray(avatar.rig, 'avatar.rig');
  assertArgument(
    rig !== null && typeof rig === 'object' && typeof rig.length === 'number',
    `rig must be an array of ${avatar.rig.length} numbers for avatar '${avatar.id}', got ${String(rig)}`,
  );
  assertArgument(
    rig.length === avatar.rig.length,
    `rig for avatar '${avatar.id}' must have ${avatar.rig.length} values (${avatar.rig
      .slice(0, 3)
      .map((c) => c.name)
      .join(', ')}, ...), got ${rig.length}`,
  );
  for (let i = 0; i < rig.length; i++) {
    assertArgument(
      Number.isFinite(rig[i]),
      `rig[${i}] (${avatar.rig[i].name}) must be a finite number, got ${rig[i]}`,
    );
  }
}

/**
 * Poses an avatar: its neutral positions plus each morph target times its rig value (the same
 * linear blend glTF viewers apply). Rig values are meant to lie in [0, 1]; others extrapolate.
 * `indices` and `colors` are the avatar's own arrays (shared, do not modify); `positions` is
 * `out` when given (length = vertices × 3), else a new array.
 *
 * @throws FreeAvatarError for a rig of the wrong length, a non-finite value or a wrong `out`.
 * @example
 * ```ts
 * import { applyRig, getAvatar, retarget } from '@freeavatar/synth';
 * const toon = getAvatar('toon');
 * const mesh = applyRig(toon, retarget('toon', { jawOpen: 0.6, eyeBlinkLeft: 1 }));
 * console.log(mesh.positions.length / 3, 'vertices');
 * ```
 */
export function applyRig(avatar: Avatar, rig: ArrayLike<number>, out?: Float32Array): TriangleMesh {
  assertRig(avatar, rig);
  assertArgument(
    avatar.mesh?.positions instanceof Float32Array &&
      avatar.morphTargets?.length === avatar.rig.length,
    `avatar must be an Avatar with a mesh and morph targets (see getAvatar), got ${describeValue(avatar)}`,
  );
  const base = avatar.mesh.positions;
  if (out !== undefined) {
    assertArgument(
      out instanceof Float32Array && out.length === base.length,
      `out must be a Float32Array of length ${base.length}, got ${out?.length}`,
    );
  }
  const positions = out ?? new Float32Array(base.length);
  positions.set(base);
  for (let c = 0; c < rig.length; c++) {
    const w = rig[c];
    if (w === 0) continue;
    const { vertices, deltas } = avatar.morphTargets[c];
    for (let k = 0; k < vertices.length; k++) {
      const v = vertices[k] * 3;
      positions[v] += w * deltas[3 * k];
      positions[v + 1] += w * deltas[3 * k + 1];
      positions[v + 2] += w * deltas[3 * k + 2];
    }
  }
  return { positions, indices: avatar.mesh.indices, colors: avatar.mesh.colors };
}
