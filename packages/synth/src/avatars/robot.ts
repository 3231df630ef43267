/**
 * The robot avatar: a rounded-box head with a face screen, visor-eye glyphs, an LED mouth, a
 * hinged jaw and an antenna, rigged with the 12-control {@link ROBOT_RIG}.
 */
import { assembleAvatar, combineParts } from './avatar-builder.js';
import { robotBody, robotFace, robotHead, robotJaw } from './robot-parts.js';
import { ROBOT_RIG, type RobotControl } from './robot-rig.js';
import type { Avatar } from './types.js';

/** Id, name and description of the robot avatar. */
export const ROBOT_INFO = {
  id: 'robot',
  name: 'Robot',
  description: 'A robot with a screen face, visor eyes, a hinged jaw and an antenna; 12 controls.',
} as const;

/** Builds the robot avatar (tens of milliseconds). */
export function buildRobotAvatar(): Avatar {
  const parts = [...robotHead(), ...robotFace(), ...robotJaw(), ...robotBody()];
  return assembleAvatar(combineParts<RobotControl>(parts), {
    ...ROBOT_INFO,
    rig: ROBOT_RIG,
    background: [0.33, 0.3, 0.42],
    frameParts: ['head', 'jaw', 'earLeft', 'earRight', 'antennaTip'],
    frameScale: 1.04,
  });
}
