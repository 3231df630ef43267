import { assertArgument } from '@freeavatar/core';

/**
 * One frame of an {@link AnimationTrack}: when it was taken, the rig controls of the avatar at
 * that moment (in the track's `controls` order) and whether a face was seen.
 *
 * @example
 * ```ts
 * const frame: AnimationFrame = { timeMs: 33.3, values: Float32Array.of(0.1, 0.8), face: true };
 * ```
 */
export interface AnimationFrame {
  /** Time of the frame in milliseconds from the start of the take. */
  timeMs: number;
  /** One value per control, in the track's `controls` order (rig values are about 0–1). */
  values: Float32Array;
  /**
   * `true` when a face was found in this frame; `false` when the pose was held from an earlier
   * frame because no face was seen.
   */
  face: boolean;
}

/**
 * A performance for one avatar: a rig vector per frame, as the animator produces and the
 * exporters write.
 *
 * @example
 * ```ts
 * import { AVATARS } from '@freeavatar/synth';
 * const track: AnimationTrack = {
 *   fps: 30,
 *   avatar: 'robot',
 *   controls: AVATARS.robot.rig.map((c) => c.name),
 *   frames: [{ timeMs: 0, values: new Float32Array(AVATARS.robot.rig.length), face: true }],
 * };
 * ```
 */
export interface AnimationTrack {
  /** Nominal frame rate of the take (frames per second, > 0). */
  fps: number;
  /** The avatar id (a shipped avatar such as `'human'`, or any name for a custom rig). */
  avatar: string;
  /** Control names, in the order of each frame's `values`. */
  controls: readonly string[];
  /** The frames, in increasing time. */
  frames: AnimationFrame[];
}

/**
 * Checks that `track` is a well-formed {@link AnimationTrack}: positive frame rate, a non-empty
 * avatar name, unique non-empty control names, frames with finite increasing times, finite
 * values of the right length and a boolean `face` flag.
 *
 * @param what - how to name the track in error messages.
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the first bad field.
 * @example
 * ```ts
 * declare const track: AnimationTrack;
 * assertAnimationTrack(track); // throws if, e.g., frames[3].values has the wrong length
 * ```
 */
export function assertAnimationTrack(track: AnimationTrack, what = 'track'): void {
  assertArgument(
    track !== null && typeof track === 'object',
    `${what} must be an AnimationTrack object, got ${String(track)}`,
  );
  assertArgument(
    typeof track.fps === 'number' && Number.isFinite(track.fps) && track.fps > 0,
    `${what}.fps must be a positive number, got ${String(track.fps)}`,
  );
  assertArgument(
    typeof track.avatar === 'string' && track.avatar.length > 0,
    `${what}.avatar must be a non-empty string, got ${String(track.avatar)}`,
  );
  assertArgument(
    Array.isArray(track.controls) && track.controls.length > 0,
    `${what}.controls must be a non-empty array of control names`,
  );
  const seen = new Set<string>();
  track.controls.forEach((name, i) => {
    assertArgument(
      typeof name === 'string' && name.length > 0 && !/[,"\r\n]/.test(name),
      `${what}.controls[${i}] must be a non-empty name without commas, quotes or line breaks, got ${JSON.stringify(name)}`,
    );
    assertArgument(!seen.has(name), `${what}.controls has '${name}' twice`);
    seen.add(name);
  });
  assertArgument(Array.isArray(track.frames), `${what}.frames must be an array of frames`);
  const k = track.controls.length;
  let previous = -Infinity;
  track.frames.forEach((frame, f) => {
    const at = `${what}.frames[${f}]`;
    assertArgument(frame !== null && typeof frame === 'object', `${at} must be a frame object`);
    assertArgument(
      typeof frame.timeMs === 'number' && Number.isFinite(frame.timeMs),
      `${at}.timeMs must be a finite number, got ${String(frame.timeMs)}`,
    );
    assertArgument(
      frame.timeMs > previous,
      `${at}.timeMs must be greater than the previous frame's (${previous}), got ${frame.timeMs}`,
    );
    previous = frame.timeMs;
    assertArgument(
      frame.values instanceof Float32Array && frame.values.length === k,
      `${at}.values must be a Float32Array of ${k} values (one per control), got ${
        frame.values instanceof Float32Array ? `${frame.values.length} values` : typeof frame.values
      }`,
    );
    for (let c = 0; c < k; c++) {
      assertArgument(
        Number.isFinite(frame.values[c]),
        `${at}.values[${c}] (${track.controls[c]}) must be finite, got ${frame.values[c]}`,
      );
    }
    assertArgument(
      typeof frame.face === 'boolean',
      `${at}.face must be true or false, got ${String(frame.face)}`,
    );
  });
}

/**
 * Resamples a track onto a uniform time grid, `1000 / fps` ms apart, from its first frame to its
 * last, interpolating each control linearly between the two nearest frames. A grid frame counts
 * as a face frame when both frames around it do. Tracks whose frames already sit on the grid
 * come back with the same values.
 *
 * @param fps - the grid's rate; default the track's own `fps`.
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed track or rate.
 * @example
 * ```ts
 * declare const track: AnimationTrack;
 * const uniform = resampleTrack(track, 30); // frames at 0, 33.3, 66.7 … ms
 * ```
 */
export function resampleTrack(track: AnimationTrack, fps?: number): AnimationTrack {
  assertAnimationTrack(track);
  const rate = fps === undefined ? track.fps : fps;
  assertArgument(
    typeof rate === 'number' && Number.isFinite(rate) && rate > 0,
    `fps must be a positive number, got ${String(rate)}`,
  );
  const { frames } = track;
  if (frames.length === 0) return { ...track, fps: rate, frames: [] };
  const start = frames[0].timeMs;
  const span = frames[frames.length - 1].timeMs - start;
  const step = 1000 / rate;
  // Tolerate float error when the last frame sits on the grid.
  const count = Math.floor(span / step + 1e-6) + 1;
  const out: AnimationFrame[] = [];
  let j = 0;
  for (let i = 0; i < count; i++) {
    const timeMs = start + i * step;
    while (j + 1 < frames.length && frames[j + 1].timeMs <= timeMs + 1e-6) j++;
    const a = frames[j];
    const b = frames[Math.min(j + 1, frames.length - 1)];
    const w = b === a ? 0 : Math.min(1, Math.max(0, (timeMs - a.timeMs) / (b.timeMs - a.timeMs)));
    const values = new Float32Array(a.values.length);
    for (let c = 0; c < values.length; c++)
      values[c] = w === 0 ? a.values[c] : a.values[c] + w * (b.values[c] - a.values[c]);
    out.push({ timeMs, values, face: w === 0 ? a.face : a.face && b.face });
  }
  return { ...track, fps: rate, frames: out };
}

/**
 * Formats a number for the text formats: rounded to 6 decimals (rig values are 0–1; float32
 * holds about 7 digits), without a minus sign on zero.
 *
 * @example
 * ```ts
 * formatNumber(0.123456789); // '0.123457'
 * ```
 */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 1e6) / 1e6;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}
