import {
  arkit,
  both,
  excess,
  max,
  power,
  smoothstep,
  sum,
  type RetargetTerm,
} from './retarget-terms.js';

/**
 * The robot's rig: 12 controls that drive glyphs on its face screen, a hinged jaw and an
 * antenna. Eyes are merged (one `blink` for both), emotions are eye glyph shapes, the mouth is an
 * LED loop. Left and right are the robot's own.
 *
 * @example
 * ```ts
 * import { ROBOT_RIG } from '@freeavatar/synth';
 * console.log(ROBOT_RIG.map((c) => c.name).join(', '));
 * ```
 */
export const ROBOT_RIG = [
  { name: 'blink', description: 'Shrinks both visor eyes to a thin line.' },
  { name: 'eyesWide', description: 'Enlarges both visor eyes.' },
  { name: 'eyesHappy', description: 'Bends the visor eyes into upward arcs (^ ^).' },
  { name: 'eyesAngry', description: 'Slants the visor eyes down towards the middle.' },
  { name: 'eyesSad', description: 'Slants the visor eyes down towards the sides.' },
  { name: 'lookLeft', description: 'Slides both visor eyes to the left.' },
  { name: 'lookRight', description: 'Slides both visor eyes to the right.' },
  { name: 'jawDrop', description: 'Swings the hinged jaw open and opens the LED mouth.' },
  { name: 'mouthSmile', description: 'Curves the LED mouth up at the ends.' },
  { name: 'mouthFrown', description: 'Curves the LED mouth down at the ends.' },
  { name: 'mouthRound', description: 'Draws the LED mouth into a small ring.' },
  { name: 'antennaUp', description: 'Extends the antenna (alert, surprised).' },
] as const;

/**
 * A robot-rig control name.
 *
 * @example
 * ```ts
 * const control: RobotControl = 'antennaUp';
 * ```
 */
export type RobotControl = (typeof ROBOT_RIG)[number]['name'];

/**
 * Ground truth from ARKit-52 to the robot rig (each result clamped to [0, 1]). One-eye blinks
 * become a half blink of both eyes; brow and cheek motion becomes eye-glyph shapes; the jaw
 * opens on a power curve; the antenna rises with a soft threshold on surprise.
 */
export const ROBOT_RETARGET: Readonly<Record<RobotControl, RetargetTerm>> = Object.freeze({
  blink: both('eyeBlinkLeft', 'eyeBlinkRight'),
  eyesWide: both('eyeWideLeft', 'eyeWideRight'),
  eyesHappy: sum(
    [0.8, both('mouthSmileLeft', 'mouthSmileRight')],
    [0.5, both('cheekSquintLeft', 'cheekSquintRight')],
  ),
  eyesAngry: both('browDownLeft', 'browDownRight'),
  eyesSad: excess(arkit('browInnerUp'), both('browOuterUpLeft', 'browOuterUpRight')),
  lookLeft: both('eyeLookOutLeft', 'eyeLookInRight'),
  lookRight: both('eyeLookInLeft', 'eyeLookOutRight'),
  jawDrop: power(arkit('jawOpen'), 0.75),
  mouthSmile: both('mouthSmileLeft', 'mouthSmileRight'),
  mouthFrown: sum(
    [1, both('mouthFrownLeft', 'mouthFrownRight')],
    [0.5, both('mouthStretchLeft', 'mouthStretchRight')],
  ),
  mouthRound: max(arkit('mouthPucker'), arkit('mouthFunnel')),
  antennaUp: smoothstep(
    0.15,
    0.85,
    sum(
      [1, both('browOuterUpLeft', 'browOuterUpRight')],
      [0.5, both('eyeWideLeft', 'eyeWideRight')],
    ),
  ),
});
