import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for an integer in `min..max`; the error names the option.
 *
 * @example
 * ```ts
 * command.option('--steps <n>', 'optimizer steps', integerArg('--steps', 1, 10_000_000));
 * ```
 */
export function integerArg(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer in ${min}..${max}, got ${value}`);
    }
    return n;
  };
}

/**
 * A commander argument parser for a finite number greater than zero; the error names the
 * option.
 *
 * @example
 * ```ts
 * command.option('--fps <n>', 'frame rate', positiveArg('--fps'));
 * ```
 */
export function positiveArg(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new InvalidArgumentError(`${name} must be a positive number, got ${value}`);
    }
    return n;
  };
}

/**
 * A commander argument parser for a finite number in `min..max`; the error names the option.
 *
 * @example
 * ```ts
 * command.option('--occluders <p>', 'occluder probability', numberArg('--occluders', 0, 1));
 * ```
 */
export function numberArg(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a number in ${min}..${max}, got ${value}`);
    }
    return n;
  };
}

/**
 * A commander argument parser for a comma-separated list of ids out of `ids` (repeats dropped,
 * spaces trimmed); with `allNone`, `all` gives every id and `none` an empty list. The error names
 * the option and the ids it takes.
 *
 * @example
 * ```ts
 * command.option('--peers <list>', 'rig peers', idListArg('--peers', ['kalidokit', 'geometry'], true));
 * idListArg('--peers', ['kalidokit', 'geometry'], true)('all'); // ['kalidokit', 'geometry']
 * ```
 */
export function idListArg<T extends string>(
  name: string,
  ids: readonly T[],
  allNone = false,
): (value: string) => T[] {
  return (value) => {
    const trimmed = value.trim();
    if (allNone && trimmed === 'all') return [...ids];
    if (allNone && trimmed === 'none') return [];
    const list = trimmed
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (list.length === 0 || list.some((id) => !(ids as readonly string[]).includes(id))) {
      throw new InvalidArgumentError(
        `${name} must be ${allNone ? 'all, none or ' : ''}a comma-separated list of ${ids.join(', ')}, got ${value}`,
      );
    }
    return [...new Set(list)] as T[];
  };
}
