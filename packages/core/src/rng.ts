import { assertArray, describeValue } from './arguments.js';
import { assertArgument } from './errors.js';

/** A seeded pseudo-random number generator; every draw is reproducible from the seed. */
export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A uniform float in [0, 1). */
  next(): number;
  /** A uniform float in [min, max). */
  uniform(min: number, max: number): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A normal sample with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, std?: number): number;
  /** `true` with probability `p`. */
  bool(p?: number): boolean;
  /** One element of `items`, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A new array with `items` shuffled (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one's seed and `key`. */
  fork(key: number | string): Rng;
}

function hashString(text: string): number {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Creates a seeded generator (mulberry32). The same seed always gives the same sequence, on
 * every platform.
 *
 * @param seed - any finite number; it is reduced to 32 bits.
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const rng = createRng(42);
 * const yaw = rng.uniform(-30, 30);
 * ```
 */
export function createRng(seed: number): Rng {
  assertArgument(Number.isFinite(seed), `seed must be a finite number, got ${seed}`);
  let state = mix32(Math.floor(seed) >>> 0, 0x632be5ab);
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    seed,
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (n) => {
      assertArgument(Number.isInteger(n) && n > 0, `int(n) needs a positive integer n, got ${n}`);
      return Math.floor(next() * n);
    },
    normal: (mean = 0, std = 1) => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return mean + std * s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + std * r * Math.cos(2 * Math.PI * v);
    },
    bool: (p = 0.5) => next() < p,
    pick: (items) => {
      assertArray(items, 'items');
      assertArgument(items.length > 0, 'pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)];
    },
    shuffle: (items) => {
      assertArray(items, 'items');
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    fork: (key) => {
      assertArgument(
        typeof key === 'number' || typeof key === 'string',
        `key must be a number or a string, got ${describeValue(key)}`,
      );
      return createRng(
        mix32(Math.floor(seed) >>> 0, typeof key === 'number' ? key >>> 0 : hashString(key)),
      );
    },
  };
  return rng;
}
