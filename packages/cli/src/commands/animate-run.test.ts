import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFile, writeImageFile } from '@freeavatar/core';
import { parseAnimationJson } from '@freeavatar/animator';
import { AVATARS } from '@freeavatar/synth';
import { probeVideo, findFfmpeg, readVideoFrames } from '../video/ffmpeg.js';
import { runAnimate } from './animate-run.js';
import { EXAMPLE_CLIP, saveRandomAnimateModels } from './test-utils/animate-fixture.js';
import { ASTRONAUT, greyImage } from './test-utils/encoder-fixture.js';

let dir = '';
let models = { encoder: '', model: '' };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-animate-'));
  models = await saveRandomAnimateModels(join(dir, 'models'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function countFrames(file: string): Promise<number> {
  let n = 0;
  for await (const frame of readVideoFrames(file)) n += frame.index >= 0 ? 1 : 0;
  return n;
}

describe('runAnimate', () => {
  it('animates every avatar from the example clip: files, preview, counts and stage times', async () => {
    const out = join(dir, 'clip');
    const events: number[] = [];
    const before = tf.memory().numTensors;
    const summary = await runAnimate({
      input: EXAMPLE_CLIP,
      out,
      ...models,
      maxFrames: 6,
      previewSize: 64,
      backend: 'wasm',
      onProgress: (e) => events.push(e.done),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(summary).toMatchObject({
      frames: 6,
      framesWithFace: 6,
      framesWithoutFace: 0,
      avatars: ['human', 'toon', 'robot'],
      stopped: 'completed',
      backend: 'wasm',
      calibrationFaces: 0,
    });
    expect(events).toEqual([1, 2, 3, 4, 5, 6]);
    expect(summary.framesPerSecond).toBeCloseTo(6 / summary.seconds, 6);
    for (const stage of ['decode', 'encode', 'animate', 'preview', 'export'] as const)
      expect(summary.stageMs[stage]).toBeGreaterThan(0);
    // the faces were found on the crop worker, beside this thread
    expect(summary.stageMs.crop).toBe(0);
    expect(summary.workerCropMs).toBeGreaterThan(0);
    expect((await readdir(out)).sort()).toEqual([
      'animation-human.csv',
      'animation-robot.csv',
      'animation-toon.csv',
      'animation.json',
      'human.glb',
      'human.livelink.csv',
      'preview.mp4',
      'robot.glb',
      'toon.glb',
    ]);
    expect(summary.files.map((f) => basename(f)).sort()).toEqual(
      (await readdir(out)).filter((f) => f !== 'preview.mp4').sort(),
    );
    const tracks = parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'));
    expect(tracks.map((t) => [t.avatar, t.fps, t.frames.length])).toEqual([
      ['human', 25, 6],
      ['toon', 25, 6],
      ['robot', 25, 6],
    ]);
    const robot = tracks[2];
    expect(robot.controls).toEqual(AVATARS.robot.rig.map((c) => c.name));
    expect(robot.frames[5].timeMs).toBeCloseTo(200, 3);
    for (const track of tracks)
      for (const frame of track.frames) {
        expect(frame.face).toBe(true);
        for (const v of frame.values) expect(v >= 0 && v <= 1).toBe(true);
      }
    const glb = await readFile(join(out, 'robot.glb'));
    expect(glb.subarray(0, 4).toString('latin1')).toBe('glTF');
    const info = probeVideo(findFfmpeg(), summary.preview as string);
    expect(info).toMatchObject({ width: 4 * 64 + 5 * 4, fps: 25 });
    expect(await countFrames(summary.preview as string)).toBe(6);
  });

  it('finds the same faces and writes the same animation without the crop worker', async () => {
    const run = (cropWorker: boolean) =>
      runAnimate({
        input: EXAMPLE_CLIP,
        out: join(dir, `crop-worker-${cropWorker}`),
        ...models,
        avatars: ['toon'],
        maxFrames: 5,
        preview: 'none',
        backend: 'wasm',
        cropWorker,
      });
    const local = await run(false);
    const remote = await run(true);
    expect(local.stageMs.crop).toBeGreaterThan(0);
    expect(local.workerCropMs).toBe(0);
    expect(remote.workerCropMs).toBeGreaterThan(0);
    const read = async (cropWorker: boolean) =>
      parseAnimationJson(
        await readFile(join(dir, `crop-worker-${cropWorker}`, 'animation.json'), 'utf8'),
      )[0];
    const [a, b] = [await read(false), await read(true)];
    expect(b.frames.map((f) => f.timeMs)).toEqual(a.frames.map((f) => f.timeMs));
    expect(b.frames.map((f) => Array.from(f.values))).toEqual(
      a.frames.map((f) => Array.from(f.values)),
    );
  });

  it('holds the last pose (neutral before any face) through frames without a face', async () => {
    const frames = join(dir, 'frames');
    const astronaut = await readImageFile(ASTRONAUT);
    await writeImageFile(join(frames, 'a-grey.png'), greyImage(96));
    await writeImageFile(join(frames, 'b-astronaut.png'), astronaut);
    await writeImageFile(join(frames, 'c-grey.png'), greyImage(96));
    const out = join(dir, 'held');
    const summary = await runAnimate({
      input: frames,
      out,
      ...models,
      avatars: ['toon', 'robot'],
      fps: 10,
      preview: 'gif',
      previewSize: 48,
    });
    expect(summary).toMatchObject({ frames: 3, framesWithFace: 1, framesWithoutFace: 2 });
    const tracks = parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'));
    expect(tracks.map((t) => t.avatar)).toEqual(['toon', 'robot']);
    for (const track of tracks) {
      expect(track.frames.map((f) => f.face)).toEqual([false, true, false]);
      expect(track.frames.map((f) => f.timeMs)).toEqual([0, 100, 200]);
      expect(Array.from(track.frames[0].values).every((v) => v === 0)).toBe(true);
      expect(Array.from(track.frames[1].values).some((v) => v > 0)).toBe(true);
      expect(Array.from(track.frames[2].values)).toEqual(Array.from(track.frames[1].values));
    }
    expect(await readdir(out)).not.toContain('human.livelink.csv');
    const gif = await readFile(join(out, 'preview.gif'));
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  });

  it('animates a single image with a still preview and a single CSV', async () => {
    const out = join(dir, 'image');
    const summary = await runAnimate({ input: ASTRONAUT, out, ...models, avatars: ['robot'] });
    expect(summary).toMatchObject({ frames: 1, framesWithFace: 1, avatars: ['robot'] });
    expect((await readdir(out)).sort()).toEqual([
      'animation.csv',
      'animation.json',
      'preview.png',
      'robot.glb',
    ]);
    const still = await readImageFile(join(out, 'preview.png'));
    expect(still.width).toBe(2 * 128 + 3 * 4);
  });

  it('stops cleanly when aborted and still writes the frames done', async () => {
    const controller = new AbortController();
    const out = join(dir, 'aborted');
    const summary = await runAnimate({
      input: EXAMPLE_CLIP,
      out,
      ...models,
      avatars: ['robot'],
      previewSize: 48,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.done === 3) controller.abort();
      },
    });
    expect(summary).toMatchObject({ frames: 3, stopped: 'interrupted' });
    const tracks = parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'));
    expect(tracks[0].frames).toHaveLength(3);
    expect(await countFrames(join(out, 'preview.mp4'))).toBe(3);
  });

  it('calibrates the neutral face on the first seconds, which shifts the rigs', async () => {
    const base = { input: EXAMPLE_CLIP, ...models, avatars: ['robot'], maxFrames: 4 } as const;
    const plain = await runAnimate({ ...base, out: join(dir, 'plain'), preview: 'none' });
    const calibrated = await runAnimate({
      ...base,
      out: join(dir, 'calibrated'),
      preview: 'none',
      calibrateSeconds: 0.1,
    });
    expect(plain.calibrationFaces).toBe(0);
    expect(calibrated.calibrationFaces).toBe(3);
    const first = async (out: string) =>
      parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'))[0].frames[0].values;
    const a = await first(join(dir, 'plain'));
    const b = await first(join(dir, 'calibrated'));
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-3);
    expect(await readdir(join(dir, 'plain'))).not.toContain('preview.mp4');
  });

  it('passes the smoothing setting to the animator: off, or a heavy One-Euro filter', async () => {
    const base = { input: EXAMPLE_CLIP, ...models, avatars: ['toon'], maxFrames: 3 } as const;
    const values = async (smoothing: false | { minCutoff: number }, name: string) => {
      const out = join(dir, name);
      await runAnimate({ ...base, out, smoothing, preview: 'none' });
      const [track] = parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'));
      return track.frames.map((f) => Array.from(f.values));
    };
    const raw = await values(false, 'raw');
    const heavy = await values({ minCutoff: 0.01 }, 'heavy');
    expect(heavy[0]).toEqual(raw[0]);
    const step = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(step(raw[2], raw[0])).toBeGreaterThan(0);
    expect(step(heavy[2], heavy[0])).toBeLessThan(step(raw[2], raw[0]));
  });

  it('names an undecodable video, unknown avatars and calibration of a single image', async () => {
    const broken = join(dir, 'broken.mp4');
    await (await import('node:fs/promises')).writeFile(broken, 'not a video');
    await expect(runAnimate({ input: broken, out: join(dir, 'x'), ...models })).rejects.toThrow(
      /Cannot decode video .*broken\.mp4/,
    );
    await expect(
      runAnimate({ input: ASTRONAUT, out: join(dir, 'y'), ...models, avatars: ['cat'] }),
    ).rejects.toThrow('--avatar cat: the model drives human, toon, robot');
    await expect(
      runAnimate({ input: ASTRONAUT, out: join(dir, 'z'), ...models, calibrateSeconds: 1 }),
    ).rejects.toThrow(/--calibrate needs a video or a folder of frames/);
  });

  it('names options that are not an object or lack input or out', async () => {
    await expect(runAnimate(null as never)).rejects.toThrow(/options must be an object, got null/);
    await expect(runAnimate({ input: EXAMPLE_CLIP } as never)).rejects.toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
  });
});
