/**
 * Hermite step from 0 at `a` to 1 at `b` (either order: with `a > b` it falls from 1 to 0
 * as `x` grows past `b`), clamped outside.
 *
 * @example
 * ```ts
 * smoothstep(0, 2, 1); // 0.5
 * smoothstep(2, 0, 0.5); // 0.84375: falling
 * ```
 */
export function smoothstep(a: number, b: number, x: number): number {
  if (a === b) return x < a ? 0 : 1;
  let t = (x - a) / (b - a);
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return t * t * (3 - 2 * t);
}

/**
 * Rec. 601 luma of an sRGB colour, 0–255.
 *
 * @example
 * ```ts
 * luma(255, 255, 255); // 255
 * ```
 */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
