import { assertArgument, assertObject, type Rng } from '@freeavatar/core';
import { assertRng } from '../arguments.js';
import type { LightParams, RgbColor } from './types.js';

/**
 * A light with defaults filled in and a unit direction.
 *
 * @example
 * ```ts
 * const { lx, ly, lz } = resolveLight({ direction: [1, 1, 1] });
 * ```
 */
export interface ResolvedLight {
  lx: number;
  ly: number;
  lz: number;
  ambient: number;
  diffuse: number;
  r: number;
  g: number;
  b: number;
}

/**
 * The light used when a render gives none: from the camera, ambient 0.35, diffuse 0.75.
 *
 * @example
 * ```ts
 * const dimmer = { ...DEFAULT_LIGHT, diffuse: 0.5 };
 * ```
 */
export const DEFAULT_LIGHT: LightParams = Object.freeze({
  direction: [0, 0, 1] as const,
  ambient: 0.35,
  diffuse: 0.75,
  color: [1, 1, 1] as const,
});

function nonNegative(value: number, name: string): number {
  assertArgument(
    Number.isFinite(value) && value >= 0,
    `${name} must be a finite number >= 0, got ${value}`,
  );
  return value;
}

/**
 * Checks a light, fills defaults and normalises its direction.
 *
 * @example
 * ```ts
 * resolveLight({ direction: [0, 0, 2] }).lz; // 1
 * ```
 */
export function resolveLight(light: LightParams = DEFAULT_LIGHT): ResolvedLight {
  assertArgument(light !== null && typeof light === 'object', 'light must be an object');
  const d = light.direction;
  assertArgument(Array.isArray(d) && d.length === 3, 'light.direction must be [x, y, z]');
  assertArgument(d.every(Number.isFinite), `light.direction must be finite, got [${d.join(', ')}]`);
  const len = Math.hypot(d[0], d[1], d[2]);
  assertArgument(len > 0, 'light.direction must not be the zero vector');
  const color = light.color ?? [1, 1, 1];
  assertArgument(Array.isArray(color) && color.length === 3, 'light.color must be [r, g, b]');
  return {
    lx: d[0] / len,
    ly: d[1] / len,
    lz: d[2] / len,
    ambient: nonNegative(light.ambient ?? 0.35, 'light.ambient'),
    diffuse: nonNegative(light.diffuse ?? 0.75, 'light.diffuse'),
    r: nonNegative(color[0], 'light.color[0]'),
    g: nonNegative(color[1], 'light.color[1]'),
    b: nonNegative(color[2], 'light.color[2]'),
  };
}

/**
 * Ranges of {@link randomLight}.
 *
 * @example
 * ```ts
 * const options: RandomLightOptions = { maxAngleDeg: 45, ambient: [0.3, 0.4] };
 * ```
 */
export interface RandomLightOptions {
  /** Largest angle in degrees between the light and the camera axis; default 60. */
  maxAngleDeg?: number;
  /** Ambient range; default [0.2, 0.5]. */
  ambient?: readonly [number, number];
  /** Diffuse range; default [0.5, 0.9]. */
  diffuse?: readonly [number, number];
  /** Largest per-channel tint away from white; default 0.1. */
  tint?: number;
}

/**
 * A random light for a seed: a direction uniform on the spherical cap of `maxAngleDeg` around
 * the camera axis, ambient/diffuse in their ranges and a small colour tint.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const light = randomLight(createRng(7), { maxAngleDeg: 45 });
 * ```
 */
export function randomLight(rng: Rng, options: RandomLightOptions = {}): LightParams {
  assertRng(rng);
  assertObject(options as unknown, 'options');
  const maxAngle = options.maxAngleDeg ?? 60;
  assertArgument(
    maxAngle >= 0 && maxAngle <= 180,
    `maxAngleDeg must be in [0, 180], got ${maxAngle}`,
  );
  const [aLo, aHi] = options.ambient ?? [0.2, 0.5];
  const [dLo, dHi] = options.diffuse ?? [0.5, 0.9];
  assertArgument(
    0 <= aLo && aLo <= aHi,
    `ambient range must be 0 <= lo <= hi, got [${aLo}, ${aHi}]`,
  );
  assertArgument(
    0 <= dLo && dLo <= dHi,
    `diffuse range must be 0 <= lo <= hi, got [${dLo}, ${dHi}]`,
  );
  const tint = options.tint ?? 0.1;
  assertArgument(tint >= 0 && tint <= 1, `tint must be in [0, 1], got ${tint}`);
  const cosMax = Math.cos((maxAngle * Math.PI) / 180);
  const z = 1 - rng.next() * (1 - cosMax);
  const phi = rng.next() * 2 * Math.PI;
  const s = Math.sqrt(Math.max(0, 1 - z * z));
  const color: RgbColor = [1 - tint * rng.next(), 1 - tint * rng.next(), 1 - tint * rng.next()];
  return {
    direction: [s * Math.cos(phi), s * Math.sin(phi), z],
    ambient: rng.uniform(aLo, aHi),
    diffuse: rng.uniform(dLo, dHi),
    color,
  };
}
