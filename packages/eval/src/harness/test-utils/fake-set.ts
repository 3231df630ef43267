import { FreeAvatarError, type RgbImage } from '@freeavatar/core';
import { faceImage } from '../../peers/faces.js';
import type { ExpressionFeatureMethod } from '../../peers/types.js';
import type { TripletSet } from '../triplet-set.js';

/** A 2×2 picture whose every byte is `value`: the fake methods read their feature from it. */
export function valueImage(value: number): RgbImage {
  return { width: 2, height: 2, data: new Uint8Array(12).fill(value) };
}

/** Face values of {@link sixTriplets}. */
export const FACE_VALUES = [0, 1, 10, 2, 5, 6, 20, 21, 22];

/**
 * Six triplets over nine faces whose 1-d features are {@link FACE_VALUES}. By the paper's rule:
 *
 * | triplet | type  | a, p, n    | d(a,p) | d(a,n) | d(p,n) | correct | margin |
 * | ------- | ----- | ---------- | -----: | -----: | -----: | ------- | -----: |
 * | 0       | ONE   | 0, 1, 10   | 1      | 10     | 9      | yes     | 8      |
 * | 1       | ONE   | 1, 2, 10   | 1      | 9      | 8      | yes     | 7      |
 * | 2       | TWO   | 2, 5, 6    | 3      | 4      | 1      | no      | −2     |
 * | 3       | TWO   | 5, 6, 20   | 1      | 15     | 14     | yes     | 13     |
 * | 4       | THREE | 20, 21, 22 | 1      | 2      | 1      | no (tie)| 0      |
 * | 5       | THREE | 20, 21, 0  | 1      | 20     | 21     | yes     | 19     |
 *
 * Overall 4/6; ONE_CLASS 2/2, TWO_CLASS 1/2, THREE_CLASS 1/2.
 */
export function sixTriplets(): TripletSet {
  return {
    description: 'six hand-made triplets',
    faces: FACE_VALUES.map((v) => ({ image: valueImage(v), source: `value ${v}` })),
    triplets: [
      { anchor: 0, positive: 1, negative: 2, type: 'ONE_CLASS' },
      { anchor: 1, positive: 3, negative: 2, type: 'ONE_CLASS' },
      { anchor: 3, positive: 4, negative: 5, type: 'TWO_CLASS' },
      { anchor: 4, positive: 5, negative: 6, type: 'TWO_CLASS' },
      { anchor: 6, positive: 7, negative: 8, type: 'THREE_CLASS' },
      { anchor: 6, positive: 7, negative: 0, type: 'THREE_CLASS' },
    ],
  };
}

/**
 * A method whose feature is the first byte of each picture. `throwFor` values make it throw
 * (for the whole call, as a real model would); `noFaceFor` values give `NaN` features.
 */
export function valueMethod(
  name: string,
  options: { throwFor?: number[]; noFaceFor?: number[] } = {},
): ExpressionFeatureMethod & { calls: number } {
  const method = {
    name,
    distance: 'euclidean' as const,
    calls: 0,
    async features(faces: readonly Parameters<ExpressionFeatureMethod['features']>[0][number][]) {
      method.calls++;
      return faces.map((face) => {
        const v = faceImage(face).data[0];
        if (options.throwFor?.includes(v)) {
          throw new FreeAvatarError('INVALID_ARGUMENT', `cannot read the face of value ${v}`);
        }
        return options.noFaceFor?.includes(v) ? Float32Array.of(Number.NaN) : Float32Array.of(v);
      });
    },
    dispose() {},
  };
  return method;
}
