import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageFile, type RgbImage } from '@freeavatar/core';
import { AVATARS } from '@freeavatar/synth';
import { findFfmpeg, probeVideo, readVideoFrames } from '../video/ffmpeg.js';
import { openPreviewOutput } from './animate-preview-output.js';
import { openPreviewWorker } from './animate-preview-remote.js';

const face: RgbImage = { width: 40, height: 40, data: new Uint8Array(40 * 40 * 3).fill(200) };

describe('openPreviewOutput', () => {
  it('streams labelled frames of the actor and the avatars to an MP4', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-preview-'));
    const preview = await openPreviewOutput({
      dir,
      format: 'mp4',
      avatars: ['robot', 'custom'],
      cellSize: 48,
      fps: 5,
    });
    expect(preview.file).toBe(join(dir, 'preview.mp4'));
    const rig = new Float32Array(AVATARS.robot.rig.length);
    for (let i = 0; i < 3; i++) await preview.add(face, { robot: rig.fill(i / 3) }, i !== 1);
    expect(preview.frames).toBe(3);
    expect(await preview.close()).toBe(preview.file);
    expect(probeVideo(findFfmpeg(), preview.file)).toMatchObject({ width: 3 * 48 + 4 * 4, fps: 5 });
  });

  it('writes the same frames on a worker thread as on the calling thread', async () => {
    const write = async (worker: boolean): Promise<RgbImage[]> => {
      const dir = await mkdtemp(join(tmpdir(), 'fa-preview-'));
      const preview = await openPreviewOutput({
        dir,
        format: 'mp4',
        avatars: ['toon'],
        cellSize: 48,
        fps: 5,
        worker,
      });
      const rig = new Float32Array(AVATARS.toon.rig.length);
      for (let i = 0; i < 12; i++) await preview.add(face, { toon: rig.fill(i / 12) }, true);
      expect(preview.frames).toBe(12);
      const file = (await preview.close()) as string;
      const frames: RgbImage[] = [];
      for await (const frame of readVideoFrames(file)) frames.push(frame.image);
      return frames;
    };
    const direct = await openPreviewWorker({
      dir: await mkdtemp(join(tmpdir(), 'fa-preview-')),
      format: 'gif',
      avatars: ['toon'],
      cellSize: 32,
      fps: 5,
    });
    expect(direct).toBeDefined();
    expect(await direct?.close()).toBeUndefined();
    const [remote, local] = [await write(true), await write(false)];
    expect(remote).toHaveLength(12);
    remote.forEach((frame, i) => expect(frame.data).toEqual(local[i].data));
    await expect(
      openPreviewOutput({ dir: tmpdir(), format: 'mp4', avatars: [], cellSize: 7, fps: 5 }),
    ).rejects.toThrow(/cell/i);
  });

  it('writes a still picture for one image, a blank cell for an avatar without a mesh, nothing without frames', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-preview-'));
    const still = await openPreviewOutput({
      dir,
      format: 'png',
      avatars: ['custom'],
      cellSize: 32,
      fps: 30,
    });
    await still.add(face, {}, true);
    expect(await still.close()).toBe(join(dir, 'preview.png'));
    const image = await readImageFile(join(dir, 'preview.png'));
    expect(image.width).toBe(2 * 32 + 3 * 4);
    const bottom = image.height - 4 - 16;
    const p = (bottom * image.width + 4 + 36 + 16) * 3;
    expect(Array.from(image.data.subarray(p, p + 3))).toEqual([90, 90, 90]);

    const empty = await mkdtemp(join(tmpdir(), 'fa-preview-'));
    const none = await openPreviewOutput({
      dir: empty,
      format: 'gif',
      avatars: ['toon'],
      cellSize: 32,
      fps: 10,
    });
    expect(await none.close()).toBeUndefined();
    expect(await readdir(empty)).toEqual([]);
  });

  it('renders avatars at the supersampling asked for, and names a bad factor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-preview-'));
    const still = async (supersample: number): Promise<RgbImage> => {
      const preview = await openPreviewOutput({
        dir,
        format: 'png',
        avatars: ['robot'],
        cellSize: 48,
        fps: 5,
        supersample,
      });
      await preview.add(face, { robot: new Float32Array(AVATARS.robot.rig.length) }, true);
      return readImageFile((await preview.close()) as string);
    };
    const [coarse, smooth] = [await still(1), await still(3)];
    expect([coarse.width, coarse.height]).toEqual([smooth.width, smooth.height]);
    let differing = 0;
    for (let i = 0; i < coarse.data.length; i++) if (coarse.data[i] !== smooth.data[i]) differing++;
    expect(differing).toBeGreaterThan(0);
    await expect(
      openPreviewOutput({
        dir,
        format: 'png',
        avatars: ['robot'],
        cellSize: 48,
        fps: 5,
        supersample: 5,
      }),
    ).rejects.toThrow('supersample must be an integer in 1..4, got 5');
  });
});
