import { describe, expect, it } from 'vitest';
import { FreeAvatarError, createRng, type RgbImage } from '@freeavatar/core';
import { sampleBilinear, warpPiecewiseAffine } from './piecewise-affine.js';

function noiseImage(width: number, height: number, seed = 1): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng.uniform(0, 256));
  return { width, height, data };
}

const copy = (image: RgbImage): RgbImage => ({ ...image, data: image.data.slice() });

// A square [10, 50]² as two triangles.
const SQUARE = new Float32Array([10, 10, 50, 10, 50, 50, 10, 50]);
const TRIANGLES = new Uint32Array([0, 1, 2, 0, 2, 3]);

describe('sampleBilinear', () => {
  it('reads pixel centres exactly and interpolates between them', () => {
    const image: RgbImage = {
      width: 2,
      height: 1,
      data: new Uint8Array([0, 10, 20, 100, 110, 120]),
    };
    const out = new Float32Array(3);
    sampleBilinear(image, 0.5, 0.5, out);
    expect(Array.from(out)).toEqual([0, 10, 20]);
    sampleBilinear(image, 1, 0.5, out);
    expect(Array.from(out)).toEqual([50, 60, 70]);
    sampleBilinear(image, -5, 9, out);
    expect(Array.from(out)).toEqual([0, 10, 20]);
  });
});

describe('warpPiecewiseAffine', () => {
  it('leaves the image as it was when no point moves', () => {
    const source = noiseImage(64, 64);
    const out = copy(source);
    warpPiecewiseAffine(source, out, SQUARE, SQUARE, TRIANGLES, { stillTolerance: 0 });
    expect(Buffer.from(out.data).equals(Buffer.from(source.data))).toBe(true);
  });

  it('moves the content of a translated square by whole pixels exactly', () => {
    const source = noiseImage(64, 64);
    const out = copy(source);
    const dst = SQUARE.map((v, i) => v + (i % 2 === 0 ? 3 : 2));
    warpPiecewiseAffine(source, out, SQUARE, dst, TRIANGLES);
    for (let y = 12; y < 52; y++)
      for (let x = 13; x < 53; x++)
        for (let c = 0; c < 3; c++)
          expect(out.data[(y * 64 + x) * 3 + c]).toBe(source.data[((y - 2) * 64 + x - 3) * 3 + c]);
    // Outside the destination square nothing changed.
    expect(out.data[(5 * 64 + 5) * 3]).toBe(source.data[(5 * 64 + 5) * 3]);
    expect(out.data[(60 * 64 + 60) * 3]).toBe(source.data[(60 * 64 + 60) * 3]);
  });

  it('scales content: a horizontal ramp stretched 2× keeps its values at mapped places', () => {
    const width = 64;
    const data = new Uint8Array(width * width * 3);
    for (let y = 0; y < width; y++)
      for (let x = 0; x < width; x++)
        data.fill(x * 4, (y * width + x) * 3, (y * width + x) * 3 + 3);
    const source = { width, height: width, data };
    const out = copy(source);
    const src = new Float32Array([0, 0, 20, 0, 20, 64, 0, 64]);
    const dst = new Float32Array([0, 0, 40, 0, 40, 64, 0, 64]);
    warpPiecewiseAffine(source, out, src, dst, TRIANGLES);
    // Destination x = 20.5 (pixel 20) maps back to source x = 10.25: value 4 × 9.75 = 39.
    expect(out.data[(30 * width + 20) * 3]).toBe(39);
  });

  it('writes each pixel of a shared edge once (no seam between the two triangles)', () => {
    const source = noiseImage(64, 64, 3);
    const out = copy(source);
    const dst = new Float32Array([10, 10, 50, 10, 47.3, 51.2, 10, 50]);
    warpPiecewiseAffine(source, out, SQUARE, dst, TRIANGLES);
    const again = copy(source);
    warpPiecewiseAffine(source, again, SQUARE, dst, new Uint32Array([0, 2, 3, 0, 1, 2]));
    expect(Buffer.from(out.data).equals(Buffer.from(again.data))).toBe(true);
  });

  it('rejects bad arguments with messages naming them', () => {
    const source = noiseImage(8, 8);
    const out = copy(source);
    expect(() => warpPiecewiseAffine(source, source, SQUARE, SQUARE, TRIANGLES)).toThrow(
      /must not share/,
    );
    expect(() => warpPiecewiseAffine(source, noiseImage(4, 4), SQUARE, SQUARE, TRIANGLES)).toThrow(
      /out must be 8x8/,
    );
    expect(() => warpPiecewiseAffine(source, out, SQUARE, SQUARE.slice(0, 6), TRIANGLES)).toThrow(
      /same number of x y pairs/,
    );
    expect(() => warpPiecewiseAffine(source, out, SQUARE, SQUARE, new Uint32Array([0, 1]))).toThrow(
      /three indices per triangle/,
    );
    expect(() =>
      warpPiecewiseAffine(source, out, SQUARE, SQUARE, new Uint32Array([0, 1, 7])),
    ).toThrow(FreeAvatarError);
  });
});

describe('sampleBilinear on bad input', () => {
  it('names the image and the output', () => {
    const rgb = new Float32Array(3);
    expect(() => sampleBilinear(null as never, 0, 0, rgb)).toThrow(/image must be an object/);
    expect(() => sampleBilinear(noiseImage(2, 2), 0, 0, null as never)).toThrow(
      /out must be an array of numbers, got null/,
    );
  });
});
