/**
 * Argument checks shared by the package's public functions (not exported from the package).
 * Each throws an `INVALID_ARGUMENT` FreeAvatarError whose message names the argument.
 */
import {
  FreeAvatarError,
  assertNumbers as assertArrayOfNumbers,
  invalidArgument,
  type Rng,
} from '@freeavatar/core';
import type { FaceTemplate } from './face/face-template.js';

const RNG_METHODS = ['next', 'uniform', 'int', 'normal', 'bool', 'pick', 'shuffle', 'fork'];

/** Throws unless `value` is an {@link Rng} (as `createRng` makes). */
export function assertRng(value: unknown, name = 'rng'): asserts value is Rng {
  const ok =
    value !== null &&
    typeof value === 'object' &&
    RNG_METHODS.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
  if (!ok) throw invalidArgument(name, 'an Rng (see createRng)', value);
}

/**
 * Throws unless `value` is an array or typed array of numbers (an object with an integer
 * `length`; the items are the caller's to check), with `length` items when given.
 */
export function assertNumbers(
  value: unknown,
  name: string,
  length?: number,
): asserts value is ArrayLike<number> {
  if (length === undefined) return assertArrayOfNumbers(value, name);
  const n = (value as { length?: unknown } | null)?.length;
  if (value === null || typeof value !== 'object' || !Number.isInteger(n)) {
    throw invalidArgument(name, `${length} numbers`, value);
  }
  if (n !== length) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `${name} must be ${length} numbers, got ${n}`, {
      subject: name,
    });
  }
}

/** Throws unless `value` looks like a {@link FaceTemplate}: an object with Float32Array positions. */
export function assertFaceTemplate(
  value: unknown,
  name = 'template',
): asserts value is FaceTemplate {
  if (value === null || typeof value !== 'object') {
    throw invalidArgument(name, 'a FaceTemplate (see createFaceTemplate)', value);
  }
  const positions = (value as { positions?: unknown }).positions;
  if (!(positions instanceof Float32Array)) {
    throw invalidArgument(`${name}.positions`, 'a Float32Array', positions);
  }
}
