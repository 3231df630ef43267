import { describe, expect, it } from 'vitest';
import { maxAbsDiff, randomTrack } from '../test-utils/tracks.js';
import { parseAnimationCsv, toAnimationCsv } from './animation-csv.js';

describe('toAnimationCsv / parseAnimationCsv', () => {
  it('writes frame,time_s,<controls> rows and reads them back', () => {
    const track = randomTrack('toon', 9, 24, 3);
    const text = toAnimationCsv(track);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(['frame', 'time_s', ...track.controls].join(','));
    const row = lines[2].split(',');
    expect(row[0]).toBe('1');
    expect(Number(row[1])).toBeCloseTo(1 / 24, 6);
    expect(Number(row[2])).toBeCloseTo(track.frames[1].values[0], 6);

    const read = parseAnimationCsv(text, { avatar: 'toon' });
    expect(read.fps).toBe(24);
    expect(read.avatar).toBe('toon');
    expect(read.controls).toEqual(track.controls);
    read.frames.forEach((frame, f) => {
      expect(frame.timeMs).toBeCloseTo(track.frames[f].timeMs, 3);
      expect(frame.face).toBe(true);
      expect(maxAbsDiff(frame.values, track.frames[f].values)).toBeLessThan(1e-6);
    });
    expect(parseAnimationCsv(text.replace(/\n/g, '\r\n'), { avatar: 'toon', fps: 25 }).fps).toBe(
      25,
    );
  });

  it('names the line and column of bad CSV', () => {
    const text = toAnimationCsv(randomTrack('robot', 3, 30, 1));
    expect(() => parseAnimationCsv('a,b,c\n', { avatar: 'x' })).toThrow(
      /header must be "frame,time_s,<controls…>", got "a,b,c"/,
    );
    const lines = text.split('\n');
    lines[2] = lines[2].replace(/,[^,]*$/, ',oops');
    expect(() => parseAnimationCsv(lines.join('\n'), { avatar: 'robot' })).toThrow(
      /line 3, column \w+: "oops" is not a number/,
    );
    lines[2] = '1,0.1';
    expect(() => parseAnimationCsv(lines.join('\n'), { avatar: 'robot' })).toThrow(
      /line 3 has 2 cells, expected 14/,
    );
    const one = toAnimationCsv(randomTrack('robot', 1, 30, 1));
    expect(() => parseAnimationCsv(one, { avatar: 'robot' })).toThrow(/pass options.fps/);
  });
});
