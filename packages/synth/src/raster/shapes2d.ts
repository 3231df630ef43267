import { assertArgument, assertRgbImage, type RgbImage } from '@freeavatar/core';
import type { RgbColor } from './types.js';

/**
 * A filled 2D shape in output-image pixels (x right, y down), anti-aliased by its signed
 * distance. `shading` (0..1, default 0.5) darkens it towards its outline as if it were round:
 * a cylinder for capsules, a dome for ellipses.
 *
 * @example
 * ```ts
 * const finger: Shape2D = { type: 'capsule', ax: 40, ay: 60, bx: 44, by: 40, radius: 4, color: [0.8, 0.6, 0.5] };
 * ```
 */
export type Shape2D =
  | {
      type: 'capsule';
      ax: number;
      ay: number;
      bx: number;
      by: number;
      radius: number;
      color: RgbColor;
      shading?: number;
    }
  | {
      type: 'ellipse';
      cx: number;
      cy: number;
      rx: number;
      ry: number;
      angleDeg: number;
      color: RgbColor;
      shading?: number;
    };

interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function fail(message: string): never {
  assertArgument(false, message);
  throw new Error('unreachable');
}

function checkShape(shape: Shape2D): void {
  if (shape === null || typeof shape !== 'object') fail('shape must be an object');
  let ok: boolean;
  if (shape.type === 'capsule') {
    ok =
      Number.isFinite(shape.ax) &&
      Number.isFinite(shape.ay) &&
      Number.isFinite(shape.bx) &&
      Number.isFinite(shape.by) &&
      Number.isFinite(shape.radius) &&
      shape.radius > 0;
  } else if (shape.type === 'ellipse') {
    ok =
      Number.isFinite(shape.cx) &&
      Number.isFinite(shape.cy) &&
      Number.isFinite(shape.angleDeg) &&
      Number.isFinite(shape.rx) &&
      Number.isFinite(shape.ry) &&
      shape.rx > 0 &&
      shape.ry > 0;
  } else {
    fail(
      `shape.type must be 'capsule' or 'ellipse', got ${String((shape as { type: unknown }).type)}`,
    );
  }
  if (!ok) fail(`shape coordinates must be finite and its radii > 0, got ${JSON.stringify(shape)}`);
  const c = shape.color;
  const colourOk =
    Array.isArray(c) &&
    c.length === 3 &&
    c[0] >= 0 &&
    c[0] <= 1 &&
    c[1] >= 0 &&
    c[1] <= 1 &&
    c[2] >= 0 &&
    c[2] <= 1;
  if (!colourOk) fail(`shape.color must be [r, g, b] in 0..1, got ${JSON.stringify(c)}`);
  const shading = shape.shading;
  if (shading !== undefined && !(shading >= 0 && shading <= 1)) {
    fail(`shape.shading must be in 0..1, got ${shading}`);
  }
}

function bounds(shape: Shape2D, width: number, height: number): Bounds {
  let x0: number;
  let y0: number;
  let x1: number;
  let y1: number;
  if (shape.type === 'capsule') {
    x0 = Math.min(shape.ax, shape.bx) - shape.radius;
    x1 = Math.max(shape.ax, shape.bx) + shape.radius;
    y0 = Math.min(shape.ay, shape.by) - shape.radius;
    y1 = Math.max(shape.ay, shape.by) + shape.radius;
  } else {
    const r = Math.max(shape.rx, shape.ry);
    x0 = shape.cx - r;
    x1 = shape.cx + r;
    y0 = shape.cy - r;
    y1 = shape.cy + r;
  }
  return {
    x0: Math.max(0, Math.floor(x0 - 1)),
    y0: Math.max(0, Math.floor(y0 - 1)),
    x1: Math.min(width - 1, Math.ceil(x1 + 1)),
    y1: Math.min(height - 1, Math.ceil(y1 + 1)),
  };
}

/**
 * Calls `visit(pixelIndex, coverage, brightness)` for every pixel the shape touches, where
 * coverage is the anti-aliased area fraction and brightness the round-shape shading factor.
 */
function scanShape(
  shape: Shape2D,
  width: number,
  height: number,
  visit: (p: number, coverage: number, brightness: number) => void,
): void {
  checkShape(shape);
  const b = bounds(shape, width, height);
  const shading = shape.shading ?? 0.5;
  if (shape.type === 'capsule') {
    const { ax, ay, radius } = shape;
    const ex = shape.bx - ax;
    const ey = shape.by - ay;
    const len2 = ex * ex + ey * ey;
    for (let y = b.y0; y <= b.y1; y++) {
      for (let x = b.x0; x <= b.x1; x++) {
        const px = x + 0.5 - ax;
        const py = y + 0.5 - ay;
        let h = len2 > 0 ? (px * ex + py * ey) / len2 : 0;
        h = h < 0 ? 0 : h > 1 ? 1 : h;
        const dx = px - ex * h;
        const dy = py - ey * h;
        const dist = Math.sqrt(dx * dx + dy * dy);
        const cov = Math.min(1, Math.max(0, radius - dist + 0.5));
        if (cov <= 0) continue;
        const r = Math.min(1, dist / radius);
        visit(y * width + x, cov, 1 - shading + shading * Math.sqrt(1 - r * r));
      }
    }
    return;
  }
  const { cx, cy, rx, ry } = shape;
  const cos = Math.cos((shape.angleDeg * Math.PI) / 180);
  const sin = Math.sin((shape.angleDeg * Math.PI) / 180);
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0; x <= b.x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const lx = (dx * cos + dy * sin) / rx;
      const ly = (-dx * sin + dy * cos) / ry;
      const k = Math.sqrt(lx * lx + ly * ly);
      // Signed distance ≈ (k − 1) / |∇k|, exact for circles.
      let sd: number;
      if (k < 1e-9) {
        sd = -Math.min(rx, ry);
      } else {
        const gx = lx / rx / k;
        const gy = ly / ry / k;
        sd = (k - 1) / Math.sqrt(gx * gx + gy * gy);
      }
      const cov = Math.min(1, Math.max(0, 0.5 - sd));
      if (cov <= 0) continue;
      const r = Math.min(1, k);
      visit(y * width + x, cov, 1 - shading + shading * Math.sqrt(1 - r * r));
    }
  }
}

/**
 * Draws `shape` over `image` in place (alpha = its anti-aliased coverage).
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const image: RgbImage;
 * drawShape(image, { type: 'ellipse', cx: 56, cy: 80, rx: 20, ry: 12, angleDeg: 15, color: [0.2, 0.2, 0.2] });
 * ```
 */
export function drawShape(image: RgbImage, shape: Shape2D): void {
  assertRgbImage(image);
  const data = image.data;
  const [r, g, bl] = shape.color;
  scanShape(shape, image.width, image.height, (p, cov, bright) => {
    const o = p * 3;
    const keep = 1 - cov;
    const a = cov * bright * 255;
    data[o] = data[o] * keep + r * a + 0.5;
    data[o + 1] = data[o + 1] * keep + g * a + 0.5;
    data[o + 2] = data[o + 2] * keep + bl * a + 0.5;
  });
}

/**
 * Adds the coverage of `shape` to `mask` (`width * height`, 0..1) as a union: each pixel keeps
 * the larger of its value and the shape's coverage.
 *
 * @example
 * ```ts
 * declare const shape: Shape2D;
 * const mask = new Float32Array(112 * 112);
 * addShapeToMask(mask, 112, 112, shape);
 * ```
 */
export function addShapeToMask(
  mask: Float32Array,
  width: number,
  height: number,
  shape: Shape2D,
): void {
  assertArgument(
    mask instanceof Float32Array && mask.length === width * height,
    `mask must be a Float32Array of ${width * height} values, got ${mask?.length}`,
  );
  scanShape(shape, width, height, (p, cov) => {
    if (cov > mask[p]) mask[p] = cov;
  });
}
