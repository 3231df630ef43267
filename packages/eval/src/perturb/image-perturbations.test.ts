import { describe, expect, it } from 'vitest';
import { FreeAvatarError, createRng, type RgbImage } from '@freeavatar/core';
import { addPixelNoise, gaussianBlur } from './image-perturbations.js';

/** A seeded picture of random pixels. */
function randomImage(width: number, height: number, seed: number): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(256);
  return { width, height, data };
}

function variance(data: Uint8Array): number {
  const mean = data.reduce((s, v) => s + v, 0) / data.length;
  return data.reduce((s, v) => s + (v - mean) ** 2, 0) / data.length;
}

describe('gaussianBlur', () => {
  it('reduces the variance of a noisy picture, more for a larger sigma, keeping the mean', () => {
    const image = randomImage(24, 20, 1);
    const soft = gaussianBlur(image, 1);
    const softer = gaussianBlur(image, 2);
    expect(soft).toMatchObject({ width: 24, height: 20 });
    // Uniform noise has variance 256²/12 ≈ 5461; σ 1 px smooths it over ~12 pixels.
    expect(variance(image.data)).toBeGreaterThan(5000);
    expect(variance(soft.data)).toBeLessThan(variance(image.data) / 5);
    expect(variance(softer.data)).toBeLessThan(variance(soft.data));
    const mean = (d: Uint8Array): number => d.reduce((s, v) => s + v, 0) / d.length;
    expect(Math.abs(mean(soft.data) - mean(image.data))).toBeLessThan(2);
    expect(image.data).toEqual(randomImage(24, 20, 1).data); // the input is untouched
  });

  it('leaves a flat picture flat and returns a copy for sigma 0', () => {
    const flat: RgbImage = { width: 5, height: 4, data: new Uint8Array(60).fill(77) };
    expect([...gaussianBlur(flat, 3).data].every((v) => v === 77)).toBe(true);
    const copy = gaussianBlur(flat, 0);
    expect(copy.data).toEqual(flat.data);
    expect(copy.data).not.toBe(flat.data);
  });

  it('spreads a single bright pixel symmetrically', () => {
    const dot: RgbImage = { width: 9, height: 9, data: new Uint8Array(243) };
    dot.data.fill(255, (4 * 9 + 4) * 3, (4 * 9 + 4) * 3 + 3);
    const out = gaussianBlur(dot, 1);
    const at = (x: number, y: number): number => out.data[(y * 9 + x) * 3];
    expect(at(4, 4)).toBeGreaterThan(at(3, 4));
    expect(at(3, 4)).toBe(at(5, 4));
    expect(at(4, 3)).toBe(at(4, 5));
    expect(at(3, 4)).toBe(at(4, 3));
  });

  it('rejects bad images and sigmas, naming them', () => {
    const image = randomImage(4, 4, 2);
    expect(() => gaussianBlur(image, -1)).toThrow(
      /sigma must be a number of pixels in 0\.\.50, got -1/,
    );
    expect(() => gaussianBlur(image, Number.NaN)).toThrow(FreeAvatarError);
    expect(() => gaussianBlur({ width: 2, height: 2, data: new Uint8Array(3) }, 1)).toThrow(
      /image\.data must be a Uint8Array of width\*height\*3 = 12 bytes/,
    );
  });
});

describe('addPixelNoise', () => {
  it('changes pixels, the same way for the same seed and differently for another', () => {
    const image: RgbImage = { width: 16, height: 16, data: new Uint8Array(768).fill(128) };
    const a = addPixelNoise(image, 0.08, 7);
    const b = addPixelNoise(image, 0.08, 7);
    const c = addPixelNoise(image, 0.08, 8);
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    const changed = a.data.filter((v) => v !== 128).length;
    expect(changed).toBeGreaterThan(700);
    // σ = 0.08 · 255 ≈ 20.4 grey levels.
    expect(Math.sqrt(variance(a.data))).toBeGreaterThan(17);
    expect(Math.sqrt(variance(a.data))).toBeLessThan(24);
    expect([...image.data].every((v) => v === 128)).toBe(true);
  });

  it('clamps to 0..255 and adds nothing at std 0', () => {
    const black: RgbImage = { width: 8, height: 8, data: new Uint8Array(192) };
    const noisy = addPixelNoise(black, 0.5, 1);
    expect(noisy.data.some((v) => v > 0)).toBe(true);
    expect(addPixelNoise(black, 0, 1).data).toEqual(black.data);
  });

  it('rejects bad stds and seeds, naming them', () => {
    const image: RgbImage = { width: 1, height: 1, data: new Uint8Array(3) };
    expect(() => addPixelNoise(image, 2, 1)).toThrow(
      /std must be a fraction of the full range in 0\.\.1, got 2/,
    );
    expect(() => addPixelNoise(image, 0.1, Number.POSITIVE_INFINITY)).toThrow(
      /seed must be a finite number, got Infinity/,
    );
  });
});
