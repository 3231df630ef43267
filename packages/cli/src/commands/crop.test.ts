import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageFile, type RgbImage } from '@freeavatar/core';
import { writeVideo } from '../video/ffmpeg.js';
import { runCrop } from './crop.js';

const ASTRONAUT = new URL('../../../face-crop/fixtures/astronaut.png', import.meta.url).pathname;

function shifted(image: RgbImage, dx: number, size = 320): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, x + 80 + dx));
      const sy = Math.min(image.height - 1, y);
      data.set(
        image.data.subarray((sy * image.width + sx) * 3, (sy * image.width + sx) * 3 + 3),
        (y * size + x) * 3,
      );
    }
  }
  return { width: size, height: size, data };
}

describe('runCrop', () => {
  it('crops the astronaut photo and writes crops, faces.json and a contact sheet', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fa-crop-'));
    const events: number[] = [];
    const summary = await runCrop({
      input: ASTRONAUT,
      out,
      size: 96,
      onProgress: (e) => events.push(e.done),
    });
    expect(summary).toMatchObject({ images: 1, unit: 'images', imagesWithFaces: 1, faces: 1 });
    expect(events).toEqual([1]);
    const json = JSON.parse(await readFile(summary.facesJson, 'utf8'));
    const face = json.sources[0].faces[0];
    expect(face.landmarks).toHaveLength(468);
    expect(face.cropLandmarks).toHaveLength(468);
    expect(face.box.x).toBeGreaterThan(150);
    expect(face.box.x).toBeLessThan(220);
    expect(Math.abs(face.pose.yaw)).toBeLessThan(15);
    const crop = await readImageFile(join(out, face.crop));
    expect([crop.width, crop.height]).toEqual([96, 96]);
    expect(summary.contactSheet).toBeDefined();
  });

  it('tracks a face through a short video', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-crop-video-'));
    const astronaut = await readImageFile(ASTRONAUT);
    const video = join(dir, 'actor.mp4');
    await writeVideo(
      video,
      [0, 4, 8, 12, 16, 20].map((dx) => shifted(astronaut, dx)),
      10,
    );
    const summary = await runCrop({ input: video, out: join(dir, 'out'), size: 64 });
    expect(summary).toMatchObject({ images: 6, unit: 'frames' });
    expect(summary.imagesWithFaces).toBe(6);
    const json = JSON.parse(await readFile(summary.facesJson, 'utf8'));
    expect(json.sources.map((s: { frame: number }) => s.frame)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('lists an image with no face with an empty face list, and names a corrupt file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-crop-empty-'));
    const grey = join(dir, 'grey.png');
    const { writeImageFile } = await import('@freeavatar/core');
    await writeImageFile(grey, {
      width: 64,
      height: 64,
      data: new Uint8Array(64 * 64 * 3).fill(128),
    });
    const summary = await runCrop({ input: grey, out: join(dir, 'out') });
    expect(summary).toMatchObject({
      images: 1,
      imagesWithFaces: 0,
      faces: 0,
      contactSheet: undefined,
    });
    const broken = join(dir, 'broken.jpg');
    await writeFile(broken, 'not a jpeg');
    await expect(runCrop({ input: broken, out: join(dir, 'out2') })).rejects.toThrow(
      /Cannot decode image .*broken\.jpg/,
    );
  });

  it('names options that are not an object or lack input or out', async () => {
    await expect(runCrop(null as never)).rejects.toThrow(/options must be an object, got null/);
    await expect(runCrop({ input: 'a.png' } as never)).rejects.toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
  });
});
