import { describe, expect, it } from 'vitest';
import { evaluateFeatureMethods } from './evaluate.js';
import { robustnessRows, type PerturbationRun } from './robustness.js';
import { FACE_VALUES, sixTriplets, valueImage, valueMethod } from './test-utils/fake-set.js';

/** The six triplets with new face values (same triplets, same order). */
function withValues(values: number[]) {
  const set = sixTriplets();
  return { ...set, faces: set.faces.map((f, i) => ({ ...f, image: valueImage(values[i]) })) };
}

const methods = () => [
  valueMethod('value'),
  { name: 'not trained', unavailable: 'not available (no trained weights)' },
];

describe('robustnessRows', () => {
  it('gives clean and perturbed accuracy and the drop in points, by hand', async () => {
    // Clean: 4 of 6 right (see sixTriplets). Perturbed: face 1 → 9 and face 7 → 30 break
    // triplet 0 (a 0, p 9, n 10: d(p,n) 1 < d(a,p) 9), triplet 1 (a 9, p 2, n 10: d(a,n) 1 < 7)
    // and triplet 4 (a 20, p 30, n 22: d(a,n) 2 < 10); triplet 5 (a 20, p 30, n 0: 10 < 20, 30)
    // stays right. 2 of 6 right: a drop of 33.3 points.
    const clean = await evaluateFeatureMethods(sixTriplets(), methods());
    const moved = [...FACE_VALUES];
    moved[1] = 9;
    moved[7] = 30;
    const hit = await evaluateFeatureMethods(withValues(moved), methods());
    const same = await evaluateFeatureMethods(sixTriplets(), methods());
    const runs: PerturbationRun[] = [
      { id: 'hit', label: 'hit', description: 'two faces moved', evaluation: hit },
      { id: 'same', label: 'same', description: 'nothing changed', evaluation: same },
      { id: 'skipped', label: 'skipped', description: 'n/a', evaluation: null, reason: 'no data' },
    ];
    expect(hit.methods[0].scores!.triplets.correct).toBe(2);
    const [value, untrained] = robustnessRows(clean, runs);
    expect(value.method).toBe('value');
    expect(value.clean).toBeCloseTo(4 / 6, 12);
    expect(value.perturbed.hit.accuracy).toBeCloseTo(2 / 6, 12);
    expect(value.perturbed.hit.drop).toBeCloseTo(100 / 3, 9);
    // √(4/6 · 2/6 / 6 + 2/6 · 4/6 / 6) = √(2/27), in points
    expect(value.perturbed.hit.standardError).toBeCloseTo(Math.sqrt(2 / 27) * 100, 9);
    // Paired: triplets 0 and 1 flipped, the other four alike ('110101' → '000101'); differences
    // 1, 1, 0, 0, 0, 0 have mean 1/3 and sample variance (2 − 6/9) / 5 = 4/15.
    expect(value.perturbed.hit.pairedStandardError).toBeCloseTo(Math.sqrt(4 / 15 / 6) * 100, 9);
    expect(value.perturbed.same.accuracy).toBeCloseTo(4 / 6, 12);
    expect(value.perturbed.same.drop).toBe(0);
    expect(value.perturbed.same.standardError).toBeCloseTo(Math.sqrt(2 / 27) * 100, 9);
    // The same outcomes: the drop is exactly 0 on these triplets.
    expect(value.perturbed.same.pairedStandardError).toBe(0);
    const none = { accuracy: null, drop: null, standardError: null, pairedStandardError: null };
    expect(value.perturbed.skipped).toEqual(none);
    expect(untrained).toEqual({
      method: 'not trained',
      clean: null,
      perturbed: { hit: none, same: none, skipped: none },
    });
  });

  it('has no paired error for results without per-triplet outcomes', async () => {
    const clean = await evaluateFeatureMethods(sixTriplets(), [valueMethod('value')]);
    const old = {
      ...clean,
      methods: clean.methods.map((m) => ({
        ...m,
        scores: { ...m.scores!, triplets: { ...m.scores!.triplets, outcomes: undefined } },
      })),
    };
    const run: PerturbationRun = { id: 'a', label: 'a', description: 'a', evaluation: old };
    const [row] = robustnessRows(clean, [run]);
    expect(row.perturbed.a.drop).toBe(0);
    expect(row.perturbed.a.standardError).toBeGreaterThan(0);
    expect(row.perturbed.a.pairedStandardError).toBeNull();
  });

  it('rejects an evaluation without methods and repeated ids', async () => {
    const clean = await evaluateFeatureMethods(sixTriplets(), [valueMethod('value')]);
    const run: PerturbationRun = { id: 'a', label: 'a', description: 'a', evaluation: clean };
    expect(() => robustnessRows(clean, [run, run])).toThrow(
      "runs must have distinct ids, 'a' repeats",
    );
    expect(() => robustnessRows({ ...clean, methods: [] }, [])).toThrow(
      'clean must be an evaluation with at least one method',
    );
    expect(robustnessRows(clean, [])[0]).toEqual({ method: 'value', clean: 4 / 6, perturbed: {} });
  });
});
