import type { TriangleMesh } from '../mesh-types.js';
import type { RgbColor, SurfaceMaterial } from '../raster/types.js';

/**
 * The ids of the shipped avatars: `human` (realistic, ARKit-52 rig), `toon` (stylised cartoon,
 * 21 controls) and `robot` (non-human, 12 controls).
 *
 * @example
 * ```ts
 * import { AVATAR_IDS } from '@freeavatar/synth';
 * console.log(AVATAR_IDS); // ['human', 'toon', 'robot']
 * ```
 */
export const AVATAR_IDS = ['human', 'toon', 'robot'] as const;

/**
 * One of {@link AVATAR_IDS}.
 *
 * @example
 * ```ts
 * const id: AvatarId = 'robot';
 * ```
 */
export type AvatarId = (typeof AVATAR_IDS)[number];

/**
 * One control of an avatar's rig: its name (also the name of its morph target) and what it does,
 * in one line.
 *
 * @example
 * ```ts
 * const control: RigControl = { name: 'blink', description: 'Closes both eyes together.' };
 * ```
 */
export interface RigControl {
  readonly name: string;
  readonly description: string;
}

/**
 * A morph target stored sparsely: the vertices it moves and their displacement at weight 1.
 *
 * @example
 * ```ts
 * const avatar = getAvatar('human');
 * const { name, vertices, deltas } = avatar.morphTargets[0];
 * console.log(name, vertices.length, 'vertices move; first by', deltas.subarray(0, 3));
 * ```
 */
export interface MorphTarget {
  /** The rig control it belongs to. */
  readonly name: string;
  /** Indices of the moved vertices, ascending. */
  readonly vertices: Uint32Array;
  /** x y z displacement per moved vertex (same order as `vertices`). */
  readonly deltas: Float32Array;
}

/**
 * A named range of an avatar's mesh with its own surface material (eyes are glossy, skin is
 * soft, ...). Triangles of a part only use vertices of that part.
 *
 * @example
 * ```ts
 * const avatar = getAvatar('robot');
 * for (const part of avatar.parts) console.log(part.name, part.vertexCount, part.indexCount / 3);
 * ```
 */
export interface AvatarPart {
  readonly name: string;
  readonly material: Readonly<SurfaceMaterial>;
  readonly firstVertex: number;
  readonly vertexCount: number;
  /** Offset into `mesh.indices`. */
  readonly firstIndex: number;
  readonly indexCount: number;
}

/**
 * A built avatar: its neutral mesh with vertex colours and normals, its parts, one morph target
 * per rig control (same order as `rig`), and how it is framed for rendering. Avatars returned by
 * `getAvatar` are shared: never modify their arrays.
 *
 * @example
 * ```ts
 * import { getAvatar } from '@freeavatar/synth';
 * const toon = getAvatar('toon');
 * console.log(toon.rig.map((c) => c.name).join(', '));
 * ```
 */
export interface Avatar {
  readonly id: AvatarId;
  /** A display name. */
  readonly name: string;
  /** One line about the look and the rig. */
  readonly description: string;
  /** The rig controls, in rig-vector order. */
  readonly rig: readonly RigControl[];
  /** The neutral mesh (all rig controls at 0). */
  readonly mesh: TriangleMesh & { readonly normals: Float32Array };
  readonly parts: readonly AvatarPart[];
  /** One per rig control, in rig order, named after the control. */
  readonly morphTargets: readonly MorphTarget[];
  /** Front-view framing: the point the camera looks at and the radius it must show (cm). */
  readonly view: { readonly center: readonly [number, number, number]; readonly radius: number };
  /** Background colour of renders. */
  readonly background: RgbColor;
}
