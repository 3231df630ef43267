import { describe, expect, it } from 'vitest';
import { evaluateFeatureMethods } from './evaluate.js';
import { sixTriplets, valueMethod } from './test-utils/fake-set.js';
import type { FaceView } from './triplet-set.js';
import { TRIPLET_VIEW_SUBSETS, tripletAccuracyByView } from './view-accuracy.js';

/** sixTriplets with face 4 under a hand and face 7 turned 40°, the others clear. */
function viewedSet() {
  const set = sixTriplets();
  const views: FaceView[] = set.faces.map((_, i) => ({
    yaw: i === 7 ? 40 : 0,
    occluder: i === 4 ? 'hand' : null,
  }));
  return { ...set, faces: set.faces.map((f, i) => ({ ...f, view: views[i] })) };
}

describe('tripletAccuracyByView', () => {
  it('scores each subset of triplets from the per-triplet outcomes, by hand', async () => {
    const set = viewedSet();
    const evaluation = await evaluateFeatureMethods(set, [
      valueMethod('value'),
      { name: 'absent', unavailable: 'not available' },
    ]);
    // Outcomes '110101' (see evaluate.test.ts). Triplets 0, 1 are clear; 2, 3 hold face 4 (the
    // hand); 4, 5 hold face 7 (40°).
    const byView = tripletAccuracyByView(set, evaluation)!;
    expect(byView.subsets.map((s) => [s.id, s.triplets])).toEqual([
      ['all', 6],
      ['clear', 2],
      ['occluded', 2],
      ['wide-yaw', 2],
    ]);
    expect(byView.rows[0]).toEqual({
      method: 'value',
      accuracy: { all: 4 / 6, clear: 1, occluded: 0.5, 'wide-yaw': 0.5 },
    });
    expect(byView.rows[1].accuracy).toEqual({
      all: null,
      clear: null,
      occluded: null,
      'wide-yaw': null,
    });
  });

  it('is null for faces of unknown view, and checks the outcomes against the set', async () => {
    const evaluation = await evaluateFeatureMethods(sixTriplets(), [valueMethod('value')]);
    expect(tripletAccuracyByView(sixTriplets(), evaluation)).toBeNull();
    const set = viewedSet();
    const shorter = { ...set, triplets: set.triplets.slice(1) };
    expect(() => tripletAccuracyByView(shorter, evaluation)).toThrow(
      'value has 6 triplet outcomes, the set 5 triplets',
    );
    expect(TRIPLET_VIEW_SUBSETS[1].includes([{ yaw: -29, occluder: null }])).toBe(true);
    expect(TRIPLET_VIEW_SUBSETS[1].includes([{ yaw: -30, occluder: null }])).toBe(false);
    expect(() => tripletAccuracyByView(null as never, evaluation)).toThrow(
      /set must be an object, got null/,
    );
    expect(() => tripletAccuracyByView(set, {} as never)).toThrow(
      /evaluation\.methods must be an array, got undefined/,
    );
  });
});
