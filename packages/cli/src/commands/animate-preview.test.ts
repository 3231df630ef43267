import { describe, expect, it } from 'vitest';
import type { RgbImage } from '@freeavatar/core';
import { createPreviewCompositor } from './animate-preview.js';

function solid(rgb: [number, number, number], width: number, height = width): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

function pixel(image: RgbImage, x: number, y: number): number[] {
  const p = (y * image.width + x) * 3;
  return Array.from(image.data.subarray(p, p + 3));
}

describe('createPreviewCompositor', () => {
  it('puts the actor and each avatar side by side under a label row, at even sizes', async () => {
    const compositor = await createPreviewCompositor({
      cellSize: 64,
      labels: ['actor', 'Human', 'Robot'],
    });
    expect(compositor.width).toBe(3 * 64 + 4 * 4);
    expect(compositor.width % 2).toBe(0);
    expect(compositor.height % 2).toBe(0);
    const frame = compositor.compose(
      solid([200, 0, 0], 112),
      [solid([0, 200, 0], 64), solid([0, 0, 200], 64)],
      true,
    );
    expect([frame.width, frame.height]).toEqual([compositor.width, compositor.height]);
    const top = compositor.height - 64 - 4;
    const centre = top + 32;
    expect(pixel(frame, 4 + 32, centre)).toEqual([200, 0, 0]);
    expect(pixel(frame, 4 + 68 + 32, centre)).toEqual([0, 200, 0]);
    expect(pixel(frame, 4 + 2 * 68 + 32, centre)).toEqual([0, 0, 200]);
    // The label row holds light text pixels somewhere above each cell.
    const labelRows = frame.data.subarray(0, top * frame.width * 3);
    expect(Math.max(...labelRows)).toBeGreaterThan(150);
  });

  it('marks a frame without a face with a red border around the actor cell', async () => {
    const compositor = await createPreviewCompositor({ cellSize: 64, labels: ['actor', 'Toon'] });
    const grey = solid([128, 128, 128], 64);
    const withFace = compositor.compose(grey, [grey], true);
    const without = compositor.compose(solid([128, 128, 128], 200, 100), [grey], false);
    const top = compositor.height - 64 - 4;
    expect(pixel(withFace, 4, top + 10)).toEqual([128, 128, 128]);
    expect(pixel(without, 4, top + 10)).toEqual([230, 80, 70]);
    expect(pixel(without, 4 + 68 + 10, top + 10)).toEqual([128, 128, 128]);
    // The actor's label changes, the avatar's does not.
    const labelBytes = (f: RgbImage, x0: number, x1: number): number[] => {
      const out: number[] = [];
      for (let y = 0; y < top; y++) for (let x = x0; x < x1; x++) out.push(...pixel(f, x, y));
      return out;
    };
    expect(labelBytes(without, 0, 68)).not.toEqual(labelBytes(withFace, 0, 68));
    expect(labelBytes(without, 72, 136)).toEqual(labelBytes(withFace, 72, 136));
  });

  it('rejects odd cell sizes and a wrong number of avatar images', async () => {
    await expect(createPreviewCompositor({ cellSize: 63, labels: ['actor'] })).rejects.toThrow(
      /cellSize must be an even integer in 32..1024, got 63/,
    );
    await expect(createPreviewCompositor({ cellSize: 64, labels: [] })).rejects.toThrow(/labels/);
    const compositor = await createPreviewCompositor({ cellSize: 32, labels: ['actor', 'Toon'] });
    expect(() => compositor.compose(solid([0, 0, 0], 32), [], true)).toThrow(
      /compose needs 1 avatar images, got 0/,
    );
  });
});
