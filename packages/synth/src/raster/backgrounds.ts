import {
  assertArgument,
  assertObject,
  assertRgbImage,
  type RgbImage,
  type Rng,
} from '@freeavatar/core';
import { assertRng } from '../arguments.js';
import type { RgbColor } from './types.js';
import { fillValueNoise } from './value-noise.js';

/**
 * A crop rectangle in source-image pixels.
 *
 * @example
 * ```ts
 * const crop: CropRect = { x: 40, y: 10, width: 200, height: 200 };
 * ```
 */
export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * What to draw behind the mesh. Colours are r g b in 0..1.
 *
 * - `flat`: one colour.
 * - `gradient`: linear from `from` to `to`; `angleDeg` 0 runs left to right, 90 top to bottom.
 * - `noise`: smooth value noise blending two colours; `cells` lattice cells across the width at
 *   the coarsest octave (default 4), `octaves` (default 3), each halving cell size and amplitude.
 * - `photo`: the `crop` of `image` (default the whole image) resized bilinearly to the output,
 *   mirrored when `flipX`.
 *
 * @example
 * ```ts
 * const bg: BackgroundSpec = { kind: 'gradient', from: [0.1, 0.1, 0.2], to: [0.6, 0.6, 0.7], angleDeg: 90 };
 * ```
 */
export type BackgroundSpec =
  | { kind: 'flat'; color: RgbColor }
  | { kind: 'gradient'; from: RgbColor; to: RgbColor; angleDeg: number }
  | {
      kind: 'noise';
      seed: number;
      colors: readonly [RgbColor, RgbColor];
      cells?: number;
      octaves?: number;
    }
  | { kind: 'photo'; image: RgbImage; crop?: CropRect; flipX?: boolean };

/**
 * The `kind` of a {@link BackgroundSpec}.
 *
 * @example
 * ```ts
 * const kinds: BackgroundKind[] = ['flat', 'noise'];
 * ```
 */
export type BackgroundKind = BackgroundSpec['kind'];

function assertRgb(c: RgbColor, name: string): void {
  assertArgument(Array.isArray(c) && c.length === 3, `${name} must be [r, g, b]`);
  for (let i = 0; i < 3; i++) {
    assertArgument(
      Number.isFinite(c[i]) && c[i] >= 0 && c[i] <= 1,
      `${name}[${i}] must be in 0..1, got ${c[i]}`,
    );
  }
}

/** Writes `a + (b − a) · t[p]` as 8-bit RGB for every pixel `p`, or `a` when `t` is undefined. */
function fillLerp(out: Uint8Array, a: RgbColor, b: RgbColor, t: Float32Array | undefined): void {
  const a0 = a[0] * 255 + 0.5;
  const a1 = a[1] * 255 + 0.5;
  const a2 = a[2] * 255 + 0.5;
  const d0 = (b[0] - a[0]) * 255;
  const d1 = (b[1] - a[1]) * 255;
  const d2 = (b[2] - a[2]) * 255;
  const n = out.length / 3;
  if (t === undefined) {
    for (let o = 0; o < out.length; o += 3) {
      out[o] = a0 | 0;
      out[o + 1] = a1 | 0;
      out[o + 2] = a2 | 0;
    }
    return;
  }
  for (let p = 0, o = 0; p < n; p++, o += 3) {
    const v = t[p];
    out[o] = (a0 + d0 * v) | 0;
    out[o + 1] = (a1 + d1 * v) | 0;
    out[o + 2] = (a2 + d2 * v) | 0;
  }
}

function fillPhoto(
  spec: Extract<BackgroundSpec, { kind: 'photo' }>,
  width: number,
  height: number,
  out: Uint8Array,
): void {
  const img = spec.image;
  assertRgbImage(img);
  const crop = spec.crop ?? { x: 0, y: 0, width: img.width, height: img.height };
  const { x: cx, y: cy, width: cw, height: ch } = crop;
  assertArgument(
    [cx, cy, cw, ch].every(Number.isFinite) &&
      cw > 0 &&
      ch > 0 &&
      cx >= 0 &&
      cy >= 0 &&
      cx + cw <= img.width &&
      cy + ch <= img.height,
    `photo crop {x: ${cx}, y: ${cy}, width: ${cw}, height: ${ch}} must lie inside the ${img.width}x${img.height} image`,
  );
  const src = img.data;
  const iw = img.width;
  const sxScale = cw / width;
  const syScale = ch / height;
  for (let y = 0; y < height; y++) {
    let fy = cy + (y + 0.5) * syScale - 0.5;
    fy = fy < 0 ? 0 : fy > img.height - 1 ? img.height - 1 : fy;
    const ty = fy | 0;
    const ay = fy - ty;
    const dy = ty < img.height - 1 ? iw * 3 : 0;
    for (let x = 0; x < width; x++) {
      const xx = spec.flipX ? width - 1 - x : x;
      let fx = cx + (xx + 0.5) * sxScale - 0.5;
      fx = fx < 0 ? 0 : fx > iw - 1 ? iw - 1 : fx;
      const tx = fx | 0;
      const ax = fx - tx;
      const dx = tx < iw - 1 ? 3 : 0;
      const k = (ty * iw + tx) * 3;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[k + c] + (src[k + dx + c] - src[k + c]) * ax;
        const bottom = src[k + dy + c] + (src[k + dy + dx + c] - src[k + dy + c]) * ax;
        out[o + c] = top + (bottom - top) * ay + 0.5;
      }
    }
  }
}

/**
 * Draws `spec` into `out` (`width * height * 3` bytes, RGB), reusing the caller's buffer.
 *
 * @example
 * ```ts
 * const data = new Uint8Array(112 * 112 * 3);
 * fillBackground({ kind: 'flat', color: [0.5, 0.5, 0.5] }, 112, 112, data);
 * ```
 */
export function fillBackground(
  spec: BackgroundSpec,
  width: number,
  height: number,
  out: Uint8Array,
): void {
  assertArgument(
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0,
    `background size must be positive integers, got ${width}x${height}`,
  );
  assertArgument(
    out instanceof Uint8Array && out.length === width * height * 3,
    `background buffer must be a Uint8Array of ${width * height * 3} bytes, got ${out?.length}`,
  );
  assertArgument(spec !== null && typeof spec === 'object', 'background must be an object');
  switch (spec.kind) {
    case 'flat': {
      assertRgb(spec.color, 'background.color');
      fillLerp(out, spec.color, spec.color, undefined);
      return;
    }
    case 'gradient': {
      assertRgb(spec.from, 'background.from');
      assertRgb(spec.to, 'background.to');
      assertArgument(
        Number.isFinite(spec.angleDeg),
        `background.angleDeg must be finite, got ${spec.angleDeg}`,
      );
      const dx = Math.cos((spec.angleDeg * Math.PI) / 180);
      const dy = Math.sin((spec.angleDeg * Math.PI) / 180);
      const extent = Math.abs(dx) * width + Math.abs(dy) * height;
      const t = new Float32Array(width * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          t[y * width + x] =
            0.5 + ((x + 0.5 - width / 2) * dx + (y + 0.5 - height / 2) * dy) / extent;
        }
      }
      fillLerp(out, spec.from, spec.to, t);
      return;
    }
    case 'noise': {
      assertRgb(spec.colors?.[0], 'background.colors[0]');
      assertRgb(spec.colors?.[1], 'background.colors[1]');
      const noise = fillValueNoise(spec.seed, width, height, spec.cells ?? 4, spec.octaves ?? 3);
      fillLerp(out, spec.colors[0], spec.colors[1], noise);
      return;
    }
    case 'photo':
      fillPhoto(spec, width, height, out);
      return;
    default:
      assertArgument(
        false,
        `background.kind must be flat, gradient, noise or photo, got ${String((spec as { kind: unknown }).kind)}`,
      );
  }
}

/**
 * Draws `spec` as a new `width × height` image.
 *
 * @example
 * ```ts
 * const bg = renderBackground({ kind: 'noise', seed: 3, colors: [[0, 0, 0], [1, 1, 1]] }, 112, 112);
 * ```
 */
export function renderBackground(spec: BackgroundSpec, width: number, height: number): RgbImage {
  assertArgument(
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0,
    `background size must be positive integers, got ${width}x${height}`,
  );
  const data = new Uint8Array(width * height * 3);
  fillBackground(spec, width, height, data);
  return { width, height, data };
}

/**
 * Choices of {@link randomBackground}.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const office: RgbImage;
 * const options: RandomBackgroundOptions = { photos: [office], kinds: ['photo', 'noise'] };
 * ```
 */
export interface RandomBackgroundOptions {
  /** Real photos to crop from; `photo` backgrounds are drawn only when some are given. */
  photos?: readonly RgbImage[];
  /** Kinds to choose from, uniformly; default all (without `photo` when there are no photos). */
  kinds?: readonly BackgroundKind[];
  /** Aspect ratio (width / height) of photo crops; default 1. */
  aspect?: number;
}

function randomColor(rng: Rng): RgbColor {
  const base = rng.next();
  const spread = rng.uniform(0, 0.35);
  const c = (): number => Math.min(1, Math.max(0, base + rng.uniform(-spread, spread)));
  return [c(), c(), c()];
}

/**
 * A random background for a seed: uniform over the allowed kinds, with random colours, angles,
 * noise seeds and photo crops (¼ to all of the shorter photo side, any position, random mirror).
 *
 * @example
 * ```ts
 * import { createRng, type RgbImage } from '@freeavatar/core';
 * declare const street: RgbImage, office: RgbImage;
 * const spec = randomBackground(createRng(1), { photos: [street, office] });
 * ```
 */
export function randomBackground(rng: Rng, options: RandomBackgroundOptions = {}): BackgroundSpec {
  assertRng(rng);
  assertObject(options as unknown, 'options');
  const photos = options.photos ?? [];
  photos.forEach(assertRgbImage);
  const kinds =
    options.kinds ??
    (photos.length > 0 ? ['flat', 'gradient', 'noise', 'photo'] : ['flat', 'gradient', 'noise']);
  assertArgument(kinds.length > 0, 'kinds must not be empty');
  const kind = rng.pick(kinds);
  switch (kind) {
    case 'flat':
      return { kind, color: randomColor(rng) };
    case 'gradient':
      return { kind, from: randomColor(rng), to: randomColor(rng), angleDeg: rng.uniform(0, 360) };
    case 'noise':
      return {
        kind,
        seed: rng.int(2 ** 31),
        colors: [randomColor(rng), randomColor(rng)],
        cells: 2 + rng.int(7),
        octaves: 1 + rng.int(4),
      };
    case 'photo': {
      assertArgument(photos.length > 0, "kind 'photo' needs options.photos");
      const image = rng.pick(photos);
      const aspect = options.aspect ?? 1;
      assertArgument(Number.isFinite(aspect) && aspect > 0, `aspect must be > 0, got ${aspect}`);
      const maxH = Math.min(image.height, image.width / aspect);
      const h = Math.max(1, Math.floor(maxH * rng.uniform(0.25, 1)));
      const w = Math.min(image.width, Math.max(1, Math.round(h * aspect)));
      return {
        kind,
        image,
        crop: {
          x: rng.int(image.width - w + 1),
          y: rng.int(image.height - h + 1),
          width: w,
          height: h,
        },
        flipX: rng.bool(),
      };
    }
    default:
      return assertArgument(
        false,
        `kinds must hold flat, gradient, noise or photo, got ${String(kind)}`,
      ) as never;
  }
}
