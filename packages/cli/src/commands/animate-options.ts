import { InvalidArgumentError } from 'commander';
import type { OneEuroOptions } from '@freeavatar/core';

/**
 * What `--preview` accepts: an H.264 MP4, an animated GIF, or no preview.
 *
 * @example
 * ```ts
 * const preview: PreviewChoice = 'gif';
 * ```
 */
export type PreviewChoice = 'mp4' | 'gif' | 'none';

/**
 * The `--preview` choices, in the order the help lists them.
 *
 * @example
 * ```ts
 * new Option('--preview <kind>').choices(PREVIEW_CHOICES);
 * ```
 */
export const PREVIEW_CHOICES: readonly PreviewChoice[] = Object.freeze(['mp4', 'gif', 'none']);

/**
 * The avatars `--avatar` names: `'all'` (every avatar the model drives) or a list of ids.
 *
 * @example
 * ```ts
 * const avatars: AvatarSelection = ['human', 'robot'];
 * ```
 */
export type AvatarSelection = 'all' | readonly string[];

const AVATAR_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A commander parser for `--avatar`: `all`, one id, or ids separated by commas (`human,robot`);
 * repeated ids are kept once. Whether the model drives them is checked once it is loaded.
 *
 * @example
 * ```ts
 * avatarsArg('toon, robot'); // ['toon', 'robot']
 * avatarsArg('all'); // 'all'
 * ```
 */
export function avatarsArg(value: string): AvatarSelection {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 1 && ids[0] === 'all') return 'all';
  const bad = ids.find((id) => !AVATAR_ID.test(id) || id === 'all');
  if (ids.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(
      `--avatar must be 'all' or avatar ids separated by commas (e.g. human,robot), got '${value}'`,
    );
  }
  return [...new Set(ids)];
}

/**
 * Picks the avatars to animate from those a model drives; `'all'` keeps the model's order.
 *
 * @throws InvalidArgumentError naming the unknown ids and the available ones.
 * @example
 * ```ts
 * selectAvatars(['robot'], ['human', 'toon', 'robot']); // ['robot']
 * ```
 */
export function selectAvatars(selection: AvatarSelection, available: readonly string[]): string[] {
  if (selection === 'all') return [...available];
  const unknown = selection.filter((id) => !available.includes(id));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `--avatar ${unknown.join(', ')}: the model drives ${available.join(', ')}`,
    );
  }
  return [...selection];
}

/**
 * Turns `--smooth <hz>` / `--no-smooth` into the animator's smoothing option: a number is the
 * One-Euro filter's cut-off at rest in Hz (lower is smoother), `false` turns smoothing off and
 * `undefined` (or `true`) keeps the animator's default.
 *
 * @example
 * ```ts
 * smoothingOption(0.8); // { minCutoff: 0.8 }
 * smoothingOption(false); // false
 * ```
 */
export function smoothingOption(
  value: number | boolean | undefined,
): OneEuroOptions | false | undefined {
  if (value === false) return false;
  if (typeof value === 'number') return { minCutoff: value };
  return undefined;
}

/**
 * A commander parser for `--preview-size`: an even number of pixels in 32..1024 (H.264 needs
 * even frame sizes).
 *
 * @example
 * ```ts
 * previewSizeArg('128'); // 128
 * ```
 */
export function previewSizeArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 32 || n > 1024 || n % 2 !== 0) {
    throw new InvalidArgumentError(
      `--preview-size must be an even integer in 32..1024, got ${value}`,
    );
  }
  return n;
}
