import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError } from './errors.js';

/**
 * A short description of any value, for error messages: what a caller passed where something
 * else was expected.
 *
 * @example
 * ```ts
 * describeValue(null); // 'null'
 * describeValue(42); // 'the number 42'
 * describeValue('x'); // 'the string "x"'
 * describeValue([1, 2]); // 'an array of 2 items'
 * describeValue(tf.zeros([2, 3])); // 'a float32 tensor of shape [2,3]'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) {
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (value instanceof tf.Tensor) {
    const article = /^[aeiou]/.test(value.dtype) ? 'an' : 'a';
    return `${article} ${value.dtype} tensor of shape [${value.shape}]`;
  }
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * The `INVALID_ARGUMENT` error the checks below throw, for checks of one's own: it names the
 * argument, what it must be and what it got.
 *
 * @example
 * ```ts
 * const seed: unknown = 'one';
 * if (typeof seed !== 'number') throw invalidArgument('options.seed', 'a number', seed);
 * // options.seed must be a number, got the string "one"
 * ```
 */
export function invalidArgument(name: string, expected: string, value: unknown): FreeAvatarError {
  return new FreeAvatarError(
    'INVALID_ARGUMENT',
    `${name} must be ${expected}, got ${describeValue(value)}`,
    { subject: name },
  );
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `value` is an object (not null, not an array):
 * the first check of a function that takes an options object.
 *
 * @example
 * ```ts
 * assertObject({ seed: 1 }, 'options'); // passes
 * assertObject(42, 'options'); // throws: options must be an object, got the number 42
 * ```
 */
export function assertObject(
  value: unknown,
  name: string,
): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(name, 'an object', value);
  }
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `value` is a string that is not empty (a path,
 * an id, a name).
 *
 * @example
 * ```ts
 * assertNonEmptyString('out/demo', 'out'); // passes
 * assertNonEmptyString(null, 'out'); // throws: out must be a non-empty string, got null
 * ```
 */
export function assertNonEmptyString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidArgument(name, 'a non-empty string', value);
  }
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `value` is an array (its items are the caller's
 * to check).
 *
 * @example
 * ```ts
 * assertArray([1, 2], 'curve'); // passes
 * assertArray('x', 'curve'); // throws: curve must be an array, got the string "x"
 * ```
 */
export function assertArray(value: unknown, name: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw invalidArgument(name, 'an array', value);
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `value` is an array or a typed array (an object
 * with an integer `length`). Its values are not read, so the check costs the same for any length;
 * `assertFiniteArray` reads them.
 *
 * @example
 * ```ts
 * assertNumbers(new Float32Array(16), 'embedding'); // passes
 * assertNumbers(42, 'embedding'); // throws: embedding must be an array of numbers, got the number 42
 * ```
 */
export function assertNumbers(value: unknown, name: string): asserts value is ArrayLike<number> {
  const length = (value as { length?: unknown } | null | undefined)?.length;
  if (typeof value !== 'object' || value === null || !Number.isInteger(length)) {
    throw invalidArgument(name, 'an array of numbers', value);
  }
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `value` is a tf.Tensor (of any rank and dtype:
 * the caller checks the shape).
 *
 * @example
 * ```ts
 * assertTensor(tf.zeros([1, 64, 64, 3]), 'faces'); // passes
 * assertTensor([[0]], 'faces'); // throws: faces must be a tf.Tensor, got an array of 1 item
 * ```
 */
export function assertTensor(value: unknown, name: string): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw invalidArgument(name, 'a tf.Tensor', value);
}
