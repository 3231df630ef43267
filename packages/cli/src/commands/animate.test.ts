import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAnimationJson } from '@freeavatar/animator';
import { createProgram, main } from '../program.js';
import { animateSummaryLines } from './animate.js';
import type { AnimateSummary } from './animate-run.js';
import { EXAMPLE_CLIP, saveRandomAnimateModels } from './test-utils/animate-fixture.js';
import { parseFailing } from './test-utils/cli-helpers.js';

let dir = '';
let modelFlags: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-animate-cli-'));
  const models = await saveRandomAnimateModels(join(dir, 'models'));
  modelFlags = ['--model', models.model, '--encoder', models.encoder, '--backend', 'wasm'];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('freeavatar animate', () => {
  it('animates a clip from the command line and prints the summary', async () => {
    const out = join(dir, 'toon');
    const lines: string[] = [];
    await createProgram((l) => lines.push(l)).parseAsync(
      ['animate', EXAMPLE_CLIP, '--avatar', 'toon', '--out', out, '--max-frames', '3'].concat(
        ['--no-smooth', '--fps', '10', '--preview', 'none'],
        modelFlags,
      ),
      { from: 'user' },
    );
    expect(lines).toContain('backend: wasm');
    expect(lines).toContain(
      'animated 3 frames for toon: 3 with a face, 0 without (held the last pose)',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d+\.\d s, \d+\.\d frames\/s end to end on wasm$/),
    );
    expect(lines.at(-1)).toBe(
      `wrote ${['animation.json', 'animation.csv', 'toon.glb'].map((f) => join(out, f)).join(', ')}`,
    );
    const [track] = parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'));
    expect(track.fps).toBe(10);
    expect(track.frames.map((f) => Math.round(f.timeMs))).toEqual([0, 100, 200]);

    // --mirror-average reads each face twice (as it is and mirrored): other values, same frames
    const mirrored = join(dir, 'toon-mirrored');
    await createProgram(() => {}).parseAsync(
      ['animate', EXAMPLE_CLIP, '--avatar', 'toon', '--out', mirrored, '--max-frames', '3'].concat(
        ['--no-smooth', '--fps', '10', '--preview', 'none', '--mirror-average'],
        modelFlags,
      ),
      { from: 'user' },
    );
    const [other] = parseAnimationJson(await readFile(join(mirrored, 'animation.json'), 'utf8'));
    expect(other.frames).toHaveLength(3);
    const gap = Math.max(
      ...other.frames.flatMap((f, t) =>
        Array.from(f.values, (v, c) => Math.abs(v - track.frames[t].values[c])),
      ),
    );
    expect(gap).toBeGreaterThan(1e-5);
    expect(gap).toBeLessThan(0.5);
  });

  it('gives a one-line error and exit code 1 for a video that cannot be decoded', async () => {
    const broken = join(dir, 'broken.mp4');
    await writeFile(broken, 'not a video');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await main(['node', 'freeavatar', 'animate', broken, '--out', join(dir, 'b')]);
      expect(code).toBe(1);
      expect(spy.mock.calls).toHaveLength(1);
      expect(spy.mock.calls[0][0]).toMatch(/^freeavatar: Cannot decode video .*broken\.mp4: .+/);
      expect(String(spy.mock.calls[0][0])).not.toMatch(/\n\s+at /);
    } finally {
      spy.mockRestore();
    }
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('stops on Ctrl-C after the current frame, writes what was done and sets exit code 130', async () => {
    const out = join(dir, 'ctrl-c');
    const lines: string[] = [];
    const listeners = process.listenerCount('SIGINT');
    const run = createProgram((l) => lines.push(l)).parseAsync(
      ['animate', EXAMPLE_CLIP, '--avatar', 'robot', '--out', out, '--preview-size', '32'].concat(
        modelFlags,
      ),
      { from: 'user' },
    );
    // The preview file appears with the first frame.
    while (process.listenerCount('SIGINT') === listeners || !existsSync(join(out, 'preview.mp4')))
      await new Promise((resolve) => setTimeout(resolve, 10));
    const exitCode = process.exitCode;
    try {
      process.emit('SIGINT');
      await run;
      expect(process.exitCode).toBe(130);
    } finally {
      process.exitCode = exitCode;
    }
    const done = /^interrupted after (\d+) frames? for robot/.exec(
      lines
        .join('\n')
        .split('\n')
        .find((l) => l.startsWith('interrupted')) ?? '',
    );
    expect(done).not.toBeNull();
    const frames = Number(done?.[1]);
    expect(frames).toBeGreaterThanOrEqual(1);
    expect(frames).toBeLessThan(201);
    const [track] = parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'));
    expect(track.frames).toHaveLength(frames);
    expect((await readdir(out)).sort()).toEqual([
      'animation.csv',
      'animation.json',
      'preview.mp4',
      'robot.glb',
    ]);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it('names bad flags', async () => {
    const base = ['animate', EXAMPLE_CLIP, '--out', join(dir, 'never')];
    expect(await parseFailing([...base, '--avatar', 'a b'])).toMatch(
      /--avatar must be 'all' or avatar ids separated by commas/,
    );
    expect(await parseFailing([...base, '--preview', 'avi'])).toMatch(
      /--preview <kind>' argument 'avi' is invalid. Allowed choices are mp4, gif, none/,
    );
    expect(await parseFailing([...base, '--smooth', '0'])).toMatch(
      /--smooth must be a positive number, got 0/,
    );
    expect(await parseFailing([...base, '--preview-size', '33'])).toMatch(/even integer/);
    expect(await parseFailing(['animate', EXAMPLE_CLIP])).toMatch(/--out <dir>/);
  });

  it('formats the summary of an interrupted run with no frames', () => {
    const summary: AnimateSummary = {
      frames: 0,
      framesWithFace: 0,
      framesWithoutFace: 0,
      seconds: 1.2,
      framesPerSecond: 0,
      backend: 'cpu',
      avatars: ['human'],
      stopped: 'interrupted',
      files: [],
      preview: undefined,
      calibrationFaces: 0,
      stageMs: { decode: 0, crop: 0, encode: 0, animate: 0, preview: 0, export: 0 },
      workerCropMs: 0,
    };
    expect(animateSummaryLines(summary)).toEqual([
      'interrupted after 0 frames for human: 0 with a face, 0 without (held the last pose)',
      '1.2 s, 0.0 frames/s end to end on cpu',
      'no frame was animated: nothing written',
    ]);
  });
});
