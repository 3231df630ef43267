import { describe, expect, it } from 'vitest';
import { fixedFormatFor, formatValue } from '../format.js';
import { niceAxis, xPixel, yPixel } from './axes.js';

describe('niceAxis', () => {
  it('picks round steps that cover the data', () => {
    const a = niceAxis(0.13, 0.92);
    expect(a.ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(a.ticks.map(a.format)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    const b = niceAxis(-2.7, 12.25);
    expect(b.ticks).toEqual([-5, -2.5, 0, 2.5, 5, 7.5, 10, 12.5]);
    expect(b.format(-2.5)).toBe('-2.5');
    expect(niceAxis(0, 1800).ticks).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceAxis(0, 1800).format(1500)).toBe('1,500');
  });

  it('widens a flat range and can include zero', () => {
    const flat = niceAxis(5, 5);
    expect(flat.min).toBeLessThan(5);
    expect(flat.max).toBeGreaterThan(5);
    expect(niceAxis(0.5, 0.9, { includeZero: true }).min).toBe(0);
  });

  it('maps values to pixels', () => {
    const a = niceAxis(0, 1);
    const area = { left: 10, top: 20, width: 100, height: 50 };
    expect(xPixel(a, area, 0.5)).toBe(60);
    expect(yPixel(a, area, 1)).toBe(20);
    expect(yPixel(a, area, 0)).toBe(70);
  });
});

describe('formatValue / fixedFormatFor', () => {
  it('writes compact numbers', () => {
    expect(formatValue(0.87312)).toBe('0.873');
    expect(formatValue(15.237)).toBe('15.24');
    expect(formatValue(152.37)).toBe('152.4');
    expect(formatValue(15237.2)).toBe('15237');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(0.00001234)).toBe('1.23e-5');
    expect(formatValue(NaN)).toBe('NaN');
  });

  it('uses one number of decimals for a set', () => {
    const f = fixedFormatFor([1, 0.4, 12.25]);
    expect([1, 0.4, 12.25].map(f)).toEqual(['1.00', '0.40', '12.25']);
    expect(fixedFormatFor([0.5])(0.5)).toBe('0.500');
    expect(() => fixedFormatFor(null as never)).toThrow(/values must be an array, got null/);
  });
});
