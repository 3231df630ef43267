import { createRng, type RgbImage } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import {
  OCCLUDER_KINDS,
  createHairOccluder,
  createHandOccluder,
  createMicrophoneOccluder,
  drawOccluder,
  occluderMask,
  randomOccluder,
} from './occluders.js';
import { addShapeToMask, drawShape } from './shapes2d.js';

function grey(size: number): RgbImage {
  return { width: size, height: size, data: new Uint8Array(size * size * 3).fill(128) };
}

describe('occluders', () => {
  const options = { width: 64, height: 64, region: { x: 12, y: 10, width: 40, height: 44 } };

  it.each([
    ['hand', createHandOccluder],
    ['microphone', createMicrophoneOccluder],
    ['hair', createHairOccluder],
  ] as const)(
    '%s: deterministic, over the face region, drawn only where its mask is',
    (kind, create) => {
      const occluder = create(createRng(21), options);
      expect(occluder.kind).toBe(kind);
      expect(create(createRng(21), options)).toEqual(occluder);
      expect(create(createRng(22), options)).not.toEqual(occluder);
      const mask = occluderMask(occluder, 64, 64);
      let inRegion = 0;
      for (let y = 10; y < 54; y++) for (let x = 12; x < 52; x++) inRegion += mask[y * 64 + x];
      expect(inRegion).toBeGreaterThan(5);
      const image = grey(64);
      drawOccluder(image, occluder);
      for (let p = 0; p < 64 * 64; p++) {
        const changed = [0, 1, 2].some((c) => image.data[p * 3 + c] !== 128);
        if (changed) expect(mask[p]).toBeGreaterThan(0);
      }
    },
  );

  it('randomOccluder picks among the allowed kinds', () => {
    const rng = createRng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add(randomOccluder(rng, { width: 32, height: 32 }).kind);
    expect([...seen].sort()).toEqual([...OCCLUDER_KINDS].sort());
    for (let i = 0; i < 10; i++)
      expect(randomOccluder(rng, { width: 32, height: 32, kinds: ['hair'] }).kind).toBe('hair');
    expect(() => randomOccluder(rng, { width: 32, height: 32, kinds: [] })).toThrow(
      /kinds must not be empty/,
    );
  });

  it('rejects a bad region or size', () => {
    expect(() => createHandOccluder(createRng(1), { width: 0, height: 10 })).toThrow(/got 0x10/);
    expect(() =>
      createHairOccluder(createRng(1), {
        width: 10,
        height: 10,
        region: { x: 0, y: 0, width: -1, height: 3 },
      }),
    ).toThrow(/region must have/);
  });
});

describe('drawShape', () => {
  it('fills inside, leaves outside, and anti-aliases the outline', () => {
    const image = grey(20);
    drawShape(image, {
      type: 'ellipse',
      cx: 10,
      cy: 10,
      rx: 6,
      ry: 6,
      angleDeg: 0,
      color: [1, 0, 0],
      shading: 0,
    });
    const at = (x: number, y: number): number[] =>
      Array.from(image.data.subarray((y * 20 + x) * 3, (y * 20 + x) * 3 + 3));
    expect(at(10, 10)).toEqual([255, 0, 0]);
    expect(at(0, 0)).toEqual([128, 128, 128]);
    // A pixel straddling the circle (centre 5.6 from the middle) is a blend.
    const edge = at(15, 12);
    expect(edge[0]).toBeGreaterThan(128);
    expect(edge[0]).toBeLessThan(255);
    expect(edge[1]).toBeGreaterThan(0);
    expect(edge[1]).toBeLessThan(128);
  });

  it('shades round shapes darker towards their outline', () => {
    const image = grey(40);
    drawShape(image, {
      type: 'capsule',
      ax: 5,
      ay: 20,
      bx: 35,
      by: 20,
      radius: 8,
      color: [1, 1, 1],
      shading: 0.8,
    });
    const red = (y: number): number => image.data[(y * 40 + 20) * 3];
    expect(red(20)).toBeGreaterThan(red(25));
    expect(red(25)).toBeGreaterThan(red(27));
  });

  it('keeps the larger coverage in a mask and rejects bad shapes', () => {
    const mask = new Float32Array(100);
    addShapeToMask(mask, 10, 10, {
      type: 'capsule',
      ax: 2,
      ay: 5,
      bx: 8,
      by: 5,
      radius: 2,
      color: [0, 0, 0],
    });
    expect(mask[5 * 10 + 5]).toBe(1);
    expect(mask[0]).toBe(0);
    expect(() =>
      drawShape(grey(4), {
        type: 'capsule',
        ax: 0,
        ay: 0,
        bx: 1,
        by: 1,
        radius: 0,
        color: [0, 0, 0],
      }),
    ).toThrow(/radii > 0/);
    expect(() =>
      drawShape(grey(4), {
        type: 'ellipse',
        cx: 0,
        cy: 0,
        rx: 1,
        ry: 1,
        angleDeg: 0,
        color: [0, 0, 3],
      }),
    ).toThrow(/color/);
  });
});

describe('occluders on bad input', () => {
  it('name the argument', () => {
    const size = { width: 32, height: 32 };
    for (const create of [createHandOccluder, createMicrophoneOccluder, createHairOccluder]) {
      expect(() => create(null as never, size)).toThrow(/rng must be an Rng/);
      expect(() => create(createRng(1), null as never)).toThrow(/options must be an object/);
      expect(() => create(createRng(1), {} as never)).toThrow(/options\.width and options\.height/);
    }
    expect(() => randomOccluder({} as never, size)).toThrow(/rng must be an Rng/);
    expect(() => randomOccluder(createRng(1), null as never)).toThrow(/options must be an object/);
  });
});
