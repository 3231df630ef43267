import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '@freeavatar/core';
import { findFfmpeg, probeVideo, readVideoFrames } from '../video/ffmpeg.js';
import { openVideoWriter } from './animate-video-writer.js';

function gradient(shift: number, width = 48, height = 32): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      data[p] = (x * 5 + shift) & 255;
      data[p + 1] = y * 7;
      data[p + 2] = 128;
    }
  return { width, height, data };
}

describe('openVideoWriter', () => {
  it('streams frames into an MP4 that decodes back at its size, rate and length', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'fa-writer-')), 'clip.mp4');
    const writer = openVideoWriter(file, { width: 48, height: 32, fps: 12 });
    for (let i = 0; i < 7; i++) await writer.write(gradient(i * 30));
    expect(writer.frames).toBe(7);
    await writer.close();
    expect(probeVideo(findFfmpeg(), file)).toMatchObject({ width: 48, height: 32, fps: 12 });
    const frames = [];
    for await (const frame of readVideoFrames(file)) frames.push(frame.image);
    expect(frames).toHaveLength(7);
    const diff = frames[3].data.reduce((s, v, i) => s + Math.abs(v - gradient(90).data[i]), 0);
    expect(diff / frames[3].data.length).toBeLessThan(12);
  });

  it('writes a GIF with one palette', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'fa-writer-')), 'clip.gif');
    const writer = openVideoWriter(file, { width: 47, height: 31, fps: 10, format: 'gif' });
    for (let i = 0; i < 4; i++) await writer.write(gradient(i * 50, 47, 31));
    await writer.close();
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(bytes.readUInt16LE(6)).toBe(47);
    expect(bytes.readUInt16LE(8)).toBe(31);
  });

  it('rejects odd MP4 sizes, wrong frames and an empty video with messages naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-writer-'));
    expect(() => openVideoWriter(join(dir, 'a.mp4'), { width: 47, height: 32, fps: 10 })).toThrow(
      /width must be an even integer .* got 47/,
    );
    expect(() => openVideoWriter(join(dir, 'a.mp4'), { width: 48, height: 32, fps: 0 })).toThrow(
      /fps must be a positive number, got 0/,
    );
    const writer = openVideoWriter(join(dir, 'b.mp4'), { width: 48, height: 32, fps: 10 });
    await expect(writer.write(gradient(0, 32, 32))).rejects.toThrow(/must be 48x32 RGB, got 32x32/);
    await expect(writer.close()).rejects.toThrow(/b\.mp4 needs at least one frame/);
    const bad = openVideoWriter(join(dir, 'missing', 'c.mp4'), { width: 48, height: 32, fps: 10 });
    await bad.write(gradient(0)).catch(() => undefined);
    await expect(bad.close()).rejects.toThrow(/Cannot write video .*c\.mp4/);
  });

  it('names a file that is not a path and options that are not an object', () => {
    expect(() => openVideoWriter(null as never, { width: 2, height: 2, fps: 1 })).toThrow(
      /file must be a non-empty string, got null/,
    );
    expect(() => openVideoWriter('a.mp4', null as never)).toThrow(
      /options must be an object, got null/,
    );
  });
});
