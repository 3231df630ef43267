import { describe, expect, it } from 'vitest';
import type { Evaluation, MethodResult } from '../harness/evaluate.js';
import { MAE_NOT_GIVEN } from '../harness/default-methods.js';
import {
  ENCODER_METHOD_NAME,
  GEOMETRY_METHOD_NAME,
  MAE_METHOD_NAME,
} from '../harness/method-names.js';
import { baselineComparison, baselineComparisonText } from './baseline-comparison.js';

/** A method that got `correct` of `total` triplets right, with an identity ratio. */
function ran(
  name: string,
  correct: number,
  total: number,
  ratio: number | null,
  outcomes?: string,
): MethodResult {
  return {
    name,
    available: true,
    scores: {
      triplets: {
        accuracy: correct / total,
        correct,
        total,
        byType: {},
        withMissingFaces: 0,
        ...(outcomes === undefined ? {} : { outcomes }),
      },
      retrieval: null,
      invariance:
        ratio === null
          ? null
          : {
              ratio,
              sameExpressionDifferentIdentity: { meanDistance: ratio, pairs: 1 },
              differentExpressionSameIdentity: { meanDistance: 1, pairs: 1 },
            },
      worst: [],
      notes: [],
    },
  };
}
const missing = (name: string, reason: string): MethodResult => ({
  name,
  available: false,
  reason,
});
function evaluation(methods: MethodResult[]): Evaluation {
  return {
    data: {
      description: 'hand-made',
      faces: 300,
      triplets: 100,
      byType: { ONE_CLASS: 0, TWO_CLASS: 0, THREE_CLASS: 0 },
      details: {},
      facesWithoutDetection: null,
      emotions: null,
    },
    methods,
  };
}

describe('baselineComparison', () => {
  it('gives the differences in points with their standard errors, by hand', () => {
    const c = baselineComparison(
      evaluation([
        ran(GEOMETRY_METHOD_NAME, 35, 100, 1.1),
        ran(MAE_METHOD_NAME, 50, 100, 0.95),
        ran(ENCODER_METHOD_NAME, 60, 100, 0.8),
      ]),
    )!;
    expect(c).toMatchObject({ method: ENCODER_METHOD_NAME, accuracy: 0.6, identityRatio: 0.8 });
    const [mae, mesh] = c.baselines;
    // √(0.6·0.4/100 + 0.5·0.5/100) = √0.0049 = 0.07.
    expect(mae.baseline).toBe(MAE_METHOD_NAME);
    expect(mae.difference).toBeCloseTo(10, 9);
    expect(mae.standardError).toBeCloseTo(7, 9);
    expect(mae.identityRatio).toBe(0.95);
    // √(0.0024 + 0.35·0.65/100) = √0.004675 ≈ 0.06837.
    expect(mesh.difference).toBeCloseTo(25, 9);
    expect(mesh.standardError).toBeCloseTo(6.8374, 3);
    expect(c.beatsAll).toBe(true);
    expect(baselineComparisonText(c)).toBe(
      'FreeAvatar encoder: 60.0% triplet accuracy, identity ratio 0.800. ' +
        'Against MAE features (stage 1) (50.0%, identity ratio 0.950): +10.0 points (standard error 7.0, within two standard errors). ' +
        'Against face mesh geometry (35.0%, identity ratio 1.100): +25.0 points (standard error 6.8). ' +
        'It beats both MAE features (stage 1) and face mesh geometry.',
    );
  });

  it('uses the paired error where both methods kept their per-triplet outcomes', () => {
    const c = baselineComparison(
      evaluation([
        ran(GEOMETRY_METHOD_NAME, 3, 10, null),
        ran(MAE_METHOD_NAME, 5, 10, null, '1111100000'),
        ran(ENCODER_METHOD_NAME, 6, 10, null, '1111110000'),
      ]),
    )!;
    const [mae, mesh] = c.baselines;
    // One triplet of ten differs: differences with mean 0.1 and sample variance
    // (1 − 10 · 0.01) / 9 = 0.1, so √(0.1 / 10) = 0.1; unpaired √(0.024 + 0.025) ≈ 0.221.
    expect(mae.pairedStandardError).toBeCloseTo(10, 9);
    expect(mae.standardError).toBeCloseTo(22.136, 2);
    expect(mesh.pairedStandardError).toBeNull();
    expect(baselineComparisonText(c)).toContain(
      '+10.0 points (paired standard error 10.0, within two standard errors)',
    );
    expect(baselineComparisonText(c)).toContain(
      '+30.0 points (standard error 21.2, within two standard errors)',
    );
  });

  it('says when the embedding does not beat a baseline', () => {
    const c = baselineComparison(
      evaluation([
        ran(GEOMETRY_METHOD_NAME, 35, 100, null),
        ran(MAE_METHOD_NAME, 50, 100, null),
        ran(ENCODER_METHOD_NAME, 45, 100, null),
      ]),
    )!;
    expect(c.beatsAll).toBe(false);
    expect(c.baselines[0].difference).toBeCloseTo(-5, 9);
    expect(baselineComparisonText(c)).toMatch(
      /^FreeAvatar encoder: 45\.0% triplet accuracy\. Against MAE features \(stage 1\) \(50\.0%\): −5\.0 points .* It does not beat MAE features \(stage 1\)\.$/,
    );
  });

  it('says what could not be compared, and why', () => {
    const noMae = baselineComparison(
      evaluation([
        ran(GEOMETRY_METHOD_NAME, 35, 100, null),
        missing(MAE_METHOD_NAME, MAE_NOT_GIVEN),
        ran(ENCODER_METHOD_NAME, 60, 100, null),
      ]),
    )!;
    expect(noMae.beatsAll).toBeNull();
    expect(noMae.baselines[0]).toMatchObject({ difference: null, reason: MAE_NOT_GIVEN });
    const text = baselineComparisonText(noMae);
    expect(text).toContain(`Against MAE features (stage 1): no figures (${MAE_NOT_GIVEN}).`);
    expect(text).toMatch(/Not every baseline ran, so the requirement is not fully checked\.$/);

    const noEncoder = baselineComparison(
      evaluation([
        ran(GEOMETRY_METHOD_NAME, 35, 100, null),
        missing(ENCODER_METHOD_NAME, 'not available (no trained weights)'),
      ]),
    )!;
    expect(noEncoder.beatsAll).toBeNull();
    expect(noEncoder.baselines[0].reason).toBe('not part of this evaluation');
    expect(baselineComparisonText(noEncoder)).toBe(
      'This cannot be checked here: FreeAvatar encoder did not run (not available (no trained weights)).',
    );
    expect(baselineComparison(evaluation([ran('mine', 1, 2, null)]))).toBeNull();
  });

  it('compares any method with any baselines, and checks its arguments', () => {
    const e = evaluation([ran('a', 3, 4, null), ran('b', 1, 4, null)]);
    expect(baselineComparison(e, 'b', ['a'])!.beatsAll).toBe(false);
    expect(baselineComparisonText(baselineComparison(e, 'a', ['b'])!)).toMatch(/It beats b\.$/);
    expect(() => baselineComparison(e, 'a', [])).toThrow(
      'baselines must be a non-empty list of method names',
    );
    expect(() => baselineComparison(evaluation([]))).toThrow(
      'evaluation must have at least one method',
    );
    expect(() => baselineComparisonText(null as never)).toThrow(
      /comparison must be an object, got null/,
    );
  });
});
