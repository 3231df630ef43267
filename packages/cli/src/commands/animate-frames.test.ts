import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeImageFile } from '@freeavatar/core';
import { openFrameSource, type ActorFrame } from './animate-frames.js';
import { ASTRONAUT, greyImage } from './test-utils/encoder-fixture.js';

const CLIP = new URL('../../../synth/assets/example/astronaut.mp4', import.meta.url).pathname;

async function collect(frames: AsyncGenerator<ActorFrame>): Promise<ActorFrame[]> {
  const out: ActorFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

describe('openFrameSource', () => {
  it('streams the example clip, stopping after maxFrames', async () => {
    const source = await openFrameSource(CLIP, { maxFrames: 5 });
    expect(source).toMatchObject({ kind: 'video', fps: 25, total: 5 });
    expect(source.decoder).toBeDefined();
    const frames = await collect(source.frames());
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(frames[2].timestampMs).toBeCloseTo(80, 6);
    expect([frames[0].image.width, frames[0].image.height]).toEqual([256, 256]);
    expect(frames[0].source).toBe(CLIP);
  });

  it('resamples a video to --fps and estimates the frame count from the duration', async () => {
    const source = await openFrameSource(CLIP, { fps: 10 });
    expect(source.fps).toBe(10);
    expect(source.total).toBe(80);
    const frames = await collect(source.frames());
    expect(Math.abs(frames.length - 80)).toBeLessThanOrEqual(1);
    expect(frames[3].timestampMs).toBeCloseTo(300, 6);
  });

  it('reads an image and a folder in name order, timed at the given rate', async () => {
    const image = await openFrameSource(ASTRONAUT);
    expect(image).toMatchObject({ kind: 'image', fps: 30, total: 1, decoder: undefined });
    expect((await collect(image.frames()))[0].image.width).toBeGreaterThan(100);

    const dir = await mkdtemp(join(tmpdir(), 'fa-frames-'));
    for (const name of ['b.png', 'a.png', 'c.png'])
      await writeImageFile(join(dir, name), greyImage(16));
    const folder = await openFrameSource(dir, { fps: 4, maxFrames: 2 });
    expect(folder).toMatchObject({ kind: 'directory', fps: 4, total: 2 });
    const frames = await collect(folder.frames());
    expect(frames.map((f) => [f.source.slice(-5), f.timestampMs])).toEqual([
      ['a.png', 0],
      ['b.png', 250],
    ]);
  });

  it('names an undecodable video at once, and rejects bad limits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-frames-'));
    const broken = join(dir, 'broken.mp4');
    await writeFile(broken, 'not a video');
    await expect(openFrameSource(broken)).rejects.toThrow(/Cannot decode video .*broken\.mp4/);
    await expect(openFrameSource(CLIP, { maxFrames: 0 })).rejects.toThrow(/maxFrames .* got 0/);
    await expect(openFrameSource(CLIP, { fps: -1 })).rejects.toThrow(/fps .* got -1/);
    await expect(openFrameSource(join(dir, 'missing.mp4'))).rejects.toThrow(/No such file/);
  });

  it('names a path that is not a string and options that are not an object', async () => {
    await expect(openFrameSource(null as never)).rejects.toThrow(
      /path must be a non-empty string, got null/,
    );
    await expect(openFrameSource(ASTRONAUT, null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
  });
});
