import { FreeAvatarError, assertArgument, assertArray, assertObject } from '@freeavatar/core';
import { ARKIT_BLENDSHAPE_NAMES } from '@freeavatar/synth';
import { csvRows } from './animation-csv.js';
import {
  assertAnimationTrack,
  type AnimationFrame,
  type AnimationTrack,
} from './animation-track.js';

/**
 * The 52 ARKit blendshapes in the column order of Live Link Face CSV recordings (the order of
 * ARKit's face-tracking enumeration, eyes first), with ARKit's own camel-case names.
 *
 * @example
 * ```ts
 * console.log(LIVE_LINK_FACE_BLENDSHAPES[0]); // 'eyeBlinkLeft' (column EyeBlinkLeft)
 * ```
 */
export const LIVE_LINK_FACE_BLENDSHAPES = [
  'eyeBlinkLeft',
  'eyeLookDownLeft',
  'eyeLookInLeft',
  'eyeLookOutLeft',
  'eyeLookUpLeft',
  'eyeSquintLeft',
  'eyeWideLeft',
  'eyeBlinkRight',
  'eyeLookDownRight',
  'eyeLookInRight',
  'eyeLookOutRight',
  'eyeLookUpRight',
  'eyeSquintRight',
  'eyeWideRight',
  'jawForward',
  'jawRight',
  'jawLeft',
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthRight',
  'mouthLeft',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'noseSneerLeft',
  'noseSneerRight',
  'tongueOut',
] as const;

/**
 * The head and eye rotation columns that follow the blendshapes in a Live Link Face CSV. The
 * animator does not estimate them; {@link toLiveLinkFaceCsv} writes 0.
 *
 * @example
 * ```ts
 * console.log(LIVE_LINK_FACE_ROTATIONS.length); // 9
 * ```
 */
export const LIVE_LINK_FACE_ROTATIONS = [
  'HeadYaw',
  'HeadPitch',
  'HeadRoll',
  'LeftEyeYaw',
  'LeftEyePitch',
  'LeftEyeRoll',
  'RightEyeYaw',
  'RightEyePitch',
  'RightEyeRoll',
] as const;

const capitalise = (name: string): string => name[0].toUpperCase() + name.slice(1);

/**
 * The full header of a Live Link Face CSV: `Timecode`, `BlendShapeCount`, the 52 blendshapes
 * capitalised (`EyeBlinkLeft`, …) and the 9 rotation columns.
 *
 * @example
 * ```ts
 * LIVE_LINK_FACE_HEADER.slice(0, 3).join(','); // 'Timecode,BlendShapeCount,EyeBlinkLeft'
 * ```
 */
export const LIVE_LINK_FACE_HEADER: readonly string[] = Object.freeze([
  'Timecode',
  'BlendShapeCount',
  ...LIVE_LINK_FACE_BLENDSHAPES.map(capitalise),
  ...LIVE_LINK_FACE_ROTATIONS,
]);

/** Value columns after Timecode and BlendShapeCount (52 blendshapes + 9 rotations). */
const VALUE_COLUMNS = LIVE_LINK_FACE_BLENDSHAPES.length + LIVE_LINK_FACE_ROTATIONS.length;

/**
 * `true` when the track's controls are exactly the 52 ARKit blendshapes (in any order), as on
 * the shipped `human` avatar.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `track` is not an object with a `controls`
 *   array.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * declare const track: AnimationTrack;
 * if (isArkitTrack(track)) await writeFile('take.csv', toLiveLinkFaceCsv(track));
 * ```
 */
export function isArkitTrack(track: Pick<AnimationTrack, 'controls'>): boolean {
  assertObject(track, 'track');
  assertArray(track.controls, 'track.controls');
  const names = new Set(track.controls);
  return (
    track.controls.length === ARKIT_BLENDSHAPE_NAMES.length &&
    names.size === track.controls.length &&
    ARKIT_BLENDSHAPE_NAMES.every((name) => names.has(name))
  );
}

/**
 * Formats a time as Live Link Face timecode `HH:MM:SS:FF.fff`: hours, minutes, seconds, the
 * frame within the second at the nominal (integer) rate `round(fps)`, and the sub-frame
 * fraction in thousandths of a frame.
 *
 * @example
 * ```ts
 * liveLinkTimecode(3723.5, 30); // '01:02:03:15.000'
 * ```
 */
export function liveLinkTimecode(seconds: number, fps: number): string {
  assertArgument(
    Number.isFinite(seconds) && seconds >= 0,
    `seconds must be finite and ≥ 0, got ${seconds}`,
  );
  assertArgument(Number.isFinite(fps) && fps > 0, `fps must be a positive number, got ${fps}`);
  const rate = Math.max(1, Math.round(fps));
  // Integer thousandths of a frame, so that exact frame times print .000.
  const units = Math.round(seconds * rate * 1000);
  const frames = Math.floor(units / 1000);
  const sub = units % 1000;
  const whole = Math.floor(frames / rate);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}:` +
    `${pad(frames % rate)}.${pad(sub, 3)}`
  );
}

/**
 * Options of {@link toLiveLinkFaceCsv}.
 *
 * @example
 * ```ts
 * const options: LiveLinkFaceCsvOptions = { startSeconds: 9 * 3600, timecodeFps: 60 };
 * ```
 */
export interface LiveLinkFaceCsvOptions {
  /** Timecode of the take's time 0, in seconds (e.g. the time of day of the recording). Default 0. */
  startSeconds?: number;
  /**
   * Frame rate of the timecode's `FF` field (the app itself counts 60 per second while
   * capturing at 30 or 60). Default: the track's `fps`.
   */
  timecodeFps?: number;
}

/**
 * Writes an ARKit-52 track (the `human` avatar, or any rig whose controls are the 52 ARKit
 * names) in the CSV layout that Epic's Live Link Face app records, which Unreal, Blender, Maya
 * and MotionBuilder importers read: `Timecode,BlendShapeCount,EyeBlinkLeft,…,TongueOut,HeadYaw,
 * HeadPitch,HeadRoll,LeftEyeYaw,…,RightEyeRoll`. Timecodes follow {@link liveLinkTimecode} at the
 * track's frame rate; `BlendShapeCount` is 61; values have 10 decimals; the head and eye
 * rotations are 0.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when the track's controls are not the 52 ARKit
 *   blendshapes, or for a malformed track.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * declare const humanTrack: AnimationTrack;
 * const csv = toLiveLinkFaceCsv(humanTrack, { startSeconds: 12 * 3600 });
 * await writeFile('human.livelink.csv', csv);
 * ```
 */
export function toLiveLinkFaceCsv(
  track: AnimationTrack,
  options: LiveLinkFaceCsvOptions = {},
): string {
  assertAnimationTrack(track);
  assertArgument(
    isArkitTrack(track),
    `Live Link Face CSV needs an ARKit-52 track (controls = the 52 ARKit blendshapes, as on the ` +
      `'human' avatar); avatar '${track.avatar}' has ${track.controls.length} controls (${track.controls
        .slice(0, 3)
        .join(', ')}, …)`,
  );
  const start = options.startSeconds ?? 0;
  assertArgument(
    Number.isFinite(start) && start >= 0,
    `startSeconds must be finite and ≥ 0, got ${start}`,
  );
  const timecodeFps = options.timecodeFps ?? track.fps;
  const index = new Map(track.controls.map((name, c) => [name, c]));
  const order = LIVE_LINK_FACE_BLENDSHAPES.map((name) => index.get(name) as number);
  const zeros = LIVE_LINK_FACE_ROTATIONS.map(() => (0).toFixed(10));
  const first = track.frames[0]?.timeMs ?? 0;
  const lines = [LIVE_LINK_FACE_HEADER.join(',')];
  for (const frame of track.frames) {
    const cells = [
      liveLinkTimecode(start + (frame.timeMs - first) / 1000, timecodeFps),
      String(VALUE_COLUMNS),
      ...order.map((c) => frame.values[c].toFixed(10)),
      ...zeros,
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Parses `HH:MM:SS:FF.fff` at a nominal rate into seconds. */
function timecodeSeconds(code: string, rate: number, line: number): number {
  const match = /^(\d+):(\d\d):(\d\d):(\d+)(?:\.(\d+))?$/.exec(code);
  if (match === null) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `Live Link Face CSV line ${line}: timecode "${code}" is not HH:MM:SS:FF.fff`,
    );
  }
  const [h, m, s, f] = match.slice(1, 5).map(Number);
  const sub = match[5] === undefined ? 0 : Number(`0.${match[5]}`);
  return h * 3600 + m * 60 + s + (f + sub) / rate;
}

/**
 * Options of {@link parseLiveLinkFaceCsv}.
 *
 * @example
 * ```ts
 * const options: ParseLiveLinkFaceOptions = { timecodeFps: 60, fps: 30 };
 * ```
 */
export interface ParseLiveLinkFaceOptions {
  /** Frame rate of the timecode's `FF` field; default 60, the app's rate. */
  timecodeFps?: number;
  /**
   * The track's frame rate; default: measured from the first and last timecodes (rounded to
   * 0.001), or `timecodeFps` for a single row.
   */
  fps?: number;
}

/**
 * Reads a Live Link Face CSV (as recorded by the app, or written by {@link toLiveLinkFaceCsv})
 * into an ARKit-52 track for the `human` avatar, controls in ARKit order, times relative to the
 * first row. The rotation columns are not read.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a header without the 52 blendshape columns or a
 *   row that does not parse.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const take = parseLiveLinkFaceCsv(await readFile('MySlate_1.csv', 'utf8'));
 * console.log(take.fps, take.frames.length);
 * ```
 */
export function parseLiveLinkFaceCsv(
  text: string,
  options: ParseLiveLinkFaceOptions = {},
): AnimationTrack {
  assertArgument(typeof text === 'string', `text must be a string, got ${typeof text}`);
  const timecodeFps = options.timecodeFps ?? 60;
  assertArgument(
    Number.isFinite(timecodeFps) && timecodeFps > 0,
    `timecodeFps must be a positive number, got ${timecodeFps}`,
  );
  const rows = csvRows(text);
  const header = rows[0] ?? [];
  const columns = ARKIT_BLENDSHAPE_NAMES.map((name) => header.indexOf(capitalise(name)));
  const missing = ARKIT_BLENDSHAPE_NAMES.filter((_, i) => columns[i] < 0);
  if (header[0] !== 'Timecode' || missing.length > 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `Not a Live Link Face CSV: the header must start with Timecode and name the 52 ARKit ` +
        `blendshapes${missing.length > 0 ? ` (missing ${missing.slice(0, 3).map(capitalise).join(', ')}…)` : ''}`,
    );
  }
  const rate = Math.max(1, Math.round(timecodeFps));
  let first = 0;
  const frames: AnimationFrame[] = rows.slice(1).map((row, r) => {
    const line = r + 2;
    const seconds = timecodeSeconds(row[0], rate, line);
    if (r === 0) first = seconds;
    const values = Float32Array.from(columns, (c) => {
      const value = Number(row[c]);
      if (row[c] === undefined || row[c] === '' || !Number.isFinite(value)) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `Live Link Face CSV line ${line}, column ${header[c]}: "${row[c] ?? ''}" is not a number`,
        );
      }
      return value;
    });
    return { timeMs: (seconds - first) * 1000, values, face: true };
  });
  const span = frames.length > 1 ? frames[frames.length - 1].timeMs / 1000 : 0;
  const fps =
    options.fps ??
    (span > 0 ? Math.round(((frames.length - 1) / span) * 1000) / 1000 : timecodeFps);
  const track: AnimationTrack = {
    fps,
    avatar: 'human',
    controls: [...ARKIT_BLENDSHAPE_NAMES],
    frames,
  };
  assertAnimationTrack(track, 'Live Link Face track');
  return track;
}
