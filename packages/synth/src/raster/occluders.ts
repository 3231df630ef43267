import {
  assertArgument,
  assertObject,
  assertRgbImage,
  type RgbImage,
  type Rng,
} from '@freeavatar/core';
import { assertRng } from '../arguments.js';
import { addShapeToMask, drawShape, type Shape2D } from './shapes2d.js';
import type { RgbColor } from './types.js';

/**
 * The kinds of occluder {@link randomOccluder} draws.
 *
 * @example
 * ```ts
 * for (const kind of OCCLUDER_KINDS) console.log(kind); // hand, microphone, hair
 * ```
 */
export const OCCLUDER_KINDS = ['hand', 'microphone', 'hair'] as const;

/**
 * One of {@link OCCLUDER_KINDS}.
 *
 * @example
 * ```ts
 * const kind: OccluderKind = 'hair';
 * ```
 */
export type OccluderKind = (typeof OCCLUDER_KINDS)[number];

/**
 * Something drawn over a rendered face: plain 2D shapes in output-image pixels, in drawing order.
 *
 * @example
 * ```ts
 * const occluder: Occluder = { kind: 'hair', shapes: [{ type: 'capsule', ax: 30, ay: 0, bx: 40, by: 50, radius: 1, color: [0.1, 0.08, 0.05] }] };
 * ```
 */
export interface Occluder {
  kind: OccluderKind;
  shapes: Shape2D[];
}

/**
 * A rectangle in output-image pixels.
 *
 * @example
 * ```ts
 * const face: PixelRect = { x: 20, y: 16, width: 72, height: 84 };
 * ```
 */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where an occluder goes: the image size and the face's box in it.
 *
 * @example
 * ```ts
 * const options: OccluderOptions = { width: 112, height: 112, region: { x: 20, y: 16, width: 72, height: 84 } };
 * ```
 */
export interface OccluderOptions {
  width: number;
  height: number;
  /** The face's box in pixels; default the centred square of 70% of the shorter side. */
  region?: PixelRect;
}

const SKIN_TONES: readonly RgbColor[] = [
  [0.96, 0.8, 0.69],
  [0.91, 0.72, 0.6],
  [0.82, 0.6, 0.46],
  [0.67, 0.46, 0.33],
  [0.49, 0.33, 0.23],
  [0.33, 0.22, 0.15],
];

const HAIR_COLOURS: readonly RgbColor[] = [
  [0.05, 0.04, 0.04],
  [0.17, 0.11, 0.07],
  [0.33, 0.21, 0.12],
  [0.62, 0.47, 0.28],
  [0.85, 0.72, 0.48],
  [0.45, 0.18, 0.08],
  [0.6, 0.6, 0.6],
];

/** Checks an occluder function's arguments and resolves the face region. */
function resolveRegion(rng: Rng, options: OccluderOptions): PixelRect {
  assertRng(rng);
  assertObject(options as unknown, 'options');
  const { width, height } = options;
  assertArgument(
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0,
    `options.width and options.height must be positive integers, got ${width}x${height}`,
  );
  if (options.region === undefined) {
    const side = Math.min(width, height) * 0.7;
    return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
  }
  const r = options.region;
  assertArgument(
    [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width > 0 && r.height > 0,
    `region must have finite x, y and positive width, height, got ${JSON.stringify(r)}`,
  );
  return r;
}

function jitter(rng: Rng, c: RgbColor, amount: number): RgbColor {
  const f = (v: number): number => Math.min(1, Math.max(0, v + rng.uniform(-amount, amount)));
  return [f(c[0]), f(c[1]), f(c[2])];
}

/**
 * A hand-like blob for a seed: a forearm reaching in from outside the picture, a palm, four
 * fingers of random curl and a thumb, in a random skin tone, placed over the face region.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const hand = createHandOccluder(createRng(5), { width: 112, height: 112 });
 * ```
 */
export function createHandOccluder(rng: Rng, options: OccluderOptions): Occluder {
  const region = resolveRegion(rng, options);
  const skin = jitter(rng, rng.pick(SKIN_TONES), 0.04);
  const size = region.width * rng.uniform(0.26, 0.38);
  const cx = region.x + region.width * rng.uniform(0.15, 0.85);
  const cy = region.y + region.height * rng.uniform(0.35, 0.95);
  // Fingers point along `angle` (image radians, y down); the arm comes from the other side.
  const angle = -Math.PI / 2 + rng.uniform(-1.2, 1.2);
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const vx = -uy;
  const vy = ux;
  const mirror = rng.bool() ? 1 : -1;
  const shapes: Shape2D[] = [];
  const armLength = Math.max(options.width, options.height) * 1.5;
  shapes.push({
    type: 'capsule',
    ax: cx - ux * size * 0.6,
    ay: cy - uy * size * 0.6,
    bx: cx - ux * armLength,
    by: cy - uy * armLength,
    radius: size * 0.62,
    color: skin,
    shading: 0.45,
  });
  shapes.push({
    type: 'ellipse',
    cx,
    cy,
    rx: size,
    ry: size * 0.88,
    angleDeg: (angle * 180) / Math.PI,
    color: skin,
    shading: 0.35,
  });
  const fingerRadius = size * rng.uniform(0.15, 0.19);
  for (let f = 0; f < 4; f++) {
    const across = (f - 1.5) * fingerRadius * 2.05 * mirror;
    const baseX = cx + ux * size * 0.7 + vx * across;
    const baseY = cy + uy * size * 0.7 + vy * across;
    const length = size * rng.uniform(0.45, 1.05) * (f === 0 || f === 3 ? 0.8 : 1);
    const spread = (f - 1.5) * rng.uniform(0, 0.12) * mirror;
    const fx = Math.cos(angle + spread);
    const fy = Math.sin(angle + spread);
    shapes.push({
      type: 'capsule',
      ax: baseX,
      ay: baseY,
      bx: baseX + fx * length,
      by: baseY + fy * length,
      radius: fingerRadius,
      color: jitter(rng, skin, 0.015),
      shading: 0.55,
    });
  }
  const thumbAngle = angle - mirror * rng.uniform(0.6, 1.3);
  const thumbX = cx - vx * size * 0.75 * mirror;
  const thumbY = cy - vy * size * 0.75 * mirror;
  shapes.push({
    type: 'capsule',
    ax: thumbX,
    ay: thumbY,
    bx: thumbX + Math.cos(thumbAngle) * size * 0.8,
    by: thumbY + Math.sin(thumbAngle) * size * 0.8,
    radius: fingerRadius * 1.15,
    color: skin,
    shading: 0.55,
  });
  return { kind: 'hand', shapes };
}

/**
 * A handheld microphone for a seed: a dark handle reaching in from outside the picture, a
 * collar and a round grey grille with a few grille lines, near the lower half of the face.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const mic = createMicrophoneOccluder(createRng(5), { width: 112, height: 112 });
 * ```
 */
export function createMicrophoneOccluder(rng: Rng, options: OccluderOptions): Occluder {
  const region = resolveRegion(rng, options);
  const head = region.width * rng.uniform(0.1, 0.17);
  const cx = region.x + region.width * rng.uniform(0.25, 0.75);
  const cy = region.y + region.height * rng.uniform(0.7, 1.0);
  const angle = Math.PI / 2 + rng.uniform(-1, 1);
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const handleColour = jitter(rng, [0.08, 0.08, 0.09], 0.05);
  const grille = jitter(
    rng,
    rng.pick<RgbColor>([
      [0.55, 0.56, 0.58],
      [0.35, 0.36, 0.38],
      [0.75, 0.75, 0.76],
    ]),
    0.05,
  );
  const reach = Math.max(options.width, options.height) * 1.5;
  const shapes: Shape2D[] = [
    {
      type: 'capsule',
      ax: cx + ux * head,
      ay: cy + uy * head,
      bx: cx + ux * reach,
      by: cy + uy * reach,
      radius: head * rng.uniform(0.38, 0.5),
      color: handleColour,
      shading: 0.6,
    },
    {
      type: 'capsule',
      ax: cx + ux * head * 0.9,
      ay: cy + uy * head * 0.9,
      bx: cx + ux * head * 1.25,
      by: cy + uy * head * 1.25,
      radius: head * 0.62,
      color: [grille[0] * 0.7, grille[1] * 0.7, grille[2] * 0.7],
      shading: 0.6,
    },
    { type: 'ellipse', cx, cy, rx: head, ry: head, angleDeg: 0, color: grille, shading: 0.7 },
  ];
  const lineColour: RgbColor = [grille[0] * 0.6, grille[1] * 0.6, grille[2] * 0.6];
  const lineAngle = rng.uniform(0, Math.PI);
  const lx = Math.cos(lineAngle);
  const ly = Math.sin(lineAngle);
  for (const offset of [-0.5, 0, 0.5]) {
    const half = head * Math.sqrt(1 - offset * offset) * 0.85;
    const mx = cx - ly * offset * head;
    const my = cy + lx * offset * head;
    shapes.push({
      type: 'capsule',
      ax: mx - lx * half,
      ay: my - ly * half,
      bx: mx + lx * half,
      by: my + ly * half,
      radius: Math.max(0.3, head * 0.05),
      color: lineColour,
      shading: 0,
    });
  }
  return { kind: 'microphone', shapes };
}

/**
 * Loose hair strands for a seed: 6–40 thin curves of one hair colour (each slightly varied)
 * falling from above the face region across the forehead and eyes.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const hair = createHairOccluder(createRng(5), { width: 112, height: 112 });
 * ```
 */
export function createHairOccluder(rng: Rng, options: OccluderOptions): Occluder {
  const region = resolveRegion(rng, options);
  const base = rng.pick(HAIR_COLOURS);
  const count = 6 + rng.int(35);
  const scale = region.width / 80;
  const clusterX = region.x + region.width * rng.uniform(0.1, 0.9);
  const spreadX = region.width * rng.uniform(0.1, 0.45);
  const sway = rng.uniform(-0.5, 0.5) * region.width;
  const shapes: Shape2D[] = [];
  const segments = 8;
  for (let s = 0; s < count; s++) {
    const x0 = clusterX + rng.uniform(-spreadX, spreadX);
    const y0 = region.y + region.height * rng.uniform(-0.15, 0.15);
    const length = region.height * rng.uniform(0.25, 0.75);
    const x2 = x0 + sway * rng.uniform(0.3, 1) + rng.uniform(-0.1, 0.1) * region.width;
    const y2 = y0 + length;
    const x1 = (x0 + x2) / 2 + rng.uniform(-0.2, 0.2) * region.width;
    const y1 = (y0 + y2) / 2;
    const radius = Math.max(0.3, rng.uniform(0.35, 0.9) * scale);
    const color = jitter(rng, base, 0.06);
    let px = x0;
    let py = y0;
    for (let k = 1; k <= segments; k++) {
      const t = k / segments;
      const a = (1 - t) * (1 - t);
      const b = 2 * (1 - t) * t;
      const c = t * t;
      const qx = a * x0 + b * x1 + c * x2;
      const qy = a * y0 + b * y1 + c * y2;
      // Strands thin out towards their tips.
      shapes.push({
        type: 'capsule',
        ax: px,
        ay: py,
        bx: qx,
        by: qy,
        radius: radius * (1 - 0.5 * t),
        color,
        shading: 0.3,
      });
      px = qx;
      py = qy;
    }
  }
  return { kind: 'hair', shapes };
}

/**
 * Options of {@link randomOccluder}.
 *
 * @example
 * ```ts
 * const options: RandomOccluderOptions = { width: 112, height: 112, kinds: ['hand'] };
 * ```
 */
export interface RandomOccluderOptions extends OccluderOptions {
  /** Kinds to choose from, uniformly; default all of {@link OCCLUDER_KINDS}. */
  kinds?: readonly OccluderKind[];
}

/**
 * One occluder of a random kind for a seed.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const occluder = randomOccluder(createRng(9), { width: 112, height: 112, kinds: ['hand', 'hair'] });
 * ```
 */
export function randomOccluder(rng: Rng, options: RandomOccluderOptions): Occluder {
  assertRng(rng);
  assertObject(options as unknown, 'options');
  const kinds = options.kinds ?? OCCLUDER_KINDS;
  assertArgument(kinds.length > 0, 'kinds must not be empty');
  const kind = rng.pick(kinds);
  switch (kind) {
    case 'hand':
      return createHandOccluder(rng, options);
    case 'microphone':
      return createMicrophoneOccluder(rng, options);
    case 'hair':
      return createHairOccluder(rng, options);
    default:
      return assertArgument(
        false,
        `occluder kind must be one of ${OCCLUDER_KINDS.join(', ')}, got ${String(kind)}`,
      ) as never;
  }
}

/**
 * Draws `occluder` over `image` in place.
 *
 * @example
 * ```ts
 * import type { RgbImage, Rng } from '@freeavatar/core';
 * declare const image: RgbImage, rng: Rng;
 * drawOccluder(image, randomOccluder(rng, { width: image.width, height: image.height }));
 * ```
 */
export function drawOccluder(image: RgbImage, occluder: Occluder): void {
  assertRgbImage(image);
  assertArgument(
    occluder !== null && Array.isArray(occluder?.shapes),
    'occluder must have a shapes array',
  );
  for (const shape of occluder.shapes) drawShape(image, shape);
}

/**
 * The fraction of each pixel `occluder` covers (`width * height`, 0..1): where it hides the face.
 *
 * @example
 * ```ts
 * declare const occluder: Occluder;
 * const mask = occluderMask(occluder, 112, 112);
 * ```
 */
export function occluderMask(occluder: Occluder, width: number, height: number): Float32Array {
  assertArgument(
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0,
    `mask size must be positive integers, got ${width}x${height}`,
  );
  assertArgument(
    occluder !== null && Array.isArray(occluder?.shapes),
    'occluder must have a shapes array',
  );
  const mask = new Float32Array(width * height);
  for (const shape of occluder.shapes) addShapeToMask(mask, width, height, shape);
  return mask;
}
