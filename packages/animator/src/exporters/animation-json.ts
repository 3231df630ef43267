import { FreeAvatarError, assertArgument } from '@freeavatar/core';
import { assertAnimationTrack, formatNumber, type AnimationTrack } from './animation-track.js';

/**
 * The `format` field of an animation JSON file.
 *
 * @example
 * ```ts
 * declare const text: string; // the contents of a .json file
 * const isAnimation = JSON.parse(text).format === ANIMATION_JSON_FORMAT;
 * ```
 */
export const ANIMATION_JSON_FORMAT = 'freeavatar-animation';

/**
 * The document {@link toAnimationJson} writes: the frame rate, and per avatar its control names
 * and one record per frame with the time in seconds, the face flag and the controls by name.
 *
 * @example
 * ```ts
 * declare const track: AnimationTrack; // a toon track
 * const doc: AnimationJson = JSON.parse(toAnimationJson([track]));
 * console.log(doc.fps, doc.avatars.toon.frames[0].controls.smile);
 * ```
 */
export interface AnimationJson {
  format: typeof ANIMATION_JSON_FORMAT;
  version: 1;
  /** Frames per second of every track in the file. */
  fps: number;
  avatars: Record<
    string,
    {
      /** Control names in rig order. */
      controls: string[];
      frames: { t: number; face: boolean; controls: Record<string, number> }[];
    }
  >;
}

/**
 * Writes one or several avatars' tracks of the same take as JSON (see {@link AnimationJson});
 * values are rounded to 6 decimals. Read it back with {@link parseAnimationJson}.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed track, two tracks for one avatar,
 *   or tracks with different frame rates.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * declare const humanTrack: AnimationTrack;
 * declare const toonTrack: AnimationTrack;
 * await writeFile('animation.json', toAnimationJson([humanTrack, toonTrack]));
 * ```
 */
export function toAnimationJson(tracks: AnimationTrack | readonly AnimationTrack[]): string {
  const list = Array.isArray(tracks)
    ? (tracks as readonly AnimationTrack[])
    : [tracks as AnimationTrack];
  assertArgument(list.length > 0, 'toAnimationJson needs at least one track');
  list.forEach((track, i) => assertAnimationTrack(track, `tracks[${i}]`));
  const fps = list[0].fps;
  const doc: AnimationJson = { format: ANIMATION_JSON_FORMAT, version: 1, fps, avatars: {} };
  for (const track of list) {
    assertArgument(
      track.fps === fps,
      `all tracks must share one frame rate: '${list[0].avatar}' has ${fps} fps, '${track.avatar}' ${track.fps}`,
    );
    assertArgument(
      !(track.avatar in doc.avatars),
      `two tracks for avatar '${track.avatar}'; give one track per avatar`,
    );
    doc.avatars[track.avatar] = {
      controls: [...track.controls],
      frames: track.frames.map((frame) => ({
        t: Number(formatNumber(frame.timeMs / 1000)),
        face: frame.face,
        controls: Object.fromEntries(
          track.controls.map((name, c) => [name, Number(formatNumber(frame.values[c]))]),
        ),
      })),
    };
  }
  return `${JSON.stringify(doc, null, 1)}\n`;
}

function bad(message: string): never {
  throw new FreeAvatarError('INVALID_ARGUMENT', `Not a FreeAvatar animation file: ${message}`);
}

/**
 * Reads the JSON written by {@link toAnimationJson} back into tracks, one per avatar, in file
 * order. Control records may list controls in any order; missing controls are an error.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming what is wrong for text that is not such a
 *   file.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const tracks = parseAnimationJson(await readFile('animation.json', 'utf8'));
 * console.log(tracks.map((t) => `${t.avatar}: ${t.frames.length} frames`));
 * ```
 */
export function parseAnimationJson(text: string): AnimationTrack[] {
  assertArgument(typeof text === 'string', `text must be a string, got ${typeof text}`);
  let doc: AnimationJson;
  try {
    doc = JSON.parse(text) as AnimationJson;
  } catch (cause) {
    bad(`invalid JSON (${(cause as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object') bad('expected a JSON object');
  if (doc.format !== ANIMATION_JSON_FORMAT)
    bad(`format is ${JSON.stringify(doc.format)}, expected "${ANIMATION_JSON_FORMAT}"`);
  if (doc.version !== 1) bad(`version ${String(doc.version)} is not supported (expected 1)`);
  if (doc.avatars === null || typeof doc.avatars !== 'object') bad('"avatars" must be an object');
  const tracks = Object.entries(doc.avatars).map(([avatar, entry]): AnimationTrack => {
    if (!Array.isArray(entry?.controls) || !Array.isArray(entry.frames))
      bad(`avatar '${avatar}' needs "controls" and "frames" arrays`);
    const controls = entry.controls;
    const frames = entry.frames.map((record, f) => {
      if (record === null || typeof record !== 'object' || typeof record.controls !== 'object')
        bad(`avatar '${avatar}' frame ${f} needs a "controls" object`);
      const values = new Float32Array(controls.length);
      controls.forEach((name, c) => {
        const value = record.controls[name];
        if (typeof value !== 'number') bad(`avatar '${avatar}' frame ${f} lacks control '${name}'`);
        values[c] = value;
      });
      if (typeof record.t !== 'number') bad(`avatar '${avatar}' frame ${f} needs a time "t"`);
      return { timeMs: record.t * 1000, values, face: record.face !== false };
    });
    return { fps: doc.fps, avatar, controls, frames };
  });
  tracks.forEach((track) => assertAnimationTrack(track, `avatar '${track.avatar}'`));
  return tracks;
}
