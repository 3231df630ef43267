import { assertArray } from '@freeavatar/core';

/** Decimals used for a magnitude: 3 below 10, 2 below 100, 1 below 1000, else none. */
function decimalsFor(magnitude: number): number {
  return magnitude < 10 ? 3 : magnitude < 100 ? 2 : magnitude < 1000 ? 1 : 0;
}

/**
 * Writes a number compactly for plot labels and tables: 3 decimals below 10, 2 below 100,
 * 1 below 1000, none above; very small or very large magnitudes in exponent form.
 *
 * @example
 * ```ts
 * formatValue(0.87312); // '0.873'
 * formatValue(152.37); // '152.4'
 * ```
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a === 0) return '0';
  if (a < 1e-3 || a >= 1e7) return value.toExponential(2);
  return value.toFixed(decimalsFor(a));
}

/**
 * A formatter that writes every value of a set with the same number of decimals, chosen from the
 * largest magnitude in the set as {@link formatValue} would, so that labels line up.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `values` is not an array.
 * @example
 * ```ts
 * const f = fixedFormatFor([1, 12.25]);
 * f(1); // '1.00'
 * ```
 */
export function fixedFormatFor(values: readonly number[]): (value: number) => string {
  assertArray(values, 'values');
  const finite = values.filter((v) => Number.isFinite(v));
  const max = finite.length > 0 ? Math.max(...finite.map((v) => Math.abs(v))) : 0;
  if (max >= 1e7) return (v) => v.toExponential(2);
  const digits = decimalsFor(max);
  return (v) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
}
