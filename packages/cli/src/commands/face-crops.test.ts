import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageFile, type RgbImage } from '@freeavatar/core';
import { cutSquare, readFaceCrops } from './face-crops.js';

/** A 10×8 image whose red channel is x·20 and green channel y·20. */
function ramp(): RgbImage {
  const data = new Uint8Array(10 * 8 * 3);
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 10; x++) data.set([x * 20, y * 20, 7], (y * 10 + x) * 3);
  }
  return { width: 10, height: 8, data };
}
const pixel = (image: RgbImage, x: number, y: number): number[] =>
  Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-face-crops-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cutSquare', () => {
  it('cuts a square around the box with a margin and pads outside the image with grey', () => {
    const cut = cutSquare(ramp(), { x: 6, y: 2, width: 4, height: 6 }, 0.5);
    // Side 6·2 = 12 around the centre (8, 5): columns 2..13, rows −1..10.
    expect([cut.width, cut.height]).toEqual([12, 12]);
    expect(pixel(cut, 0, 1)).toEqual([40, 0, 7]);
    expect(pixel(cut, 7, 4)).toEqual([180, 60, 7]);
    expect(pixel(cut, 0, 0)).toEqual([96, 96, 96]);
    expect(pixel(cut, 11, 5)).toEqual([96, 96, 96]);
  });

  it('names an image or a box that is not one', () => {
    const box = { x: 0, y: 0, width: 2, height: 2 };
    expect(() => cutSquare(null as never, box)).toThrow(/image must be an object, got null/);
    expect(() => cutSquare(ramp(), { x: 0 } as never)).toThrow(
      /box must be an object with numeric x, y, width and height, got an object/,
    );
  });
});

describe('readFaceCrops', () => {
  it('reads saved crops, cuts boxes from images, and gives undefined for what it cannot read', async () => {
    const source = join(dir, 'ramp.png');
    await writeImageFile(source, ramp());
    const saved = join(dir, 'saved.png');
    await writeImageFile(saved, { width: 2, height: 2, data: new Uint8Array(12).fill(9) });
    const box = { x: 2, y: 2, width: 4, height: 4 };
    const crops = await readFaceCrops([
      { source: '/gone.png', kind: 'image', face: 0, box, crop: saved },
      { source, kind: 'image', face: 0, box },
      { source: join(dir, 'gone.png'), kind: 'image', face: 0, box },
      { source, kind: 'image' },
      undefined,
    ]);
    expect(crops[0]?.data).toEqual(new Uint8Array(12).fill(9));
    expect(crops[1]).toEqual(cutSquare(ramp(), box));
    expect(crops.slice(2)).toEqual([undefined, undefined, undefined]);
  });

  it('names items that are not an array', async () => {
    await expect(readFaceCrops(null as never)).rejects.toThrow(/items must be an array, got null/);
  });
});
