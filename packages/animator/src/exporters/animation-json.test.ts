import { describe, expect, it } from 'vitest';
import { maxAbsDiff, randomTrack } from '../test-utils/tracks.js';
import { parseAnimationJson, toAnimationJson, type AnimationJson } from './animation-json.js';

describe('toAnimationJson / parseAnimationJson', () => {
  it('writes fps and per-frame control records per avatar, and reads them back', () => {
    const human = randomTrack('human', 6, 30, 1);
    const robot = randomTrack('robot', 6, 30, 2);
    const text = toAnimationJson([human, robot]);
    const doc = JSON.parse(text) as AnimationJson;
    expect(doc.fps).toBe(30);
    expect(Object.keys(doc.avatars)).toEqual(['human', 'robot']);
    const record = doc.avatars.robot.frames[1];
    expect(record.t).toBeCloseTo(1 / 30, 6);
    expect(record.face).toBe(true);
    expect(Object.keys(record.controls)).toEqual(robot.controls);
    expect(record.controls[robot.controls[0]]).toBeCloseTo(robot.frames[1].values[0], 6);
    expect(doc.avatars.robot.frames[3].face).toBe(false);

    const [h, r] = parseAnimationJson(text);
    for (const [read, original] of [
      [h, human],
      [r, robot],
    ] as const) {
      expect(read.avatar).toBe(original.avatar);
      expect(read.fps).toBe(30);
      expect(read.controls).toEqual(original.controls);
      expect(read.frames).toHaveLength(6);
      read.frames.forEach((frame, f) => {
        expect(frame.timeMs).toBeCloseTo(original.frames[f].timeMs, 3);
        expect(frame.face).toBe(original.frames[f].face);
        expect(maxAbsDiff(frame.values, original.frames[f].values)).toBeLessThan(1e-6);
      });
    }
    expect(parseAnimationJson(toAnimationJson(robot))[0].avatar).toBe('robot');
  });

  it('rejects mixed frame rates, repeated avatars and files that are not animations', () => {
    const a = randomTrack('toon', 2, 30, 1);
    expect(() => toAnimationJson([a, randomTrack('robot', 2, 25, 1)])).toThrow(
      /one frame rate: 'toon' has 30 fps, 'robot' 25/,
    );
    expect(() => toAnimationJson([a, a])).toThrow(/two tracks for avatar 'toon'/);
    expect(() => toAnimationJson([])).toThrow(/at least one track/);
    expect(() => parseAnimationJson('{')).toThrow(/invalid JSON/);
    expect(() => parseAnimationJson('{"format":"x"}')).toThrow(/format is "x"/);
    const doc = JSON.parse(toAnimationJson(a)) as AnimationJson;
    delete doc.avatars.toon.frames[1].controls[a.controls[2]];
    expect(() => parseAnimationJson(JSON.stringify(doc))).toThrow(
      new RegExp(`avatar 'toon' frame 1 lacks control '${a.controls[2]}'`),
    );
  });
});
