import { assertArgument } from '@freeavatar/core';

/**
 * The five expression families every avatar report singles out, in report order.
 *
 * @example
 * ```ts
 * for (const slot of KEY_CONTROL_SLOTS) console.log(slot); // jaw, blink, smile, brow, pucker
 * ```
 */
export const KEY_CONTROL_SLOTS = ['jaw', 'blink', 'smile', 'brow', 'pucker'] as const;

/**
 * One of {@link KEY_CONTROL_SLOTS}.
 *
 * @example
 * ```ts
 * const slot: KeyControlSlot = 'smile';
 * ```
 */
export type KeyControlSlot = (typeof KEY_CONTROL_SLOTS)[number];

/**
 * The key control of each slot for the shipped avatars:
 *
 * | slot | human (ARKit-52) | toon | robot |
 * | --- | --- | --- | --- |
 * | jaw | jawOpen | mouthOpen | jawDrop |
 * | blink | eyeBlinkLeft | blink | blink |
 * | smile | mouthSmileLeft | smile | mouthSmile |
 * | brow | browInnerUp | browsUp | antennaUp (driven by the raised outer brows) |
 * | pucker | mouthPucker | ooh | mouthRound |
 *
 * @example
 * ```ts
 * KEY_CONTROLS.toon.jaw; // 'mouthOpen'
 * ```
 */
export const KEY_CONTROLS: Readonly<Record<string, Readonly<Record<KeyControlSlot, string>>>> = {
  human: {
    jaw: 'jawOpen',
    blink: 'eyeBlinkLeft',
    smile: 'mouthSmileLeft',
    brow: 'browInnerUp',
    pucker: 'mouthPucker',
  },
  toon: { jaw: 'mouthOpen', blink: 'blink', smile: 'smile', brow: 'browsUp', pucker: 'ooh' },
  robot: {
    jaw: 'jawDrop',
    blink: 'blink',
    smile: 'mouthSmile',
    brow: 'antennaUp',
    pucker: 'mouthRound',
  },
};

/** For avatars outside {@link KEY_CONTROLS}: name patterns tried in order, first match wins. */
const PATTERNS: Readonly<Record<KeyControlSlot, readonly RegExp[]>> = {
  jaw: [/^jawopen$/i, /jaw.*(open|drop)/i, /mouth.*open/i, /jaw/i],
  blink: [/^blink$/i, /blink.*left/i, /blink/i],
  smile: [/^smile$/i, /smile.*left/i, /smile/i],
  brow: [/brow.*inner.*up/i, /brows?.*up/i, /brow/i],
  pucker: [/pucker/i, /^ooh?$/i, /round|funnel/i],
};

/**
 * The key control of each slot for an avatar: the documented choice of {@link KEY_CONTROLS} for
 * the shipped avatars, else the first control whose name matches the slot's patterns (e.g.
 * `jawOpen`, `mouthOpen`; `blink`, `eyeBlinkLeft`; …), or `null` when none does.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `controls` is empty or not a list of names, or
 *   when a documented control is missing from `controls`.
 * @example
 * ```ts
 * const robot = ['blink', 'jawDrop', 'mouthSmile', 'antennaUp', 'mouthRound'];
 * keyControlsOf('robot', robot).jaw; // 'jawDrop'
 * keyControlsOf('cat', ['jawOpen', 'earsUp']).smile; // null
 * ```
 */
export function keyControlsOf(
  avatar: string,
  controls: readonly string[],
): Record<KeyControlSlot, string | null> {
  assertArgument(
    Array.isArray(controls) && controls.length > 0 && controls.every((c) => typeof c === 'string'),
    `controls must be a non-empty list of control names, got ${String(controls)}`,
  );
  const documented = KEY_CONTROLS[avatar];
  const out = {} as Record<KeyControlSlot, string | null>;
  for (const slot of KEY_CONTROL_SLOTS) {
    if (documented !== undefined) {
      const name = documented[slot];
      assertArgument(
        controls.includes(name),
        `avatar '${avatar}' has no control '${name}' (its ${slot} control); got ${controls.join(', ')}`,
      );
      out[slot] = name;
      continue;
    }
    out[slot] = null;
    for (const pattern of PATTERNS[slot]) {
      const found = controls.find((c) => pattern.test(c));
      if (found !== undefined) {
        out[slot] = found;
        break;
      }
    }
  }
  return out;
}
