import { describe, expect, it } from 'vitest';
import { ImagePyramid, warpAffine } from './sampling.js';
import type { RgbImage } from '@freeavatar/core';

function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x % 256, y % 256, 100], (y * width + x) * 3);
  return { width, height, data };
}

describe('ImagePyramid', () => {
  it('halves with a 2×2 box filter and caches levels', () => {
    const img: RgbImage = {
      width: 4,
      height: 2,
      data: Uint8Array.from([
        0, 0, 0, 4, 4, 4, 8, 8, 8, 12, 12, 12, 8, 8, 8, 12, 12, 12, 16, 16, 16, 20, 20, 20,
      ]),
    };
    const p = new ImagePyramid(img);
    const l1 = p.level(1);
    expect([l1.width, l1.height]).toEqual([2, 1]);
    expect(Array.from(l1.data)).toEqual([6, 6, 6, 14, 14, 14]);
    expect(p.level(1)).toBe(l1);
    expect(p.level(0)).toBe(img);
  });

  it('stops at one pixel', () => {
    const p = new ImagePyramid(gradient(5, 3));
    expect(p.level(6).width).toBeGreaterThanOrEqual(1);
    expect(p.level(6).height).toBeGreaterThanOrEqual(1);
  });
});

describe('warpAffine', () => {
  it('reproduces the image under the identity and applies scale and offset', () => {
    const img = gradient(8, 6);
    const out = new Float32Array(8 * 6 * 3);
    warpAffine(
      new ImagePyramid(img),
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      { width: 8, height: 6, data: out, scale: 0.5, offset: -1 },
    );
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(img.data[i] * 0.5 - 1, 5);
  });

  it('interpolates between pixels and fills outside samples with black', () => {
    const img = gradient(8, 8);
    const out = new Float32Array(4 * 3);
    // Output pixel u reads image x = u + 0.5 + 6.5, i.e. between pixel centres 6.5 and 7.5 for u = 0.
    warpAffine(
      new ImagePyramid(img),
      [
        [1, 0, 6.5],
        [0, 1, 0],
      ],
      { width: 4, height: 1, data: out, scale: 1, offset: 0 },
    );
    expect(out[0]).toBeCloseTo(6.5, 5); // halfway between the pixels with values 6 and 7
    expect(out[3 * 3]).toBe(0); // x = 10: outside
  });

  it('reads a pyramid level when shrinking strongly, without aliasing a fine pattern', () => {
    const width = 256;
    const data = new Uint8Array(width * width * 3);
    for (let y = 0; y < width; y++)
      for (let x = 0; x < width; x++)
        data.fill((x + y) % 2 === 0 ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    const out = new Float32Array(16 * 16 * 3);
    warpAffine(
      new ImagePyramid({ width, height: width, data }),
      [
        [16, 0, 0],
        [0, 16, 0],
      ],
      { width: 16, height: 16, data: out, scale: 1, offset: 0 },
    );
    for (const v of out) expect(Math.abs(v - 127.5)).toBeLessThanOrEqual(2);
  });
});
