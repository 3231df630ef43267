/**
 * The 52 ARKit face blendshapes, in ARKit's names and in alphabetical order (the order MediaPipe
 * and most tools use for weight vectors). `Left` / `Right` mean the subject's own left and right;
 * in the face mesh the subject's left is +x. `region` names the part of the face a shape moves.
 *
 * @example
 * ```ts
 * import { ARKIT_BLENDSHAPES } from '@freeavatar/synth';
 * for (const { name, description } of ARKIT_BLENDSHAPES) console.log(name, '-', description);
 * ```
 */
export const ARKIT_BLENDSHAPES = [
  {
    name: 'browDownLeft',
    region: 'brow',
    side: 'left',
    description: 'Lowers and draws in the left brow.',
  },
  {
    name: 'browDownRight',
    region: 'brow',
    side: 'right',
    description: 'Lowers and draws in the right brow.',
  },
  {
    name: 'browInnerUp',
    region: 'brow',
    side: 'both',
    description: 'Raises the inner ends of both brows.',
  },
  {
    name: 'browOuterUpLeft',
    region: 'brow',
    side: 'left',
    description: 'Raises the outer end of the left brow.',
  },
  {
    name: 'browOuterUpRight',
    region: 'brow',
    side: 'right',
    description: 'Raises the outer end of the right brow.',
  },
  { name: 'cheekPuff', region: 'cheek', side: 'both', description: 'Puffs both cheeks outwards.' },
  {
    name: 'cheekSquintLeft',
    region: 'cheek',
    side: 'left',
    description: 'Raises the left cheek towards the eye.',
  },
  {
    name: 'cheekSquintRight',
    region: 'cheek',
    side: 'right',
    description: 'Raises the right cheek towards the eye.',
  },
  { name: 'eyeBlinkLeft', region: 'eye', side: 'left', description: 'Closes the left eyelids.' },
  { name: 'eyeBlinkRight', region: 'eye', side: 'right', description: 'Closes the right eyelids.' },
  {
    name: 'eyeLookDownLeft',
    region: 'eye',
    side: 'left',
    description: 'Turns the left eye down; the lids follow.',
  },
  {
    name: 'eyeLookDownRight',
    region: 'eye',
    side: 'right',
    description: 'Turns the right eye down; the lids follow.',
  },
  {
    name: 'eyeLookInLeft',
    region: 'eye',
    side: 'left',
    description: 'Turns the left eye towards the nose.',
  },
  {
    name: 'eyeLookInRight',
    region: 'eye',
    side: 'right',
    description: 'Turns the right eye towards the nose.',
  },
  {
    name: 'eyeLookOutLeft',
    region: 'eye',
    side: 'left',
    description: 'Turns the left eye away from the nose.',
  },
  {
    name: 'eyeLookOutRight',
    region: 'eye',
    side: 'right',
    description: 'Turns the right eye away from the nose.',
  },
  {
    name: 'eyeLookUpLeft',
    region: 'eye',
    side: 'left',
    description: 'Turns the left eye up; the lids follow.',
  },
  {
    name: 'eyeLookUpRight',
    region: 'eye',
    side: 'right',
    description: 'Turns the right eye up; the lids follow.',
  },
  {
    name: 'eyeSquintLeft',
    region: 'eye',
    side: 'left',
    description: 'Narrows the left eye, mostly from below.',
  },
  {
    name: 'eyeSquintRight',
    region: 'eye',
    side: 'right',
    description: 'Narrows the right eye, mostly from below.',
  },
  {
    name: 'eyeWideLeft',
    region: 'eye',
    side: 'left',
    description: 'Opens the left eye wide, raising the upper lid.',
  },
  {
    name: 'eyeWideRight',
    region: 'eye',
    side: 'right',
    description: 'Opens the right eye wide, raising the upper lid.',
  },
  { name: 'jawForward', region: 'jaw', side: 'both', description: 'Pushes the lower jaw forward.' },
  {
    name: 'jawLeft',
    region: 'jaw',
    side: 'both',
    description: "Moves the lower jaw to the subject's left.",
  },
  {
    name: 'jawOpen',
    region: 'jaw',
    side: 'both',
    description: 'Opens the lower jaw, rotating it about the hinge.',
  },
  {
    name: 'jawRight',
    region: 'jaw',
    side: 'both',
    description: "Moves the lower jaw to the subject's right.",
  },
  {
    name: 'mouthClose',
    region: 'mouth',
    side: 'both',
    description: 'Closes the lips while the jaw stays open.',
  },
  {
    name: 'mouthDimpleLeft',
    region: 'mouth',
    side: 'left',
    description: 'Pulls the left mouth corner back.',
  },
  {
    name: 'mouthDimpleRight',
    region: 'mouth',
    side: 'right',
    description: 'Pulls the right mouth corner back.',
  },
  {
    name: 'mouthFrownLeft',
    region: 'mouth',
    side: 'left',
    description: 'Pulls the left mouth corner down.',
  },
  {
    name: 'mouthFrownRight',
    region: 'mouth',
    side: 'right',
    description: 'Pulls the right mouth corner down.',
  },
  {
    name: 'mouthFunnel',
    region: 'mouth',
    side: 'both',
    description: 'Rounds the lips into an open funnel.',
  },
  {
    name: 'mouthLeft',
    region: 'mouth',
    side: 'both',
    description: "Moves both lips to the subject's left.",
  },
  {
    name: 'mouthLowerDownLeft',
    region: 'mouth',
    side: 'left',
    description: 'Lowers the left half of the lower lip.',
  },
  {
    name: 'mouthLowerDownRight',
    region: 'mouth',
    side: 'right',
    description: 'Lowers the right half of the lower lip.',
  },
  {
    name: 'mouthPressLeft',
    region: 'mouth',
    side: 'left',
    description: 'Presses the lips together on the left.',
  },
  {
    name: 'mouthPressRight',
    region: 'mouth',
    side: 'right',
    description: 'Presses the lips together on the right.',
  },
  {
    name: 'mouthPucker',
    region: 'mouth',
    side: 'both',
    description: 'Purses the closed lips forward and together.',
  },
  {
    name: 'mouthRight',
    region: 'mouth',
    side: 'both',
    description: "Moves both lips to the subject's right.",
  },
  {
    name: 'mouthRollLower',
    region: 'mouth',
    side: 'both',
    description: 'Rolls the lower lip in over the teeth.',
  },
  {
    name: 'mouthRollUpper',
    region: 'mouth',
    side: 'both',
    description: 'Rolls the upper lip in over the teeth.',
  },
  {
    name: 'mouthShrugLower',
    region: 'mouth',
    side: 'both',
    description: 'Pushes the lower lip and chin up.',
  },
  {
    name: 'mouthShrugUpper',
    region: 'mouth',
    side: 'both',
    description: 'Pushes the upper lip up.',
  },
  {
    name: 'mouthSmileLeft',
    region: 'mouth',
    side: 'left',
    description: 'Pulls the left mouth corner up and back.',
  },
  {
    name: 'mouthSmileRight',
    region: 'mouth',
    side: 'right',
    description: 'Pulls the right mouth corner up and back.',
  },
  {
    name: 'mouthStretchLeft',
    region: 'mouth',
    side: 'left',
    description: 'Stretches the left mouth corner out and down.',
  },
  {
    name: 'mouthStretchRight',
    region: 'mouth',
    side: 'right',
    description: 'Stretches the right mouth corner out and down.',
  },
  {
    name: 'mouthUpperUpLeft',
    region: 'mouth',
    side: 'left',
    description: 'Raises the left half of the upper lip.',
  },
  {
    name: 'mouthUpperUpRight',
    region: 'mouth',
    side: 'right',
    description: 'Raises the right half of the upper lip.',
  },
  {
    name: 'noseSneerLeft',
    region: 'nose',
    side: 'left',
    description: 'Raises the left nostril, wrinkling the nose side.',
  },
  {
    name: 'noseSneerRight',
    region: 'nose',
    side: 'right',
    description: 'Raises the right nostril, wrinkling the nose side.',
  },
  {
    name: 'tongueOut',
    region: 'tongue',
    side: 'both',
    description: 'Sticks the tongue out between the lips.',
  },
] as const;

/**
 * One of the 52 ARKit blendshape names.
 *
 * @example
 * ```ts
 * const name: ArkitBlendshape = 'mouthFunnel';
 * ```
 */
export type ArkitBlendshape = (typeof ARKIT_BLENDSHAPES)[number]['name'];

/**
 * The part of the face an ARKit blendshape moves.
 *
 * @example
 * ```ts
 * const eyeShapes = ARKIT_BLENDSHAPES.filter((b) => b.region === ('eye' as BlendshapeRegion));
 * ```
 */
export type BlendshapeRegion = (typeof ARKIT_BLENDSHAPES)[number]['region'];

/**
 * Number of ARKit blendshapes (52).
 *
 * @example
 * ```ts
 * const weights = new Float32Array(ARKIT_BLENDSHAPE_COUNT);
 * ```
 */
export const ARKIT_BLENDSHAPE_COUNT = ARKIT_BLENDSHAPES.length;

/**
 * The 52 names in weight-vector order.
 *
 * @example
 * ```ts
 * import { ARKIT_BLENDSHAPE_NAMES } from '@freeavatar/synth';
 * console.log(ARKIT_BLENDSHAPE_NAMES[24]); // 'jawOpen'
 * ```
 */
export const ARKIT_BLENDSHAPE_NAMES: readonly ArkitBlendshape[] = ARKIT_BLENDSHAPES.map(
  (b) => b.name,
);
