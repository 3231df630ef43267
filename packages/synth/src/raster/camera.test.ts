import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import {
  cameraToFit,
  focalLengthFromFov,
  projectPoints,
  resolveCamera,
  rotationMatrix,
} from './camera.js';
import { createRasterizer } from './rasterizer.js';
import { createEllipsoidMesh } from './test-utils/meshes.js';

function apply(m: Float64Array, v: number[]): number[] {
  return [0, 1, 2].map((r) => m[r * 3] * v[0] + m[r * 3 + 1] * v[1] + m[r * 3 + 2] * v[2]);
}

function expectClose(actual: number[], expected: number[]): void {
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
}

describe('rotationMatrix', () => {
  it('turns the front to the right for yaw, up for pitch, counter-clockwise for roll', () => {
    expectClose(apply(rotationMatrix(90, 0, 0), [0, 0, 1]), [1, 0, 0]);
    expectClose(apply(rotationMatrix(0, 90, 0), [0, 0, 1]), [0, 1, 0]);
    expectClose(apply(rotationMatrix(0, 0, 90), [1, 0, 0]), [0, 1, 0]);
  });

  it('is orthonormal and applies pitch, then yaw, then roll', () => {
    const m = rotationMatrix(23, -41, 17);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        const dot = m[a * 3] * m[b * 3] + m[a * 3 + 1] * m[b * 3 + 1] + m[a * 3 + 2] * m[b * 3 + 2];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    }
    const v = [0.3, -0.2, 0.9];
    const stepwise = apply(
      rotationMatrix(0, 0, 17),
      apply(rotationMatrix(23, 0, 0), apply(rotationMatrix(0, -41, 0), v)),
    );
    expectClose(apply(m, v), stepwise);
  });

  it('rejects non-finite angles', () => {
    expect(() => rotationMatrix(Infinity, 0, 0)).toThrow(FreeAvatarError);
  });
});

describe('resolveCamera', () => {
  it('fills defaults: image-centre principal point, no rotation, near 1e-3', () => {
    const cam = resolveCamera({ distance: 50, focalLength: 300 }, 112, 96);
    expect([cam.cx, cam.cy, cam.near]).toEqual([56, 48, 1e-3]);
    expect(Array.from(cam.rotation, (v) => v + 0)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(cam.pivot).toEqual([0, 0, 0]);
  });

  it('keeps a given principal point, pivot and offset', () => {
    const cam = resolveCamera(
      {
        distance: 50,
        focalLength: 300,
        principalPoint: [10, 20],
        pivot: [1, 2, 3],
        offset: [0, 1, 0],
      },
      64,
      64,
    );
    expect([cam.cx, cam.cy]).toEqual([10, 20]);
    expect(cam.pivot).toEqual([1, 2, 3]);
    expect(cam.offset).toEqual([0, 1, 0]);
  });

  it('rejects a malformed principal point', () => {
    expect(() =>
      resolveCamera({ distance: 5, focalLength: 5, principalPoint: [1] as never }, 8, 8),
    ).toThrow(/principalPoint must be \[x, y\]/);
  });
});

describe('focalLengthFromFov', () => {
  it('maps a 90° field of view to half the width', () => {
    expect(focalLengthFromFov(90, 112)).toBeCloseTo(56, 10);
    expect(() => focalLengthFromFov(180, 112)).toThrow(/fovDeg must be in \(0, 180\), got 180/);
  });
});

describe('cameraToFit', () => {
  it('centres the mesh and frames it inside the image', () => {
    const mesh = createEllipsoidMesh(16, 16, [2, 3, 1]);
    mesh.positions = mesh.positions.map((v, i) => v + [5, -4, 2][i % 3]);
    const camera = cameraToFit(mesh, 48, 48, { fill: 0.9 });
    expect(camera.pivot?.map((v) => Number(v.toFixed(4)))).toEqual([5, -4, 2]);
    const r = createRasterizer({ width: 48, height: 48 });
    r.render(mesh, { camera });
    let x0 = 48;
    let x1 = -1;
    let y0 = 48;
    let y1 = -1;
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 48; x++) {
        if (r.coverage[y * 48 + x] > 0) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    // The bounding sphere spans 90% of the image; the ellipsoid (3 tall, 2 wide) fits inside it.
    expect(y0).toBeGreaterThan(0);
    expect(y1).toBeLessThan(47);
    expect(y1 - y0).toBeGreaterThan(24);
    expect(Math.abs((x0 + x1) / 2 - 23.5)).toBeLessThanOrEqual(1);
    expect(Math.abs((y0 + y1) / 2 - 23.5)).toBeLessThanOrEqual(1);
  });
});

describe('projectPoints', () => {
  it('lands points where the rasterizer draws them', () => {
    const mesh = createEllipsoidMesh(24, 24, [2, 3, 1]);
    const camera = {
      ...cameraToFit(mesh, 64, 64, { fill: 0.7 }),
      yaw: 30,
      pitch: -10,
      roll: 5,
      offset: [0.5, 0, 0] as const,
      principalPoint: [30, 34] as const,
    };
    const r = createRasterizer({ width: 64, height: 64, supersample: 4 });
    r.render(mesh, { camera });
    const xyd = projectPoints(mesh.positions, camera, 64, 64);
    // The projected vertices' bounding box matches the drawn silhouette's to within a pixel.
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 0; k < xyd.length; k += 3) {
      box[0] = Math.min(box[0], xyd[k]);
      box[1] = Math.min(box[1], xyd[k + 1]);
      box[2] = Math.max(box[2], xyd[k]);
      box[3] = Math.max(box[3], xyd[k + 1]);
    }
    const drawn = [Infinity, Infinity, -Infinity, -Infinity];
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        if (r.coverage[y * 64 + x] === 0) continue;
        drawn[0] = Math.min(drawn[0], x);
        drawn[1] = Math.min(drawn[1], y);
        drawn[2] = Math.max(drawn[2], x + 1);
        drawn[3] = Math.max(drawn[3], y + 1);
      }
    }
    box.forEach((v, i) => expect(Math.abs(v - drawn[i])).toBeLessThan(1));
    // Depth: the pivot sits at `distance` along the axis.
    const pivot = projectPoints(new Float32Array(camera.pivot!), camera, 64, 64);
    expect(pivot[2]).toBeCloseTo(camera.distance, 5);
  });

  it('marks points behind the near plane with NaN', () => {
    const xyd = projectPoints(
      new Float32Array([0, 0, 20]),
      { distance: 10, focalLength: 10 },
      8,
      8,
    );
    expect(Number.isNaN(xyd[0]) && Number.isNaN(xyd[1])).toBe(true);
    expect(xyd[2]).toBe(-10);
  });
});

describe('camera functions on bad input', () => {
  it('name the argument', () => {
    expect(() => cameraToFit(null as never, 64, 64)).toThrow(/mesh must be an object, got null/);
    expect(() => projectPoints(null as never, { distance: 10, focalLength: 50 }, 64, 64)).toThrow(
      /positions must be a Float32Array of x y z triples, got null/,
    );
  });
});
