import { describe, expect, it } from 'vitest';
import { cameraToFit } from './camera.js';
import { createRasterizer } from './rasterizer.js';
import {
  FLAT_LIGHT,
  PIXEL_CAMERA,
  createEllipsoidMesh,
  insideTriangle,
  pixelToObject,
  triangleMesh,
} from './test-utils/meshes.js';
import type { RasterMesh } from './types.js';

type P2 = [number, number];

/** A mesh of triangles given in output pixels (z = 0 under PIXEL_CAMERA), one colour each. */
function pixelTriangles(
  size: number,
  tris: { pts: [P2, P2, P2]; color: number[]; z?: number }[],
): RasterMesh {
  const positions: number[] = [];
  const colors: number[] = [];
  for (const t of tris) {
    for (const [x, y] of t.pts) {
      const p = pixelToObject(x, y, size);
      positions.push(p[0], p[1], t.z ?? 0);
      colors.push(...t.color);
    }
  }
  return {
    positions: new Float32Array(positions),
    indices: new Uint32Array(positions.length / 3).map((_, i) => i),
    colors: new Float32Array(colors),
  };
}

function pixel(image: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const o = (y * image.width + x) * 3;
  return [image.data[o], image.data[o + 1], image.data[o + 2]];
}

describe('createRasterizer', () => {
  it('covers exactly the pixels whose centres lie inside a triangle, in the vertex colour', () => {
    const size = 16;
    // Counter-clockwise as seen by the viewer (y up), i.e. clockwise in pixel coordinates.
    const pts: [P2, P2, P2] = [
      [2.2, 2.3],
      [2.4, 12.6],
      [12.7, 2.1],
    ];
    const mesh = pixelTriangles(size, [{ pts, color: [1, 0.5, 0] }]);
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    const image = r.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT });
    let inside = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const expected = insideTriangle(x + 0.5, y + 0.5, ...pts);
        inside += expected ? 1 : 0;
        expect(pixel(image, x, y)).toEqual(expected ? [255, 128, 0] : [0, 0, 0]);
        expect(r.coverage[y * size + x]).toBe(expected ? 1 : 0);
      }
    }
    expect(inside).toBeGreaterThan(40);
  });

  it('culls back faces unless asked not to', () => {
    const size = 16;
    const pts: [P2, P2, P2] = [
      [2.2, 2.3],
      [12.7, 2.1],
      [2.4, 12.6],
    ];
    const mesh = pixelTriangles(size, [{ pts, color: [1, 1, 1] }]);
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    const culled = r.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT });
    expect(culled.data.every((v) => v === 0)).toBe(true);
    const drawn = r.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT, cullBackFaces: false });
    expect(pixel(drawn, 4, 4)).toEqual([255, 255, 255]);
    const cw = r.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT, frontFace: 'cw' });
    expect(pixel(cw, 4, 4)).toEqual([255, 255, 255]);
  });

  it('keeps the nearer of two overlapping triangles whatever the drawing order', () => {
    const size = 16;
    const big: [P2, P2, P2] = [
      [1, 1],
      [1, 15],
      [15, 1],
    ];
    const near = { pts: big, color: [1, 0, 0], z: 1 };
    const far = {
      pts: big.map(([x, y]) => [x + 0.3, y + 0.2]) as [P2, P2, P2],
      color: [0, 1, 0],
      z: -1,
    };
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    // z = 1 is nearer the camera; under PIXEL_CAMERA it also projects larger, so sample inside both.
    for (const order of [
      [near, far],
      [far, near],
    ]) {
      const image = r.render(pixelTriangles(size, order), {
        camera: PIXEL_CAMERA,
        light: FLAT_LIGHT,
      });
      expect(pixel(image, 5, 5)).toEqual([255, 0, 0]);
      expect(pixel(image, 3, 3)).toEqual([255, 0, 0]);
    }
  });

  it('interpolates colour perspective-correctly', () => {
    const size = 32;
    // Vertex A is red, B and C black, so the red channel is A's barycentric weight on the 3D triangle.
    const A = [-4, -4, 4];
    const B = [6, -4, -6];
    const C = [0, 6, 0];
    const mesh = triangleMesh([...A, ...B, ...C], [1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    const image = r.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT, cullBackFaces: false });
    // By hand: A, B and C all satisfy x + z = 0, so that is the triangle's plane. The ray through
    // the centre (15.5, 17.5) of pixel (15, 17) is (−0.05 t, −0.15 t, 10 − t) for depth t; on the
    // plane −0.05 t + 10 − t = 0, so t = 200/21 and P = (−10/21, −30/21, 10/21). In x–y:
    // 2·area(A, B, C) = (10, 0) × (4, 10) = 100 and 2·area(P, B, C) = (136/21, −54/21) × (10/21, 156/21)
    // = 21756/441, so A's weight is 21756/44100 = 37/75 and the red channel is round(255 · 37/75) = 126.
    expect(pixel(image, 15, 17)).toEqual([126, 0, 0]);
    // Screen-space (affine) interpolation gives A a weight of 0.3108 there, i.e. 79: far off.
    const s = [A, B, C].map(([x, y, z]) => [16 + (10 * x) / (10 - z), 16 - (10 * y) / (10 - z)]);
    const affineA = screenWeight(s[0], s[1], s[2], [15.5, 17.5]);
    expect(Math.round(affineA * 255)).toBe(79);
  });

  it('shades a surface facing the light brighter than one turned away', () => {
    const size = 32;
    const c60 = Math.cos(Math.PI / 3);
    const s60 = Math.sin(Math.PI / 3);
    // Left: a triangle facing the camera. Right: the same shape turned 60° about the vertical
    // through x = 7, so its normal is (sin 60°, 0, cos 60°): (7 + dx, y, 0) → (7 + dx cos, y, −dx sin).
    const turn = (dx: number, y: number): number[] => [7 + dx * c60, y, -dx * s60];
    const positions = [
      -12,
      -6,
      0,
      -2,
      -6,
      0,
      -7,
      6,
      0,
      ...turn(-5, -6),
      ...turn(5, -6),
      ...turn(0, 6),
    ];
    const mesh: RasterMesh = {
      positions: new Float32Array(positions),
      indices: new Uint32Array([0, 1, 2, 3, 4, 5]),
      colors: new Float32Array(18).fill(1),
    };
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    const light = { direction: [0, 0, 1] as [number, number, number], ambient: 0.2, diffuse: 0.8 };
    const image = r.render(mesh, {
      camera: { ...PIXEL_CAMERA, distance: 40, focalLength: 40 },
      light,
    });
    expect(pixel(image, 9, 17)).toEqual([255, 255, 255]);
    // 0.2 + 0.8 · cos 60° = 0.6 → 153
    expect(pixel(image, 23, 18)).toEqual([153, 153, 153]);
    // And the other way round when the light comes from the turned side.
    const other = r.render(mesh, {
      camera: { ...PIXEL_CAMERA, distance: 40, focalLength: 40 },
      light: { ...light, direction: [s60, 0, c60] },
    });
    expect(pixel(other, 23, 18)).toEqual([255, 255, 255]);
    expect(pixel(other, 9, 17)).toEqual([153, 153, 153]);
  });

  it('adds a Blinn–Phong highlight and wraps diffuse light by the material', () => {
    const size = 16;
    const c30 = Math.cos(Math.PI / 6);
    const sq = (material: RasterMesh['material']): RasterMesh => ({
      ...pixelTriangles(size, [
        {
          pts: [
            [0, 0],
            [0, 16],
            [16, 0],
          ],
          color: [0.5, 0.5, 0.5],
        },
        {
          pts: [
            [16, 0],
            [0, 16],
            [16, 16],
          ],
          color: [0.5, 0.5, 0.5],
        },
      ]),
      material,
    });
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    // Light 60° off the camera axis: n·l = 0.5 and the half vector is 30° off, n·h = cos 30°.
    const light = {
      direction: [Math.sin(Math.PI / 3), 0, 0.5] as [number, number, number],
      ambient: 0,
      diffuse: 1,
    };
    const matte = r.render(sq(undefined), { camera: PIXEL_CAMERA, light });
    expect(pixel(matte, 8, 8)).toEqual([64, 64, 64]);
    const shiny = r.render(sq({ specular: 0.6, shininess: 12 }), { camera: PIXEL_CAMERA, light });
    const expected = Math.floor(255 * (0.25 + 0.6 * Math.pow(c30, 12)) + 0.5);
    expect(pixel(shiny, 8, 8)).toEqual([expected, expected, expected]);
    // Wrap: max(0, (0.5 + 0.5) / 1.5) = 2/3 of the albedo.
    const soft = r.render(sq({ subsurface: 0.5 }), { camera: PIXEL_CAMERA, light });
    expect(pixel(soft, 8, 8)).toEqual([85, 85, 85]);
    // A light from behind (n·l = −0.2) still reaches a wrapped surface: (−0.2 + 0.5) / 1.5 = 0.2.
    const behind = { ...light, direction: [Math.sqrt(0.96), 0, -0.2] as [number, number, number] };
    expect(pixel(r.render(sq(undefined), { camera: PIXEL_CAMERA, light: behind }), 8, 8)).toEqual([
      0, 0, 0,
    ]);
    expect(
      pixel(r.render(sq({ subsurface: 0.5 }), { camera: PIXEL_CAMERA, light: behind }), 8, 8),
    ).toEqual([26, 26, 26]);
  });

  it('lights the side of a sphere that faces the light', () => {
    const mesh = createEllipsoidMesh(24, 24);
    const r = createRasterizer({ width: 48, height: 48, supersample: 2 });
    const image = r.render(mesh, {
      camera: cameraToFit(mesh, 48, 48),
      light: { direction: [-1, 0, 0.2] },
    });
    let left = 0;
    let right = 0;
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 24; x++) left += pixel(image, x, y)[0];
      for (let x = 24; x < 48; x++) right += pixel(image, x, y)[0];
    }
    expect(left).toBeGreaterThan(right * 1.5);
  });

  it('gives edge pixels intermediate values when supersampling', () => {
    const size = 16;
    // A rectangle from x = 2 to x = 8.5: with 4×4 samples, column 8 is exactly half covered.
    const rect = (color: number[]): { pts: [P2, P2, P2]; color: number[] }[] => [
      {
        pts: [
          [2, 2],
          [2, 14],
          [8.5, 2],
        ],
        color,
      },
      {
        pts: [
          [8.5, 2],
          [2, 14],
          [8.5, 14],
        ],
        color,
      },
    ];
    const mesh = pixelTriangles(size, rect([1, 1, 1]));
    const ss = createRasterizer({ width: size, height: size, supersample: 4 });
    const smooth = ss.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT });
    for (let y = 2; y < 14; y++) {
      expect(pixel(smooth, 8, y)).toEqual([128, 128, 128]);
      expect(pixel(smooth, 7, y)).toEqual([255, 255, 255]);
      expect(ss.coverage[y * size + 8]).toBe(0.5);
    }
    const hard = createRasterizer({ width: size, height: size, supersample: 1 });
    const aliased = hard.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT });
    expect(aliased.data.every((v) => v === 0 || v === 255)).toBe(true);
  });

  it('leaves no gaps and no double hits between triangles sharing edges', () => {
    const size = 24;
    // A fan of 16 triangles with vertices on sample centres, so many samples lie exactly on the
    // shared edges. Rendering each triangle alone and summing coverage must give exactly 1 at
    // every sample inside the fan: each is drawn by one triangle, none by two, none missed.
    const ring: P2[] = [];
    for (let k = 0; k < 16; k++) {
      const a = (k / 16) * 2 * Math.PI;
      ring.push([Math.round(12 + 9 * Math.cos(a)) + 0.5, Math.round(12 + 9 * Math.sin(a)) + 0.5]);
    }
    const centre: P2 = [12.5, 12.5];
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    const total = new Float32Array(size * size);
    for (let k = 0; k < 16; k++) {
      const pts: [P2, P2, P2] = [centre, ring[(k + 1) % 16], ring[k]];
      r.render(pixelTriangles(size, [{ pts, color: [1, 1, 1] }]), {
        camera: PIXEL_CAMERA,
        light: FLAT_LIGHT,
      });
      for (let i = 0; i < total.length; i++) total[i] += r.coverage[i];
    }
    let checked = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = Math.hypot(x + 0.5 - 12.5, y + 0.5 - 12.5);
        if (d < 7.5) {
          expect(total[y * size + x]).toBe(1);
          checked++;
        }
        if (d > 10) expect(total[y * size + x]).toBe(0);
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('samples textures with uvs (v down) and multiplies by the vertex colour', () => {
    const size = 16;
    // A square over the whole image; the texture's left half is red, its right half blue.
    const sq = [
      pixelToObject(0, 0, size),
      pixelToObject(16, 0, size),
      pixelToObject(16, 16, size),
      pixelToObject(0, 16, size),
    ];
    const texture = {
      width: 2,
      height: 2,
      data: new Uint8Array([255, 0, 0, 0, 0, 255, 255, 0, 0, 0, 0, 255]),
    };
    const mesh: RasterMesh = {
      positions: new Float32Array(sq.flat()),
      indices: new Uint32Array([0, 3, 1, 1, 3, 2]),
      colors: new Float32Array(12).fill(1).map((v, i) => (i % 3 === 2 ? 0.5 : v)),
      uvs: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]),
      texture,
    };
    const r = createRasterizer({ width: size, height: size, supersample: 1 });
    const image = r.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT });
    expect(pixel(image, 1, 8)).toEqual([255, 0, 0]);
    expect(pixel(image, 14, 8)).toEqual([0, 0, 128]);
    // Between the texel centres the colour blends bilinearly.
    expect(pixel(image, 8, 8)[0]).toBeGreaterThan(100);
    expect(pixel(image, 8, 8)[2]).toBeGreaterThan(40);
  });

  it('renders several meshes into one z-buffer', () => {
    const mesh = createEllipsoidMesh(12, 12, [1, 1, 1], [1, 0, 0]);
    // A sphere of radius 1 at depth 12 in front of one of radius 4 at depth 18.
    const behind = createEllipsoidMesh(12, 12, [4, 4, 4], [0, 1, 0]);
    behind.positions = behind.positions.map((v, i) => (i % 3 === 2 ? v - 6 : v));
    const r = createRasterizer({ width: 32, height: 32 });
    const camera = { distance: 12, focalLength: 40 };
    const image = r.render([behind, mesh], { camera, light: FLAT_LIGHT });
    expect(pixel(image, 16, 16)).toEqual([255, 0, 0]);
    expect(pixel(image, 16, 9)).toEqual([0, 255, 0]);
    const reversed = r.render([mesh, behind], { camera, light: FLAT_LIGHT });
    expect(reversed.data).toEqual(image.data);
  });

  it('drops triangles that reach behind the near plane', () => {
    const mesh = triangleMesh([-1, -1, 20, 1, -1, 0, 0, 1, 0], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const r = createRasterizer({ width: 8, height: 8 });
    const image = r.render(mesh, { camera: PIXEL_CAMERA, light: FLAT_LIGHT, cullBackFaces: false });
    expect(image.data.every((v) => v === 0)).toBe(true);
  });
});

function screenWeight(a: number[], b: number[], c: number[], p: number[]): number {
  const area = (u: number[], v: number[], w: number[]): number =>
    (v[0] - u[0]) * (w[1] - u[1]) - (w[0] - u[0]) * (v[1] - u[1]);
  return area(p, b, c) / area(a, b, c);
}
