import { FreeAvatarError, assertArgument } from '@freeavatar/core';
import {
  assertAnimationTrack,
  formatNumber,
  type AnimationFrame,
  type AnimationTrack,
} from './animation-track.js';

/**
 * Writes one avatar's track as CSV: a header `frame,time_s,<control names…>`, then one row per
 * frame with its index, its time in seconds and its control values (6 decimals). Spreadsheets,
 * pandas and DCC import scripts read it as it is. The face flag is not part of this format.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed track.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * declare const toonTrack: AnimationTrack;
 * await writeFile('animation-toon.csv', toAnimationCsv(toonTrack));
 * // frame,time_s,blink,winkL,…
 * // 0,0,0.021,0,…
 * ```
 */
export function toAnimationCsv(track: AnimationTrack): string {
  assertAnimationTrack(track);
  const lines = [['frame', 'time_s', ...track.controls].join(',')];
  track.frames.forEach((frame, f) => {
    const cells = [String(f), formatNumber(frame.timeMs / 1000)];
    for (const value of frame.values) cells.push(formatNumber(value));
    lines.push(cells.join(','));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * Options of {@link parseAnimationCsv}.
 *
 * @example
 * ```ts
 * const options: ParseAnimationCsvOptions = { avatar: 'toon', fps: 30 };
 * ```
 */
export interface ParseAnimationCsvOptions {
  /** The avatar the file animates (the CSV does not name it). */
  avatar: string;
  /**
   * The frame rate; default: measured from the times of the first and last frames (rounded to
   * 0.001), which needs at least two frames.
   */
  fps?: number;
}

/**
 * Splits CSV text (no quoted cells) into rows of trimmed cells, skipping empty lines.
 *
 * @example
 * ```ts
 * csvRows('a,b\n1, 2\n'); // [['a', 'b'], ['1', '2']]
 * ```
 */
export function csvRows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map((cell) => cell.trim()));
}

/**
 * Reads a CSV written by {@link toAnimationCsv} back into a track (every frame flagged as a face
 * frame).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the line for a wrong header, a short row or a
 *   cell that is not a number.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const text = await readFile('animation-toon.csv', 'utf8');
 * const track = parseAnimationCsv(text, { avatar: 'toon' });
 * ```
 */
export function parseAnimationCsv(text: string, options: ParseAnimationCsvOptions): AnimationTrack {
  assertArgument(typeof text === 'string', `text must be a string, got ${typeof text}`);
  assertArgument(
    options !== null && typeof options === 'object',
    'parseAnimationCsv needs options with the avatar id',
  );
  const rows = csvRows(text);
  const header = rows[0] ?? [];
  if (header[0] !== 'frame' || header[1] !== 'time_s' || header.length < 3) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `CSV header must be "frame,time_s,<controls…>", got "${header.join(',')}"`,
    );
  }
  const controls = header.slice(2);
  const frames: AnimationFrame[] = rows.slice(1).map((row, r) => {
    const line = r + 2;
    if (row.length !== header.length) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `CSV line ${line} has ${row.length} cells, expected ${header.length}`,
      );
    }
    const numbers = row.map((cell, c) => {
      const value = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `CSV line ${line}, column ${header[c]}: "${cell}" is not a number`,
        );
      }
      return value;
    });
    return { timeMs: numbers[1] * 1000, values: Float32Array.from(numbers.slice(2)), face: true };
  });
  let fps = options.fps;
  if (fps === undefined) {
    assertArgument(
      frames.length >= 2,
      `the CSV has ${frames.length} frame(s): pass options.fps, it cannot be measured`,
    );
    const span = (frames[frames.length - 1].timeMs - frames[0].timeMs) / 1000;
    fps = Math.round(((frames.length - 1) / span) * 1000) / 1000;
  }
  const track: AnimationTrack = { fps, avatar: options.avatar, controls, frames };
  assertAnimationTrack(track, 'CSV track');
  return track;
}
