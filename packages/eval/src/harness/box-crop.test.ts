import { describe, expect, it } from 'vitest';
import { FreeAvatarError, type RgbImage } from '@freeavatar/core';
import { cropRelativeBox } from './box-crop.js';

/** A 100×50 picture: red where x < 50, blue elsewhere. */
function halves(): RgbImage {
  const data = new Uint8Array(100 * 50 * 3);
  for (let y = 0; y < 50; y++) {
    for (let x = 0; x < 100; x++) data.set(x < 50 ? [255, 0, 0] : [0, 0, 255], (y * 100 + x) * 3);
  }
  return { width: 100, height: 50, data };
}
const pixel = (img: RgbImage, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('cropRelativeBox', () => {
  it('cuts a square around the box centre, averaging when it shrinks', () => {
    // Box x 25–75 px, y 10–40 px: 50 px wide, centred on the colour edge; no margin.
    const crop = cropRelativeBox(
      halves(),
      { left: 0.25, right: 0.75, top: 0.2, bottom: 0.8 },
      20,
      0,
    );
    expect(crop).toMatchObject({ width: 20, height: 20 });
    expect(pixel(crop, 9, 5)).toEqual([255, 0, 0]);
    expect(pixel(crop, 10, 5)).toEqual([0, 0, 255]);
    // The square is 50 px tall, from y = 0 to 50: all inside the picture.
    expect(pixel(crop, 0, 0)).toEqual([255, 0, 0]);
    expect(pixel(crop, 19, 19)).toEqual([0, 0, 255]);
    // One-pixel black and white stripes shrunk by 2: every output pixel is their mean.
    const stripes = new Uint8Array(64 * 64 * 3).map((_, i) => (Math.floor(i / 3) % 2 ? 255 : 0));
    const grey = cropRelativeBox(
      { width: 64, height: 64, data: stripes },
      { left: 0, right: 1, top: 0, bottom: 1 },
      32,
      0,
    );
    expect(new Set(grey.data)).toEqual(new Set([128]));
  });

  it('fills what lies outside the picture with mid-grey', () => {
    const crop = cropRelativeBox(halves(), { left: 0, right: 0.2, top: 0, bottom: 0.4 }, 16, 0.5);
    expect(pixel(crop, 0, 0)).toEqual([128, 128, 128]);
    expect(pixel(crop, 8, 8)).toEqual([255, 0, 0]);
  });

  it('rejects bad boxes, sizes and margins', () => {
    const img = halves();
    const box = { left: 0.1, right: 0.5, top: 0.1, bottom: 0.5 };
    expect(() => cropRelativeBox(img, { ...box, right: 0.05 }, 32)).toThrow(/left < right/);
    expect(() => cropRelativeBox(img, { ...box, bottom: 1.5 }, 32)).toThrow(FreeAvatarError);
    expect(() => cropRelativeBox(img, box, 8)).toThrow(/size must be an integer in 16\.\.1024/);
    expect(() => cropRelativeBox(img, box, 32, -1)).toThrow(/margin must be in 0–2/);
  });
});
