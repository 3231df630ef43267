import { describe, expect, it } from 'vitest';
import { SPECULAR_STEPS, specularTable } from './fill.js';

describe('specularTable', () => {
  it('samples x^shininess on a regular grid from 0 to 1', () => {
    const table = specularTable(3);
    expect(table.length).toBe(SPECULAR_STEPS + 1);
    expect(table[0]).toBe(0);
    expect(table[SPECULAR_STEPS / 2]).toBe(0.125);
    expect(table[SPECULAR_STEPS]).toBe(1);
  });
});
