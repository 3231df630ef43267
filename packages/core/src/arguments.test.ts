import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  assertArray,
  assertNonEmptyString,
  assertNumbers,
  assertObject,
  assertTensor,
  describeValue,
  invalidArgument,
} from './arguments.js';
import { FreeAvatarError } from './errors.js';

describe('describeValue', () => {
  it('names what a caller passed', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(42)).toBe('the number 42');
    expect(describeValue('x')).toBe('the string "x"');
    expect(describeValue('y'.repeat(50))).toBe(`the string "${'y'.repeat(40)}…"`);
    expect(describeValue(true)).toBe('true');
    expect(describeValue([1])).toBe('an array of 1 item');
    expect(describeValue([1, 2])).toBe('an array of 2 items');
    expect(describeValue(new Float32Array(3))).toBe('a Float32Array');
    expect(describeValue(new Map())).toBe('a Map');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(() => 1)).toBe('a function');
    const t = tf.zeros([2, 3], 'int32');
    expect(describeValue(t)).toBe('an int32 tensor of shape [2,3]');
    t.dispose();
  });
});

describe('argument checks', () => {
  const error = (check: () => void): FreeAvatarError => {
    try {
      check();
    } catch (caught) {
      return caught as FreeAvatarError;
    }
    throw new Error('the check passed');
  };

  it('pass on what they expect', () => {
    expect(() => assertObject({}, 'options')).not.toThrow();
    expect(() => assertNonEmptyString('a', 'out')).not.toThrow();
    expect(() => assertArray([], 'faces')).not.toThrow();
    expect(() => assertNumbers(new Float32Array(2), 'embedding')).not.toThrow();
    expect(() => assertNumbers([], 'embedding')).not.toThrow();
    const t = tf.scalar(1);
    expect(() => assertTensor(t, 'faces')).not.toThrow();
    t.dispose();
  });

  it('throw INVALID_ARGUMENT naming the argument and what it got', () => {
    const e = error(() => assertObject(42, 'options'));
    expect(e).toBeInstanceOf(FreeAvatarError);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.subject).toBe('options');
    expect(e.message).toBe('options must be an object, got the number 42');
    expect(error(() => assertObject([], 'options')).message).toMatch(/got an array of 0 items/);
    expect(error(() => assertObject(null, 'options')).message).toMatch(/got null$/);
    expect(error(() => assertNonEmptyString('', 'out')).message).toBe(
      'out must be a non-empty string, got the string ""',
    );
    expect(error(() => assertNumbers(42, 'embedding')).message).toBe(
      'embedding must be an array of numbers, got the number 42',
    );
    expect(error(() => assertNumbers('ab', 'embedding')).message).toMatch(/got the string "ab"$/);
    expect(error(() => assertArray('x', 'curve')).message).toBe(
      'curve must be an array, got the string "x"',
    );
    const own = invalidArgument('options.seed', 'a number', 'one');
    expect([own.code, own.subject, own.message]).toEqual([
      'INVALID_ARGUMENT',
      'options.seed',
      'options.seed must be a number, got the string "one"',
    ]);
    expect(error(() => assertTensor([[0]], 'faces')).message).toBe(
      'faces must be a tf.Tensor, got an array of 1 item',
    );
  });
});
