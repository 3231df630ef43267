import { describe, expect, it } from 'vitest';
import { randomTrack } from '../test-utils/tracks.js';
import { assertAnimationTrack, resampleTrack, type AnimationTrack } from './animation-track.js';

describe('assertAnimationTrack', () => {
  it('accepts a well-formed track and names the first bad field', () => {
    const track = randomTrack('robot', 5, 30, 1);
    expect(() => assertAnimationTrack(track)).not.toThrow();
    const bad = (change: Partial<AnimationTrack>) => () =>
      assertAnimationTrack({ ...track, ...change });
    expect(bad({ fps: 0 })).toThrow(/track.fps must be a positive number, got 0/);
    expect(bad({ avatar: '' })).toThrow(/track.avatar must be a non-empty string/);
    expect(bad({ controls: ['a', 'a'] })).toThrow(/has 'a' twice/);
    expect(bad({ controls: ['a,b'] })).toThrow(
      /controls\[0\] must be a non-empty name without commas/,
    );
    const frames = track.frames.slice();
    frames[2] = { ...frames[2], values: new Float32Array(3) };
    expect(bad({ frames })).toThrow(
      /frames\[2\].values must be a Float32Array of 12 values .*got 3 values/,
    );
    const late = track.frames.slice();
    late[3] = { ...late[3], timeMs: 0 };
    expect(bad({ frames: late })).toThrow(/frames\[3\].timeMs must be greater than the previous/);
    const nan = track.frames.slice();
    nan[1] = { ...nan[1], values: nan[1].values.map((v, i) => (i === 4 ? NaN : v)) };
    expect(bad({ frames: nan })).toThrow(/frames\[1\].values\[4\] \(\w+\) must be finite, got NaN/);
  });
});

describe('resampleTrack', () => {
  it('leaves a track already on its grid unchanged', () => {
    const track = randomTrack('toon', 7, 30, 2);
    const same = resampleTrack(track);
    expect(same.frames).toHaveLength(7);
    same.frames.forEach((frame, f) => {
      expect(frame.timeMs).toBeCloseTo(track.frames[f].timeMs, 9);
      expect(Array.from(frame.values)).toEqual(Array.from(track.frames[f].values));
      expect(frame.face).toBe(track.frames[f].face);
    });
  });

  it('interpolates uneven frames linearly onto the grid', () => {
    const track: AnimationTrack = {
      fps: 10,
      avatar: 'custom',
      controls: ['x'],
      frames: [
        { timeMs: 0, values: Float32Array.of(0), face: true },
        { timeMs: 250, values: Float32Array.of(1), face: true },
        { timeMs: 300, values: Float32Array.of(0.5), face: false },
      ],
    };
    const grid = resampleTrack(track);
    expect(grid.frames.map((f) => f.timeMs)).toEqual([0, 100, 200, 300]);
    expect(grid.frames.map((f) => Number(f.values[0].toFixed(4)))).toEqual([0, 0.4, 0.8, 0.5]);
    expect(grid.frames.map((f) => f.face)).toEqual([true, true, true, false]);
    expect(resampleTrack(track, 5).frames.map((f) => f.timeMs)).toEqual([0, 200]);
    expect(() => resampleTrack(track, -1)).toThrow(/fps must be a positive number, got -1/);
    expect(() => resampleTrack(null as never)).toThrow(/track must be an AnimationTrack object/);
  });
});
