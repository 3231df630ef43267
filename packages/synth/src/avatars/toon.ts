/**
 * The stylised cartoon avatar: a big round head with huge eyes, a button nose, a painted-on
 * mouth and thick brows, rigged with the 21-control {@link TOON_RIG}.
 */
import { assembleAvatar, combineParts } from './avatar-builder.js';
import { createHeightField } from './height-field.js';
import { toonEyes } from './toon-eyes.js';
import { neutralHeadMesh, toonBodyParts, toonHair, toonHead } from './toon-head.js';
import { toonMouth } from './toon-mouth.js';
import { TOON_RIG, type ToonControl } from './toon-rig.js';
import type { Avatar } from './types.js';

/** Id, name and description of the cartoon avatar. */
export const TOON_INFO = {
  id: 'toon',
  name: 'Toon',
  description:
    'A stylised cartoon (big eyes, button nose, painted mouth) with a compact 21-control rig.',
} as const;

/** Builds the cartoon avatar (tens of milliseconds). */
export function buildToonAvatar(): Avatar {
  const neutral = neutralHeadMesh();
  const surface = createHeightField(neutral.positions, neutral.indices);
  const parts = [
    toonHead(),
    toonHair(),
    ...toonBodyParts(surface),
    ...toonEyes(surface),
    ...toonMouth(surface),
  ];
  return assembleAvatar(combineParts<ToonControl>(parts), {
    ...TOON_INFO,
    rig: TOON_RIG,
    background: [0.62, 0.78, 0.88],
    frameParts: ['head', 'hair', 'earLeft', 'earRight'],
    frameScale: 1.04,
  });
}
