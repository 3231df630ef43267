import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { evaluateFeatureMethods, isUnavailable } from './evaluate.js';
import { tripletTypeCounts } from './triplet-set.js';
import { sixTriplets, valueImage, valueMethod } from './test-utils/fake-set.js';

describe('evaluateFeatureMethods', () => {
  it('gives the hand-computed accuracy, overall and per type, and the worst triplets', async () => {
    const set = sixTriplets();
    const evaluation = await evaluateFeatureMethods(set, [valueMethod('value')], { worst: 3 });
    expect(evaluation.data).toMatchObject({
      description: 'six hand-made triplets',
      faces: 9,
      triplets: 6,
      byType: { ONE_CLASS: 2, TWO_CLASS: 2, THREE_CLASS: 2 },
      facesWithoutDetection: null,
      emotions: null,
    });
    const [m] = evaluation.methods;
    expect(m).toMatchObject({ name: 'value', available: true, distance: 'euclidean' });
    expect(m.featureLength).toBe(1);
    expect(m.faces).toEqual({ total: 9, noFace: 0, failed: 0, errors: [] });
    const t = m.scores!.triplets;
    expect(t).toMatchObject({ correct: 4, total: 6, withMissingFaces: 0 });
    expect(t.accuracy).toBeCloseTo(4 / 6, 12);
    expect(t.byType.ONE_CLASS).toEqual({ accuracy: 1, correct: 2, total: 2 });
    expect(t.byType.TWO_CLASS).toEqual({ accuracy: 0.5, correct: 1, total: 2 });
    expect(t.byType.THREE_CLASS).toEqual({ accuracy: 0.5, correct: 1, total: 2 });
    // Margins −2 (triplet 2), 0 (triplet 4, a tie), then 7 (triplet 1).
    expect(m.scores!.worst.map((w) => [w.triplet, w.margin])).toEqual([
      [2, -2],
      [4, 0],
      [1, 7],
    ]);
    expect(m.scores!.worst[0]).toMatchObject({ type: 'TWO_CLASS', ap: 3, an: 4, pn: 1 });
    // No labels, no identities: those figures are absent, with the reason.
    expect(m.scores!.retrieval).toBeNull();
    expect(m.scores!.invariance).toBeNull();
    expect(m.scores!.notes.join(' ')).toMatch(/no expression labels/);
  });

  it('counts a face a method throws for, and its triplets as wrong, without stopping', async () => {
    const method = valueMethod('fragile', { throwFor: [5] });
    const evaluation = await evaluateFeatureMethods(sixTriplets(), [method], { batchSize: 4 });
    const [m] = evaluation.methods;
    expect(m.faces).toMatchObject({ total: 9, noFace: 0, failed: 1 });
    expect(m.faces!.errors).toEqual([{ message: 'cannot read the face of value 5', count: 1 }]);
    // Face 4 (value 5) is in triplets 2 and 3; triplet 3 was right and now counts as wrong.
    expect(m.scores!.triplets).toMatchObject({ correct: 3, total: 6, withMissingFaces: 2 });
    expect(m.scores!.triplets.byType.TWO_CLASS).toEqual({ accuracy: 0, correct: 0, total: 2 });
    // Batches of 4: the batch holding face 4 failed and was retried face by face.
    expect(method.calls).toBe(3 + 4);
    // Worst triplets come only from triplets the method could score.
    expect(m.scores!.worst.map((w) => w.triplet)).not.toContain(2);
  });

  it('counts faces a method finds no face in (NaN features)', async () => {
    const evaluation = await evaluateFeatureMethods(sixTriplets(), [
      valueMethod('blind', { noFaceFor: [22, 0] }),
    ]);
    const [m] = evaluation.methods;
    expect(m.faces).toMatchObject({ noFace: 2, failed: 0 });
    // Face 0 is in triplets 0 and 5, face 8 (22) in triplet 4: only triplet 1 and 3 remain right.
    expect(m.scores!.triplets).toMatchObject({ correct: 2, withMissingFaces: 3 });
    expect(m.scores!.triplets.outcomes).toBe('010100');
  });

  it('reports unavailable methods next to the others, in order', async () => {
    const evaluation = await evaluateFeatureMethods(sixTriplets(), [
      { name: 'ours', unavailable: 'not available (no trained weights)' },
      valueMethod('value'),
    ]);
    expect(evaluation.methods.map((m) => [m.name, m.available, m.reason])).toEqual([
      ['ours', false, 'not available (no trained weights)'],
      ['value', true, undefined],
    ]);
    expect(isUnavailable({ name: 'x', unavailable: 'why' })).toBe(true);
    expect(isUnavailable(valueMethod('v'))).toBe(false);
    expect(isUnavailable(null as never)).toBe(false);
  });

  it('counts triplets by type, and names triplets that are not a list', () => {
    expect(tripletTypeCounts(sixTriplets().triplets)).toEqual({
      ONE_CLASS: 2,
      TWO_CLASS: 2,
      THREE_CLASS: 2,
    });
    expect(() => tripletTypeCounts({} as never)).toThrow(
      /triplets must be an array, got an object/,
    );
  });

  it('gives the methods the inputs it is handed, not the pictures', async () => {
    const set = sixTriplets();
    const shifted = set.faces.map((f) => valueImage(f.image.data[0] * 2));
    const evaluation = await evaluateFeatureMethods(set, [valueMethod('value')], {
      inputs: shifted,
      facesWithoutDetection: 1,
    });
    expect(evaluation.data.facesWithoutDetection).toBe(1);
    // Doubling every feature doubles every distance and keeps every verdict.
    expect(evaluation.methods[0].scores!.worst[0]).toMatchObject({ triplet: 2, margin: -4 });
  });

  it('rejects bad sets, inputs and methods, naming them', async () => {
    const set = sixTriplets();
    const bad = (promise: Promise<unknown>, pattern: RegExp) =>
      expect(promise).rejects.toSatisfy(
        (e: unknown) => e instanceof FreeAvatarError && pattern.test(e.message),
      );
    await bad(evaluateFeatureMethods(set, []), /non-empty list of feature methods/);
    await bad(
      evaluateFeatureMethods(set, [{ name: 'x' } as never]),
      /methods\[0\] must be an ExpressionFeatureMethod/,
    );
    await bad(
      evaluateFeatureMethods(set, [valueMethod('v')], { inputs: [valueImage(1)] }),
      /one face per face of the set \(9\), got 1/,
    );
    await bad(
      evaluateFeatureMethods({ ...set, triplets: [{ anchor: 0, positive: 0, negative: 1 }] }, [
        valueMethod('v'),
      ]),
      /three different faces/,
    );
    await bad(
      evaluateFeatureMethods({ ...set, triplets: [{ anchor: 0, positive: 1, negative: 99 }] }, [
        valueMethod('v'),
      ]),
      /face indices in 0\.\.8/,
    );
  });
});
