import { describe, expect, it } from 'vitest';
import { integerArg, positiveArg } from './option-parsers.js';

describe('integerArg', () => {
  it('parses integers in range and names the option otherwise', () => {
    const parse = integerArg('--k', 1, 10);
    expect(parse('3')).toBe(3);
    expect(() => parse('3.5')).toThrow('--k must be an integer in 1..10, got 3.5');
    expect(() => parse('11')).toThrow(/got 11/);
    expect(() => parse(' ')).toThrow(/--k must be an integer/);
  });
});

describe('positiveArg', () => {
  it('parses positive numbers and names the option otherwise', () => {
    const parse = positiveArg('--fps');
    expect(parse('2.5')).toBe(2.5);
    expect(() => parse('0')).toThrow('--fps must be a positive number, got 0');
    expect(() => parse('fast')).toThrow(/got fast/);
  });
});
