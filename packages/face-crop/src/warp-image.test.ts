import { describe, expect, it } from 'vitest';
import type { Affine2D } from './types.js';
import { warpRgbImage } from './warp-image.js';

/** A 4×3 image whose red channel is 10·x + y, green 100, blue 0. */
function ramp() {
  const data = new Uint8Array(4 * 3 * 3);
  for (let y = 0; y < 3; y++) {
    for (let x = 0; x < 4; x++) data.set([10 * x + y, 100, 0], (y * 4 + x) * 3);
  }
  return { width: 4, height: 3, data };
}

/** The map that reads the image `(dx, dy)` pixels away from each output pixel. */
const shift = (dx: number, dy: number): Affine2D => [
  [1, 0, dx],
  [0, 1, dy],
];

describe('warpRgbImage', () => {
  it('copies the image through the identity map', () => {
    const image = ramp();
    const out = warpRgbImage(image, shift(0, 0), 4, 3);
    expect(Array.from(out.data)).toEqual(Array.from(image.data));
  });

  it('shifts by whole pixels and interpolates between them', () => {
    const image = ramp();
    const shifted = warpRgbImage(image, shift(1, 0), 2, 1);
    expect([shifted.data[0], shifted.data[3]]).toEqual([10, 20]);
    const half = warpRgbImage(image, shift(0.5, 0), 1, 1);
    expect(half.data[0]).toBe(5);
    expect(half.data[1]).toBe(100);
  });

  it('clamps positions outside the image to its edge', () => {
    const out = warpRgbImage(ramp(), shift(-5, 10), 1, 1);
    expect(out.data[0]).toBe(2); // x clamped to 0, y to the last row
  });

  it('names what is wrong with bad input', () => {
    const bad = { width: 4, height: 3, data: new Uint8Array(5) };
    expect(() => warpRgbImage(bad, shift(0, 0), 2, 2)).toThrow(/width·height·3/);
    expect(() => warpRgbImage(ramp(), shift(0, 0), 0, 2)).toThrow(/output size/);
    expect(() => warpRgbImage(null as never, shift(0, 0), 2, 2)).toThrow(/image must be an object/);
    expect(() => warpRgbImage(ramp(), {} as never, 2, 2)).toThrow(/outputToImage must be a 2×3/);
  });
});
