import { describe, expect, it } from 'vitest';
import { rigL1ControlWeights } from './rig-l1-controls.js';

describe('rigL1ControlWeights', () => {
  it('keeps the absolute error on the controls enough actors show, per avatar', () => {
    const weights = rigL1ControlWeights({ human: [0.5, 0.01, 0.03], robot: [0, 1] }, 0.03);
    expect(Array.from(weights.human)).toEqual([1, 0, 1]);
    expect(Array.from(weights.robot)).toEqual([0, 1]);
    expect(Array.from(rigL1ControlWeights({ robot: [0, 1] }, 0).robot)).toEqual([1, 1]);
  });

  it('names what is wrong with bad shares or a bad minimum', () => {
    expect(() => rigL1ControlWeights({ human: [0.5] }, 2)).toThrow(
      /minShare must be a number in 0..1, got 2/,
    );
    expect(() => rigL1ControlWeights({ human: [0.5, Number.NaN] }, 0.1)).toThrow(
      /shares.human\[1\] must be a share in 0..1, got NaN/,
    );
    expect(() => rigL1ControlWeights(null as never, 0.1)).toThrow(/shares must map avatar ids/);
  });
});
