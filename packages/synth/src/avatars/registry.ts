import { assertArgument } from '@freeavatar/core';
import { toWeightVector, type BlendshapeWeights } from '../blendshapes/arkit.js';
import { HUMAN_INFO, HUMAN_RETARGET, HUMAN_RIG, buildHumanAvatar } from './human.js';
import type { RetargetTerm } from './retarget-terms.js';
import { ROBOT_INFO, buildRobotAvatar } from './robot.js';
import { ROBOT_RETARGET, ROBOT_RIG } from './robot-rig.js';
import { TOON_RETARGET, TOON_RIG } from './toon-rig.js';
import { TOON_INFO, buildToonAvatar } from './toon.js';
import { AVATAR_IDS, type Avatar, type AvatarId, type RigControl } from './types.js';

/**
 * What the registry knows of an avatar before it is built.
 *
 * @example
 * ```ts
 * import { AVATARS } from '@freeavatar/synth';
 * const info: AvatarInfo = AVATARS.robot;
 * console.log(info.name, info.rig.length, info.retargeting.jawDrop.formula);
 * ```
 */
export interface AvatarInfo {
  readonly id: AvatarId;
  readonly name: string;
  /** One line about the look and the rig. */
  readonly description: string;
  /** Rig controls in rig-vector order. */
  readonly rig: readonly RigControl[];
  /** Ground-truth ARKit → rig formula per control (clamped to [0, 1] after evaluation). */
  readonly retargeting: Readonly<Record<string, RetargetTerm>>;
  /** Builds the avatar's mesh and morph targets (prefer the cached {@link getAvatar}). */
  build(): Avatar;
}

/**
 * The shipped avatars by id, with their rigs and ground-truth retargeting maps. Building the
 * meshes is deferred to {@link getAvatar}.
 *
 * @example
 * ```ts
 * import { AVATARS } from '@freeavatar/synth';
 * for (const a of Object.values(AVATARS)) console.log(a.id, a.rig.length, 'controls');
 * ```
 */
export const AVATARS: Readonly<Record<AvatarId, AvatarInfo>> = Object.freeze({
  human: Object.freeze({
    ...HUMAN_INFO,
    rig: HUMAN_RIG,
    retargeting: HUMAN_RETARGET,
    build: buildHumanAvatar,
  }),
  toon: Object.freeze({
    ...TOON_INFO,
    rig: TOON_RIG,
    retargeting: TOON_RETARGET,
    build: buildToonAvatar,
  }),
  robot: Object.freeze({
    ...ROBOT_INFO,
    rig: ROBOT_RIG,
    retargeting: ROBOT_RETARGET,
    build: buildRobotAvatar,
  }),
});

/**
 * The ids of the shipped avatars, in registry order.
 *
 * @example
 * ```ts
 * import { avatarIds } from '@freeavatar/synth';
 * console.log(avatarIds()); // ['human', 'toon', 'robot']
 * ```
 */
export function avatarIds(): AvatarId[] {
  return [...AVATAR_IDS];
}

/** Throws unless `id` names a shipped avatar. */
function assertAvatarId(id: unknown): asserts id is AvatarId {
  assertArgument(
    typeof id === 'string' && (AVATAR_IDS as readonly string[]).includes(id),
    `unknown avatar '${String(id)}'; expected one of ${AVATAR_IDS.join(', ')}`,
  );
}

const built = new Map<AvatarId, Avatar>();

/**
 * The avatar with this id, built on first use and then shared (its arrays must not be
 * modified). The human takes about a second to build, the others tens of milliseconds.
 *
 * @throws FreeAvatarError for an unknown id.
 * @example
 * ```ts
 * import { getAvatar } from '@freeavatar/synth';
 * const robot = getAvatar('robot');
 * console.log(robot.rig.length, robot.mesh.positions.length / 3);
 * ```
 */
export function getAvatar(id: AvatarId): Avatar {
  assertAvatarId(id);
  let avatar = built.get(id);
  if (!avatar) {
    avatar = AVATARS[id].build();
    built.set(id, avatar);
  }
  return avatar;
}

/**
 * Maps ARKit-52 weights to an avatar's rig with its documented ground-truth map (each control a
 * formula over ARKit weights, then clamped to [0, 1]). Used to make paired training data and
 * evaluation targets, not to animate.
 *
 * @param arkitWeights - a Float32Array(52) in ARKit order or a record by ARKit name.
 * @throws FreeAvatarError for an unknown avatar or malformed weights.
 * @example
 * ```ts
 * import { retarget, EMOTION_PROTOTYPES } from '@freeavatar/synth';
 * const rig = retarget('toon', EMOTION_PROTOTYPES.happy); // Float32Array(21)
 * ```
 */
export function retarget(avatarId: AvatarId, arkitWeights: BlendshapeWeights): Float32Array {
  assertAvatarId(avatarId);
  const w = toWeightVector(arkitWeights);
  const info = AVATARS[avatarId];
  const out = new Float32Array(info.rig.length);
  info.rig.forEach((c, i) => {
    const value = info.retargeting[c.name].evaluate(w);
    out[i] = Math.min(1, Math.max(0, value));
  });
  return out;
}

/**
 * The retargeting formulas of an avatar as text, by control name, e.g.
 * `{ blink: 'min(eyeBlinkLeft, eyeBlinkRight)', ... }`; each is clamped to [0, 1].
 *
 * @throws FreeAvatarError for an unknown avatar.
 * @example
 * ```ts
 * import { retargetFormulas } from '@freeavatar/synth';
 * console.log(retargetFormulas('robot').jawDrop); // '(jawOpen)^0.75'
 * ```
 */
export function retargetFormulas(avatarId: AvatarId): Record<string, string> {
  assertAvatarId(avatarId);
  const info = AVATARS[avatarId];
  return Object.fromEntries(info.rig.map((c) => [c.name, info.retargeting[c.name].formula]));
}
