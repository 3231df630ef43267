import { describe, expect, it } from 'vitest';
import { PLOT_COLORS, seriesColors } from './canvas.js';

describe('seriesColors', () => {
  it('gives palette colours only to series without their own', () => {
    expect(seriesColors([{ color: '#555555' }, {}, {}])).toEqual([
      '#555555',
      PLOT_COLORS[0],
      PLOT_COLORS[1],
    ]);
    expect(seriesColors(Array.from({ length: 9 }, () => ({})))[8]).toBe(PLOT_COLORS[0]);
  });
});
