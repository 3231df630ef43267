import { FreeAvatarError, assertArgument, isNode, nodeIo } from '@freeavatar/core';
import { AVATAR_IDS } from '@freeavatar/synth';
import { toAnimationCsv } from './animation-csv.js';
import { toAnimationGlb } from './animation-glb.js';
import { toAnimationJson } from './animation-json.js';
import type { AnimationTrack } from './animation-track.js';
import { isArkitTrack, toLiveLinkFaceCsv } from './live-link-face.js';

/**
 * The file formats {@link writeAnimationFiles} writes.
 *
 * @example
 * ```ts
 * const formats: AnimationFormat[] = [...ANIMATION_FORMATS]; // ['json', 'csv', 'glb', 'livelink']
 * ```
 */
export const ANIMATION_FORMATS = ['json', 'csv', 'glb', 'livelink'] as const;

/**
 * One of {@link ANIMATION_FORMATS}.
 *
 * @example
 * ```ts
 * const format: AnimationFormat = 'livelink';
 * ```
 */
export type AnimationFormat = (typeof ANIMATION_FORMATS)[number];

/**
 * Options of {@link writeAnimationFiles}.
 *
 * @example
 * ```ts
 * const options: WriteAnimationFilesOptions = { formats: ['json', 'glb'] };
 * ```
 */
export interface WriteAnimationFilesOptions {
  /**
   * Which formats to write. Default: all that apply: JSON and CSV always, GLB for shipped
   * avatars, Live Link Face for ARKit-52 tracks. Naming a format explicitly makes a track it
   * cannot take an error (GLB for a custom avatar; Live Link Face when no track is ARKit-52).
   */
  formats?: readonly AnimationFormat[];
}

/**
 * Writes a take's tracks (one per avatar) into a folder, creating it, and returns the paths
 * written:
 * - `animation.json`: every track ({@link toAnimationJson});
 * - `animation.csv` for a single track, otherwise `animation-<avatar>.csv` per track
 *   ({@link toAnimationCsv});
 * - `<avatar>.glb` per shipped avatar ({@link toAnimationGlb});
 * - `<avatar>.livelink.csv` per ARKit-52 track, such as `human` ({@link toLiveLinkFaceCsv}).
 *
 * Node only.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for no tracks, an unknown format, or a format named
 *   explicitly that a track cannot take; `INVALID_ARGUMENT` outside Node.
 * @example
 * ```ts
 * declare const humanTrack: AnimationTrack;
 * declare const robotTrack: AnimationTrack;
 * const paths = await writeAnimationFiles('out/take-1', [humanTrack, robotTrack]);
 * // out/take-1/animation.json, animation-human.csv, animation-robot.csv, human.glb, robot.glb,
 * // human.livelink.csv
 * ```
 */
export async function writeAnimationFiles(
  dir: string,
  tracks: readonly AnimationTrack[],
  options: WriteAnimationFilesOptions = {},
): Promise<string[]> {
  if (!isNode()) {
    throw new FreeAvatarError('INVALID_ARGUMENT', 'writeAnimationFiles runs in Node only');
  }
  assertArgument(
    typeof dir === 'string' && dir.length > 0,
    `dir must be a folder path, got ${String(dir)}`,
  );
  assertArgument(
    Array.isArray(tracks) && tracks.length > 0,
    'writeAnimationFiles needs a non-empty array of tracks',
  );
  const ids = tracks.map((track) => track?.avatar);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  assertArgument(
    twice === undefined,
    `two tracks for avatar '${twice}'; give one track per avatar`,
  );
  const explicit = options.formats !== undefined;
  const formats = new Set<AnimationFormat>(options.formats ?? ANIMATION_FORMATS);
  for (const format of formats) {
    assertArgument(
      (ANIMATION_FORMATS as readonly string[]).includes(format),
      `unknown format '${String(format)}'; expected one of ${ANIMATION_FORMATS.join(', ')}`,
    );
  }
  const shipped = (track: AnimationTrack) =>
    (AVATAR_IDS as readonly string[]).includes(track.avatar);
  if (explicit && formats.has('glb')) {
    const custom = tracks.find((track) => !shipped(track));
    assertArgument(
      custom === undefined,
      `GLB export needs shipped avatars (${AVATAR_IDS.join(', ')}); track '${custom?.avatar}' is not one`,
    );
  }
  if (explicit && formats.has('livelink')) {
    assertArgument(
      tracks.some(isArkitTrack),
      `Live Link Face CSV needs an ARKit-52 track (such as 'human'); got ${tracks.map((t) => t.avatar).join(', ')}`,
    );
  }
  // Build everything first, so that a bad track writes nothing.
  const files: [string, string | Uint8Array][] = [];
  if (formats.has('json')) files.push(['animation.json', toAnimationJson(tracks)]);
  for (const track of tracks) {
    if (formats.has('csv')) {
      const name = tracks.length === 1 ? 'animation.csv' : `animation-${track.avatar}.csv`;
      files.push([name, toAnimationCsv(track)]);
    }
    if (formats.has('glb') && shipped(track))
      files.push([`${track.avatar}.glb`, await toAnimationGlb(track)]);
    if (formats.has('livelink') && isArkitTrack(track))
      files.push([`${track.avatar}.livelink.csv`, toLiveLinkFaceCsv(track)]);
  }
  const { fs, path } = await nodeIo();
  for (const [name] of files) {
    assertArgument(
      path.basename(name) === name,
      `avatar name makes a file name outside the folder: ${JSON.stringify(name)}`,
    );
  }
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    await fs.writeFile(file, content);
    written.push(file);
  }
  return written;
}
