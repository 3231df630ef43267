import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { readVideoFrames } from '../video/ffmpeg.js';
import { createProgram } from '../program.js';
import { defaultTrackPath, runSynthClip } from './synth-clip.js';

const ASTRONAUT = new URL('../../../face-crop/fixtures/astronaut.png', import.meta.url).pathname;

describe('runSynthClip', () => {
  it('renders a tiny script into a video and a track with one row per frame', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-synth-clip-'));
    const script = join(dir, 'script.json');
    await writeFile(
      script,
      JSON.stringify({
        description: 'tiny',
        keyframes: [
          { timeMs: 0, emotion: 'neutral' },
          { timeMs: 200, weights: { jawOpen: 0.8 } },
          { timeMs: 400, emotion: 'happy', weights: { eyeBlinkLeft: 1 } },
        ],
      }),
    );
    const out = join(dir, 'actor.mp4');
    const events: string[] = [];
    const summary = await runSynthClip({
      script,
      photo: ASTRONAUT,
      out,
      fps: 10,
      size: 64,
      checkFaces: true,
      onProgress: (e) => events.push(`${e.task}:${e.done}`),
    });
    expect(summary).toMatchObject({ frames: 5, fps: 10, size: 64, durationMs: 400, video: out });
    expect(summary.track).toBe(join(dir, 'actor.arkit.json'));
    expect(summary.framesWithFace).toBe(5);
    expect(events).toContain('render:5');
    const frames = [];
    for await (const frame of readVideoFrames(out)) frames.push(frame);
    expect(frames).toHaveLength(5);
    expect([frames[0].image.width, frames[0].image.height]).toEqual([64, 64]);
    const track = JSON.parse(await readFile(summary.track, 'utf8'));
    expect(track).toMatchObject({ format: 'freeavatar-arkit-track', version: 1, fps: 10 });
    expect(track.names).toHaveLength(52);
    expect(track.frames).toHaveLength(5);
    expect(track.frames.map((f: { timeMs: number }) => f.timeMs)).toEqual([0, 100, 200, 300, 400]);
    const jaw = track.names.indexOf('jawOpen');
    const blink = track.names.indexOf('eyeBlinkLeft');
    expect(track.frames[2].weights[jaw]).toBeCloseTo(0.8, 4);
    expect(track.frames[4].weights[blink]).toBe(1);
    for (const f of track.frames) expect(f.weights).toHaveLength(52);
  });

  it('names the script when it is not valid JSON or not a script', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-synth-clip-bad-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "keyframes": [');
    const error = await runSynthClip({
      script: broken,
      photo: ASTRONAUT,
      out: join(dir, 'a.mp4'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FreeAvatarError);
    expect((error as Error).message).toMatch(/broken\.json is not valid JSON/);
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify([{ timeMs: 0, weights: { smile: 1 } }]));
    await expect(
      runSynthClip({ script: wrong, photo: ASTRONAUT, out: join(dir, 'b.mp4') }),
    ).rejects.toThrow(/keyframe 0\.weights has unknown ARKit blendshape "smile"/);
    await expect(
      runSynthClip({
        script: join(dir, 'missing.json'),
        photo: ASTRONAUT,
        out: join(dir, 'c.mp4'),
      }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('puts the track beside the video by default', () => {
    expect(defaultTrackPath('out/actor.mp4')).toBe(join('out', 'actor.arkit.json'));
  });

  it('is reachable as `freeavatar synth clip` and checks its options', async () => {
    const lines: string[] = [];
    const program = createProgram((line) => lines.push(line)).exitOverride();
    program.commands.forEach((c) => c.exitOverride());
    const synth = program.commands.find((c) => c.name() === 'synth');
    expect(synth?.commands.map((c) => c.name())).toContain('clip');
    synth?.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: () => {} }));
    await expect(
      program.parseAsync([
        'node',
        'freeavatar',
        'synth',
        'clip',
        '--photo',
        ASTRONAUT,
        '--out',
        'x.mp4',
      ]),
    ).rejects.toThrow(/--script/);
    await expect(
      program.parseAsync([
        'node',
        'freeavatar',
        'synth',
        'clip',
        '--script',
        's.json',
        '--photo',
        ASTRONAUT,
        '--out',
        'x.mp4',
        '--size',
        '4',
      ]),
    ).rejects.toThrow(/--size must be an integer in 16\.\.1024, got 4/);
  });

  it('names options that are not an object or lack a path, and a video that is not a path', async () => {
    expect(() => defaultTrackPath(null as never)).toThrow(
      /video must be a non-empty string, got null/,
    );
    await expect(runSynthClip(null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
    await expect(runSynthClip({ script: 's.json', out: 'a.mp4' } as never)).rejects.toThrow(
      /options\.photo must be a non-empty string, got undefined/,
    );
  });
});
