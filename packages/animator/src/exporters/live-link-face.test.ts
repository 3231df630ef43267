import { ARKIT_BLENDSHAPE_NAMES } from '@freeavatar/synth';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, randomTrack } from '../test-utils/tracks.js';
import {
  LIVE_LINK_FACE_BLENDSHAPES,
  LIVE_LINK_FACE_HEADER,
  isArkitTrack,
  liveLinkTimecode,
  parseLiveLinkFaceCsv,
  toLiveLinkFaceCsv,
} from './live-link-face.js';

// The header line of a recording made by the Live Link Face app.
const RECORDED_HEADER =
  'Timecode,BlendShapeCount,EyeBlinkLeft,EyeLookDownLeft,EyeLookInLeft,EyeLookOutLeft,' +
  'EyeLookUpLeft,EyeSquintLeft,EyeWideLeft,EyeBlinkRight,EyeLookDownRight,EyeLookInRight,' +
  'EyeLookOutRight,EyeLookUpRight,EyeSquintRight,EyeWideRight,JawForward,JawRight,JawLeft,' +
  'JawOpen,MouthClose,MouthFunnel,MouthPucker,MouthRight,MouthLeft,MouthSmileLeft,' +
  'MouthSmileRight,MouthFrownLeft,MouthFrownRight,MouthDimpleLeft,MouthDimpleRight,' +
  'MouthStretchLeft,MouthStretchRight,MouthRollLower,MouthRollUpper,MouthShrugLower,' +
  'MouthShrugUpper,MouthPressLeft,MouthPressRight,MouthLowerDownLeft,MouthLowerDownRight,' +
  'MouthUpperUpLeft,MouthUpperUpRight,BrowDownLeft,BrowDownRight,BrowInnerUp,BrowOuterUpLeft,' +
  'BrowOuterUpRight,CheekPuff,CheekSquintLeft,CheekSquintRight,NoseSneerLeft,NoseSneerRight,' +
  'TongueOut,HeadYaw,HeadPitch,HeadRoll,LeftEyeYaw,LeftEyePitch,LeftEyeRoll,RightEyeYaw,' +
  'RightEyePitch,RightEyeRoll';

describe('Live Link Face CSV', () => {
  it('has the app header: the 52 ARKit names capitalised, then 9 rotations', () => {
    expect(LIVE_LINK_FACE_HEADER.join(',')).toBe(RECORDED_HEADER);
    expect([...LIVE_LINK_FACE_BLENDSHAPES].sort()).toEqual([...ARKIT_BLENDSHAPE_NAMES].sort());
  });

  it('formats timecodes as HH:MM:SS:FF.fff', () => {
    expect(liveLinkTimecode(0, 30)).toBe('00:00:00:00.000');
    expect(liveLinkTimecode(3723.5, 30)).toBe('01:02:03:15.000');
    expect(liveLinkTimecode(29 / 30, 30)).toBe('00:00:00:29.000');
    expect(liveLinkTimecode(1, 30)).toBe('00:00:01:00.000');
    expect(liveLinkTimecode(0.01, 60)).toBe('00:00:00:00.600');
    expect(liveLinkTimecode(1 / 29.97, 29.97)).toBe('00:00:00:01.001');
    expect(() => liveLinkTimecode(-1, 30)).toThrow(/seconds must be finite and ≥ 0, got -1/);
  });

  it('writes the human track in column order and reads it back', () => {
    const track = randomTrack('human', 5, 30, 4);
    const text = toLiveLinkFaceCsv(track, { startSeconds: 12 * 3600 + 27 * 60 });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(RECORDED_HEADER);
    const row = lines[2].split(',');
    expect(row).toHaveLength(63);
    expect(row[0]).toBe('12:27:00:01.000');
    expect(row[1]).toBe('61');
    const jaw = track.controls.indexOf('jawOpen');
    expect(row[RECORDED_HEADER.split(',').indexOf('JawOpen')]).toBe(
      track.frames[1].values[jaw].toFixed(10),
    );
    expect(row.slice(54)).toEqual(Array(9).fill('0.0000000000'));

    const read = parseLiveLinkFaceCsv(text, { timecodeFps: 30 });
    expect(read.avatar).toBe('human');
    expect(read.fps).toBe(30);
    expect(read.controls).toEqual(track.controls);
    read.frames.forEach((frame, f) => {
      expect(frame.timeMs).toBeCloseTo(track.frames[f].timeMs, 3);
      expect(maxAbsDiff(frame.values, track.frames[f].values)).toBeLessThan(1e-9);
    });
    // The app counts timecode frames at 60 per second.
    const at60 = toLiveLinkFaceCsv(track, { timecodeFps: 60 });
    expect(at60.split('\n')[2].split(',')[0]).toBe('00:00:00:02.000');
    expect(parseLiveLinkFaceCsv(at60).fps).toBe(30);
  });

  it('refuses avatars whose rig is not ARKit-52', () => {
    const toon = randomTrack('toon', 2, 30, 1);
    expect(isArkitTrack(toon)).toBe(false);
    expect(isArkitTrack(randomTrack('human', 1, 30, 1))).toBe(true);
    expect(() => isArkitTrack(null as never)).toThrow(/track must be an object, got null/);
    expect(() => isArkitTrack({} as never)).toThrow(
      /track.controls must be an array, got undefined/,
    );
    expect(() => toLiveLinkFaceCsv(toon)).toThrow(
      /needs an ARKit-52 track .*avatar 'toon' has 21 controls/,
    );
    expect(() => parseLiveLinkFaceCsv('Timecode,EyeBlinkLeft\n')).toThrow(
      /Not a Live Link Face CSV.*missing BrowDownLeft/,
    );
    const text = toLiveLinkFaceCsv(randomTrack('human', 2, 30, 1)).replace(
      '00:00:00:01.000',
      '0:01',
    );
    expect(() => parseLiveLinkFaceCsv(text)).toThrow(/line 3: timecode "0:01" is not/);
  });
});
