import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '@freeavatar/core';
import { findFfmpeg, probeVideo, readVideoFrames, writeVideo } from './ffmpeg.js';

function solid(value: number, width = 64, height = 48): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(value) };
}

describe('ffmpeg video IO', () => {
  it('finds an ffmpeg binary and says where it came from', () => {
    const ffmpeg = findFfmpeg();
    expect(['system', '@ffmpeg-installer/ffmpeg']).toContain(ffmpeg.source);
  });

  it('writes frames to MP4 and decodes them back in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-video-'));
    const file = join(dir, 'clip.mp4');
    const levels = [20, 80, 140, 200, 240];
    await writeVideo(
      file,
      levels.map((v) => solid(v)),
      10,
    );
    const info = probeVideo(findFfmpeg(), file);
    expect(info).toMatchObject({ width: 64, height: 48, fps: 10 });
    const frames = [];
    for await (const frame of readVideoFrames(file)) frames.push(frame);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(frames[2].timestampMs).toBeCloseTo(200, 6);
    const means = frames.map((f) => f.image.data.reduce((a, b) => a + b, 0) / f.image.data.length);
    means.forEach((m, i) => expect(Math.abs(m - levels[i])).toBeLessThan(6));
  });

  it('gives a clear error for a file that is not a video', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-video-'));
    const file = join(dir, 'broken.mp4');
    await writeFile(file, 'this is not a video');
    expect(() => probeVideo(findFfmpeg(), file)).toThrow(/Cannot decode video .*broken\.mp4/);
    await expect(writeVideo(join(dir, 'x.mp4'), [], 10)).rejects.toThrow(/at least one frame/);
  });

  it('names a bad binary, file, frames or frame rate', async () => {
    expect(() => probeVideo(null as never, 'a.mp4')).toThrow(/ffmpeg must be an object, got null/);
    expect(() => probeVideo(findFfmpeg(), 42 as never)).toThrow(
      /file must be a non-empty string, got the number 42/,
    );
    await expect(readVideoFrames(null as never).next()).rejects.toThrow(
      /file must be a non-empty string, got null/,
    );
    await expect(writeVideo(null as never, [solid(0)], 10)).rejects.toThrow(
      /file must be a non-empty string, got null/,
    );
    await expect(writeVideo('a.mp4', 'x' as never, 10)).rejects.toThrow(/frames must be an array/);
    await expect(writeVideo('a.mp4', [solid(0)], 0)).rejects.toThrow(
      /fps must be a positive number, got the number 0/,
    );
    await expect(
      writeVideo('a.mp4', [{ ...solid(0), data: new Uint8Array(3) }], 10),
    ).rejects.toThrow(/image\.data must be a Uint8Array/);
  });
});
