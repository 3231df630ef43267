import {
  arkit,
  both,
  excess,
  max,
  mean,
  min,
  power,
  sum,
  type RetargetTerm,
} from './retarget-terms.js';

/**
 * The cartoon's compact rig: 21 controls whose semantics differ from ARKit. Left/right pairs
 * are merged (`blink`, `smile`, brows) or split into a shared part plus a one-sided rest
 * (`winkL`/`winkR`, `smirkL`/`smirkR`); mouth shapes are visemes (`ooh`, `ee`). Left and right
 * are the character's own.
 *
 * @example
 * ```ts
 * import { TOON_RIG } from '@freeavatar/synth';
 * for (const { name, description } of TOON_RIG) console.log(`${name}: ${description}`);
 * ```
 */
export const TOON_RIG = [
  { name: 'blink', description: 'Closes both eyes together.' },
  { name: 'winkL', description: 'Closes the left eye only (on top of `blink`).' },
  { name: 'winkR', description: 'Closes the right eye only (on top of `blink`).' },
  { name: 'eyesWide', description: 'Opens both eyes wide.' },
  { name: 'cheekSquash', description: 'Pushes both cheeks and lower lids up (a happy squint).' },
  { name: 'lookLeft', description: 'Turns both eyes to the left.' },
  { name: 'lookRight', description: 'Turns both eyes to the right.' },
  { name: 'lookUp', description: 'Turns both eyes up; the upper lids follow.' },
  { name: 'lookDown', description: 'Turns both eyes down; the upper lids follow.' },
  { name: 'browsUp', description: 'Raises both brows whole.' },
  { name: 'browSad', description: 'Raises the inner ends of the brows and droops the outer lids.' },
  { name: 'browAngry', description: 'Pulls the inner ends of the brows down and slants the lids.' },
  { name: 'smile', description: 'A symmetric grin: corners up, lips parted over the teeth.' },
  { name: 'smirkL', description: 'Lifts the left mouth corner only (on top of `smile`).' },
  { name: 'smirkR', description: 'Lifts the right mouth corner only (on top of `smile`).' },
  { name: 'frown', description: 'Turns both mouth corners down.' },
  { name: 'mouthOpen', description: 'Drops the jaw and opens the mouth.' },
  { name: 'ooh', description: 'Rounds and narrows the mouth into an "oo".' },
  { name: 'ee', description: 'Stretches the mouth wide and flat, showing the teeth ("ee").' },
  { name: 'sneer', description: 'Wrinkles the nose up and lifts the upper lip.' },
  { name: 'puff', description: 'Puffs both cheeks out.' },
] as const;

/**
 * A cartoon-rig control name.
 *
 * @example
 * ```ts
 * const control: ToonControl = 'smirkL';
 * ```
 */
export type ToonControl = (typeof TOON_RIG)[number]['name'];

/**
 * Ground truth from ARKit-52 to the cartoon rig (each result clamped to [0, 1]). Merged controls
 * take the mean of both sides; split ones take the shared part (`min`) and what one side has
 * beyond the other; `mouthOpen` is a gentle power curve of `jawOpen` (the cartoon opens wide
 * early).
 */
export const TOON_RETARGET: Readonly<Record<ToonControl, RetargetTerm>> = Object.freeze({
  blink: min(arkit('eyeBlinkLeft'), arkit('eyeBlinkRight')),
  winkL: excess(arkit('eyeBlinkLeft'), arkit('eyeBlinkRight')),
  winkR: excess(arkit('eyeBlinkRight'), arkit('eyeBlinkLeft')),
  eyesWide: both('eyeWideLeft', 'eyeWideRight'),
  cheekSquash: sum(
    [1, both('cheekSquintLeft', 'cheekSquintRight')],
    [0.5, both('eyeSquintLeft', 'eyeSquintRight')],
  ),
  lookLeft: both('eyeLookOutLeft', 'eyeLookInRight'),
  lookRight: both('eyeLookInLeft', 'eyeLookOutRight'),
  lookUp: both('eyeLookUpLeft', 'eyeLookUpRight'),
  lookDown: both('eyeLookDownLeft', 'eyeLookDownRight'),
  browsUp: both('browOuterUpLeft', 'browOuterUpRight'),
  browSad: excess(arkit('browInnerUp'), both('browOuterUpLeft', 'browOuterUpRight')),
  browAngry: both('browDownLeft', 'browDownRight'),
  smile: min(arkit('mouthSmileLeft'), arkit('mouthSmileRight')),
  smirkL: excess(arkit('mouthSmileLeft'), arkit('mouthSmileRight')),
  smirkR: excess(arkit('mouthSmileRight'), arkit('mouthSmileLeft')),
  frown: both('mouthFrownLeft', 'mouthFrownRight'),
  mouthOpen: power(arkit('jawOpen'), 0.8),
  ooh: max(arkit('mouthPucker'), arkit('mouthFunnel')),
  ee: mean(arkit('mouthStretchLeft'), arkit('mouthStretchRight')),
  sneer: sum(
    [1, both('noseSneerLeft', 'noseSneerRight')],
    [0.5, both('mouthUpperUpLeft', 'mouthUpperUpRight')],
  ),
  puff: arkit('cheekPuff'),
});
