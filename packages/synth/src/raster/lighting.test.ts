import { createRng } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIGHT, randomLight, resolveLight } from './lighting.js';

describe('resolveLight', () => {
  it('normalises the direction and fills defaults', () => {
    const l = resolveLight({ direction: [3, 0, 4] });
    expect([l.lx, l.ly, l.lz]).toEqual([0.6, 0, 0.8]);
    expect([l.ambient, l.diffuse, l.r, l.g, l.b]).toEqual([0.35, 0.75, 1, 1, 1]);
    expect(resolveLight()).toEqual(resolveLight(DEFAULT_LIGHT));
  });

  it('rejects bad lights', () => {
    expect(() => resolveLight({ direction: [0, NaN, 1] })).toThrow(/direction must be finite/);
    expect(() => resolveLight({ direction: [0, 0, 1], color: [1, -1, 1] })).toThrow(
      /color\[1\] must be a finite number >= 0, got -1/,
    );
  });
});

describe('randomLight', () => {
  it('is deterministic for a seed and stays inside the cone', () => {
    expect(randomLight(createRng(4))).toEqual(randomLight(createRng(4)));
    expect(randomLight(createRng(4))).not.toEqual(randomLight(createRng(5)));
    const rng = createRng(9);
    for (let i = 0; i < 200; i++) {
      const light = randomLight(rng, {
        maxAngleDeg: 30,
        ambient: [0.1, 0.2],
        diffuse: [0.6, 0.7],
        tint: 0,
      });
      const [x, y, z] = light.direction;
      expect(Math.hypot(x, y, z)).toBeCloseTo(1, 12);
      expect(z).toBeGreaterThanOrEqual(Math.cos(Math.PI / 6) - 1e-12);
      expect(light.ambient).toBeGreaterThanOrEqual(0.1);
      expect(light.ambient).toBeLessThan(0.2);
      expect(light.diffuse).toBeGreaterThanOrEqual(0.6);
      expect(light.color).toEqual([1, 1, 1]);
    }
  });

  it('rejects bad ranges', () => {
    expect(() => randomLight(createRng(1), { maxAngleDeg: 200 })).toThrow(
      /maxAngleDeg must be in \[0, 180\], got 200/,
    );
    expect(() => randomLight(createRng(1), { ambient: [0.5, 0.1] })).toThrow(/ambient range/);
  });
});

describe('randomLight on bad input', () => {
  it('names the argument', () => {
    expect(() => randomLight(null as never)).toThrow(/rng must be an Rng/);
    expect(() => randomLight(createRng(1), 42 as never)).toThrow(/options must be an object/);
  });
});
