import { FreeAvatarError, createRng, type RgbImage } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { randomBackground, renderBackground } from './backgrounds.js';
import { cameraToFit } from './camera.js';
import { randomLight } from './lighting.js';
import { occluderMask, randomOccluder } from './occluders.js';
import { createRasterizer } from './rasterizer.js';
import { assertRasterMesh } from './validate.js';
import { createEllipsoidMesh, triangleMesh } from './test-utils/meshes.js';
import type { RasterMesh, RenderOptions } from './types.js';

const SIZE = 40;
const sphere = createEllipsoidMesh(16, 16, [1, 1.2, 0.9], [0.8, 0.6, 0.5]);
const camera = { ...cameraToFit(sphere, SIZE, SIZE, { fill: 0.7 }), yaw: 10 };

function scene(seed: number): RenderOptions {
  const rng = createRng(seed);
  return {
    camera: { ...camera, yaw: rng.uniform(-30, 30), pitch: rng.uniform(-20, 20) },
    light: randomLight(rng),
    background: randomBackground(rng),
    occluders: [randomOccluder(rng, { width: SIZE, height: SIZE })],
  };
}

function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(FreeAvatarError);
  expect((caught as FreeAvatarError).code).toBe('INVALID_ARGUMENT');
  expect((caught as Error).message).toMatch(pattern);
}

describe('rendering a scene', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createRasterizer({ width: SIZE, height: SIZE }).render(sphere, scene(7));
    const b = createRasterizer({ width: SIZE, height: SIZE }).render(sphere, scene(7));
    const c = createRasterizer({ width: SIZE, height: SIZE }).render(sphere, scene(8));
    expect(b.data).toEqual(a.data);
    expect(c.data).not.toEqual(a.data);
  });

  it('gives the same image when a rasterizer is reused', () => {
    const r = createRasterizer({ width: SIZE, height: SIZE });
    const first = r.render(sphere, scene(3));
    r.render(sphere, scene(4));
    expect(r.render(sphere, scene(3)).data).toEqual(first.data);
  });

  it('changes only background pixels when the background changes', () => {
    const r = createRasterizer({ width: SIZE, height: SIZE });
    const flat = r.render(sphere, { camera, background: { kind: 'flat', color: [0.1, 0.2, 0.3] } });
    const coverage = r.coverage.slice();
    const bgSpec = {
      kind: 'noise',
      seed: 5,
      colors: [
        [0, 0, 0],
        [1, 1, 0.5],
      ],
    } as const;
    const noisy = r.render(sphere, { camera, background: bgSpec });
    const bg = renderBackground(bgSpec, SIZE, SIZE);
    let full = 0;
    let empty = 0;
    for (let p = 0; p < SIZE * SIZE; p++) {
      for (let c = 0; c < 3; c++) {
        const o = p * 3 + c;
        if (coverage[p] === 1) expect(noisy.data[o]).toBe(flat.data[o]);
        if (coverage[p] === 0) expect(noisy.data[o]).toBe(bg.data[o]);
      }
      if (coverage[p] === 1) full++;
      if (coverage[p] === 0) empty++;
    }
    expect(full).toBeGreaterThan(200);
    expect(empty).toBeGreaterThan(200);
  });

  it('accepts a background image of the output size', () => {
    const r = createRasterizer({ width: SIZE, height: SIZE });
    const bg = renderBackground(
      { kind: 'gradient', from: [1, 0, 0], to: [0, 0, 1], angleDeg: 0 },
      SIZE,
      SIZE,
    );
    const image = r.render(sphere, { camera, background: bg });
    expect(Array.from(image.data.subarray(0, 3))).toEqual(Array.from(bg.data.subarray(0, 3)));
  });

  it('changes pixels only under the occluder, and most of what it covers', () => {
    const r = createRasterizer({ width: SIZE, height: SIZE });
    const base = { camera, background: { kind: 'flat', color: [0.5, 0.5, 0.5] } } as const;
    const plain = r.render(sphere, base);
    for (const kind of ['hand', 'microphone', 'hair'] as const) {
      const occluder = randomOccluder(createRng(11), { width: SIZE, height: SIZE, kinds: [kind] });
      const covered = r.render(sphere, { ...base, occluders: [occluder] });
      const mask = occluderMask(occluder, SIZE, SIZE);
      let changed = 0;
      let solid = 0;
      for (let p = 0; p < SIZE * SIZE; p++) {
        const differs = [0, 1, 2].some((c) => covered.data[p * 3 + c] !== plain.data[p * 3 + c]);
        if (differs) {
          expect(mask[p]).toBeGreaterThan(0);
          changed++;
        }
        if (mask[p] >= 0.5) solid++;
      }
      expect(changed).toBeGreaterThan(solid * 0.8);
      expect(solid).toBeGreaterThan(5);
    }
  });

  it('reports coverage of the mesh before occluders', () => {
    const r = createRasterizer({ width: SIZE, height: SIZE });
    r.render(sphere, scene(2));
    const sum = r.coverage.reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(100);
    expect(sum).toBeLessThan(SIZE * SIZE);
    expect(r.coverage.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describe('rasterizer input errors', () => {
  const good = triangleMesh([0, 0, 0, 1, 0, 0, 0, 1, 0], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
  const cam = { distance: 10, focalLength: 10 };

  it('rejects bad sizes', () => {
    expectInvalid(
      () => createRasterizer({ width: 0, height: 10 }),
      /width must be an integer in 1\.\.8192, got 0/,
    );
    expectInvalid(() => createRasterizer({ width: 10, height: 2.5 }), /height .* got 2\.5/);
    expectInvalid(
      () => createRasterizer({ width: 10, height: 10, supersample: 0 }),
      /supersample .* got 0/,
    );
  });

  it('rejects malformed meshes', () => {
    const r = createRasterizer({ width: 8, height: 8 });
    const bad = (patch: Partial<RasterMesh>): RasterMesh => ({ ...good, ...patch });
    expectInvalid(
      () => r.render(bad({ indices: new Uint32Array([0, 1, 3]) }), { camera: cam }),
      /indices\[2\] = 3 is out of range: the mesh has 3 vertices/,
    );
    expectInvalid(
      () =>
        r.render(bad({ positions: new Float32Array([0, 0, 0, NaN, 0, 0, 0, 1, 0]) }), {
          camera: cam,
        }),
      /positions\[3\] must be a finite number, got NaN/,
    );
    expectInvalid(
      () => r.render(bad({ colors: new Float32Array(6) }), { camera: cam }),
      /colors must hold r g b per vertex \(9 numbers\), got 6/,
    );
    expectInvalid(
      () => r.render(bad({ positions: new Float32Array(8) }), { camera: cam }),
      /multiple of 3/,
    );
    expectInvalid(
      () => r.render(bad({ indices: [0, 1, 2] as unknown as Uint32Array }), { camera: cam }),
      /Uint32Array/,
    );
    expectInvalid(
      () => r.render(bad({ uvs: new Float32Array(4) }), { camera: cam }),
      /uvs .* \(6 numbers\), got 4/,
    );
    const texture: RgbImage = { width: 1, height: 1, data: new Uint8Array(3) };
    expectInvalid(() => r.render(bad({ texture }), { camera: cam }), /texture needs mesh\.uvs/);
    expectInvalid(
      () => r.render(bad({ material: { specular: 2 } }), { camera: cam }),
      /specular must be in 0\.\.1, got 2/,
    );
  });

  it('assertRasterMesh accepts a good mesh and names the first bad value', () => {
    expect(() => assertRasterMesh(good)).not.toThrow();
    expect(() => assertRasterMesh({ ...sphere, normals: new Float32Array(3) })).toThrow(
      /normals must be a Float32Array of \d+ numbers, got 3/,
    );
    const colors = good.colors.slice();
    colors[4] = Infinity;
    expectInvalid(
      () => assertRasterMesh({ ...good, colors }),
      /colors\[4\] must be a finite number, got Infinity/,
    );
  });

  it('rejects bad cameras, lights and backgrounds', () => {
    const r = createRasterizer({ width: 8, height: 8 });
    expectInvalid(
      () => r.render(good, { camera: { distance: 10, focalLength: 0 } }),
      /focalLength must be > 0, got 0/,
    );
    expectInvalid(
      () => r.render(good, { camera: { distance: 0, focalLength: 5 } }),
      /distance must exceed near/,
    );
    expectInvalid(
      () => r.render(good, { camera: { ...cam, yaw: NaN } }),
      /yaw must be a finite number, got NaN/,
    );
    expectInvalid(
      () => r.render(good, { camera: cam, light: { direction: [0, 0, 0] } }),
      /zero vector/,
    );
    expectInvalid(
      () => r.render(good, { camera: cam, light: { direction: [0, 0, 1], ambient: -1 } }),
      /ambient .* got -1/,
    );
    const small: RgbImage = { width: 4, height: 4, data: new Uint8Array(48) };
    expectInvalid(
      () => r.render(good, { camera: cam, background: small }),
      /background image must be 8x8, got 4x4/,
    );
    expectInvalid(
      () => r.render(good, { camera: cam, background: { kind: 'flat', color: [2, 0, 0] } }),
      /color\[0\] must be in 0\.\.1, got 2/,
    );
  });
});
