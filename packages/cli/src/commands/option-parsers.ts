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
