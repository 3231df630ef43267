import { FreeAvatarError, createRng, type RgbImage } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import {
  fillBackground,
  randomBackground,
  renderBackground,
  type BackgroundSpec,
} from './backgrounds.js';
import { fillValueNoise } from './value-noise.js';

function at(image: RgbImage, x: number, y: number): number[] {
  const o = (y * image.width + x) * 3;
  return Array.from(image.data.subarray(o, o + 3));
}

/** A 20×10 photo whose red channel is 10·x and green channel 10·y. */
const photo: RgbImage = (() => {
  const data = new Uint8Array(20 * 10 * 3);
  for (let y = 0; y < 10; y++)
    for (let x = 0; x < 20; x++) data.set([10 * x, 10 * y, 7], (y * 20 + x) * 3);
  return { width: 20, height: 10, data };
})();

describe('renderBackground', () => {
  it('fills a flat colour', () => {
    const bg = renderBackground({ kind: 'flat', color: [1, 0.5, 0] }, 3, 2);
    expect(Array.from(bg.data)).toEqual([
      255, 128, 0, 255, 128, 0, 255, 128, 0, 255, 128, 0, 255, 128, 0, 255, 128, 0,
    ]);
  });

  it('runs a gradient along its angle', () => {
    const spec: BackgroundSpec = { kind: 'gradient', from: [0, 0, 0], to: [1, 1, 1], angleDeg: 0 };
    const bg = renderBackground(spec, 10, 4);
    // Left to right: t = (x + 0.5) / 10.
    for (let x = 0; x < 10; x++)
      expect(at(bg, x, 2)).toEqual(Array(3).fill(Math.floor((x + 0.5) * 25.5 + 0.5)));
    expect(at(bg, 3, 0)).toEqual(at(bg, 3, 3));
    const down = renderBackground({ ...spec, angleDeg: 90 }, 4, 10);
    expect(at(down, 0, 0)[0]).toBeLessThan(at(down, 0, 9)[0]);
    expect(at(down, 0, 5)).toEqual(at(down, 3, 5));
  });

  it('draws smooth value noise that depends on its seed only', () => {
    const spec: BackgroundSpec = {
      kind: 'noise',
      seed: 12,
      colors: [
        [0, 0, 0],
        [1, 1, 1],
      ],
      cells: 3,
      octaves: 2,
    };
    const a = renderBackground(spec, 32, 24);
    expect(renderBackground(spec, 32, 24).data).toEqual(a.data);
    expect(renderBackground({ ...spec, seed: 13 }, 32, 24).data).not.toEqual(a.data);
    let maxStep = 0;
    for (let y = 0; y < 24; y++)
      for (let x = 1; x < 32; x++)
        maxStep = Math.max(maxStep, Math.abs(at(a, x, y)[0] - at(a, x - 1, y)[0]));
    expect(maxStep).toBeLessThan(60);
    const values = Array.from(a.data);
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(255);
  });

  it('resizes a photo crop bilinearly and mirrors it', () => {
    // Crop x 4..12, y 2..6 to 8×4: one source pixel per output pixel.
    const crop = { x: 4, y: 2, width: 8, height: 4 };
    const bg = renderBackground({ kind: 'photo', image: photo, crop }, 8, 4);
    expect(at(bg, 0, 0)).toEqual([40, 20, 7]);
    expect(at(bg, 7, 3)).toEqual([110, 50, 7]);
    const mirrored = renderBackground({ kind: 'photo', image: photo, crop, flipX: true }, 8, 4);
    expect(at(mirrored, 0, 0)).toEqual([110, 20, 7]);
    // Upscaling 2× samples between source pixels.
    const up = renderBackground({ kind: 'photo', image: photo, crop }, 16, 8);
    expect(at(up, 1, 0)[0]).toBe(43);
  });

  it('rejects bad specs with a clear message', () => {
    expect(() =>
      renderBackground(
        { kind: 'photo', image: photo, crop: { x: 15, y: 0, width: 8, height: 4 } },
        8,
        4,
      ),
    ).toThrow(/must lie inside the 20x10 image/);
    expect(() => renderBackground({ kind: 'sky' } as never, 8, 4)).toThrow(
      /kind must be flat, gradient, noise or photo, got sky/,
    );
    expect(() => renderBackground({ kind: 'flat', color: [0, 0, 0] }, 0, 4)).toThrow(
      FreeAvatarError,
    );
    expect(() =>
      fillBackground({ kind: 'flat', color: [0, 0, 0] }, 2, 2, new Uint8Array(3)),
    ).toThrow(/12 bytes, got 3/);
    expect(() =>
      renderBackground(
        {
          kind: 'noise',
          seed: 1,
          colors: [
            [0, 0, 0],
            [1, 1, 1],
          ],
          cells: 0,
        },
        8,
        8,
      ),
    ).toThrow(/cells/);
  });
});

describe('fillValueNoise', () => {
  it('spans 0..1 for a seed', () => {
    const n = fillValueNoise(3, 16, 16, 2, 3);
    expect(Math.min(...n)).toBe(0);
    expect(Math.max(...n)).toBe(1);
    expect(fillValueNoise(3, 16, 16, 2, 3)).toEqual(n);
  });
});

describe('randomBackground', () => {
  it('is deterministic for a seed and covers every kind', () => {
    expect(randomBackground(createRng(3), { photos: [photo] })).toEqual(
      randomBackground(createRng(3), { photos: [photo] }),
    );
    const rng = createRng(8);
    const kinds = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const spec = randomBackground(rng, { photos: [photo], aspect: 1.5 });
      kinds.add(spec.kind);
      if (spec.kind === 'photo') {
        const c = spec.crop!;
        expect(c.x + c.width).toBeLessThanOrEqual(20);
        expect(c.y + c.height).toBeLessThanOrEqual(10);
        expect(Math.abs(c.width / c.height - 1.5)).toBeLessThan(0.5);
      }
      expect(renderBackground(spec, 12, 8).data.length).toBe(12 * 8 * 3);
    }
    expect([...kinds].sort()).toEqual(['flat', 'gradient', 'noise', 'photo']);
  });

  it('draws no photo background without photos', () => {
    const rng = createRng(2);
    for (let i = 0; i < 30; i++) expect(randomBackground(rng).kind).not.toBe('photo');
    expect(() => randomBackground(createRng(1), { kinds: ['photo'] })).toThrow(
      /needs options\.photos/,
    );
  });
});

describe('randomBackground on bad input', () => {
  it('names the argument', () => {
    expect(() => randomBackground('x' as never)).toThrow(/rng must be an Rng/);
    expect(() => randomBackground(createRng(1), null as never)).toThrow(
      /options must be an object/,
    );
  });
});
