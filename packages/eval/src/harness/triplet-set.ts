import {
  FreeAvatarError,
  assertArray,
  assertObject,
  assertRgbImage,
  type RgbImage,
} from '@freeavatar/core';
import { TRIPLET_TYPES, type Triplet, type TripletType } from '../metrics/triplet.js';

/**
 * How a face was seen: the head's yaw and what, if anything, covered part of it.
 *
 * @example
 * ```ts
 * const view: FaceView = { yaw: -34.5, occluder: 'hand' };
 * ```
 */
export interface FaceView {
  /** Head yaw in degrees (0 faces the camera). */
  readonly yaw: number;
  /** The occluder's kind (synth's `OCCLUDER_KINDS`), or `null` when the face is uncovered. */
  readonly occluder: string | null;
}

/**
 * One face of a {@link TripletSet}: the picture, and what is known of it.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const image: RgbImage;
 * const face: EvalFace = { image, emotion: 'happy', identity: 'identity-42' };
 * ```
 */
export interface EvalFace {
  /** The face picture (a render, or a crop around an annotated face box). */
  readonly image: RgbImage;
  /** Its expression label (e.g. the emotion category), when known: used for retrieval. */
  readonly emotion?: string;
  /** Who it shows, when known: used for the identity-invariance ratio. */
  readonly identity?: string;
  /** Where it came from (a file name), for reports. */
  readonly source?: string;
  /** How it was seen, when known (rendered faces): for accuracy by view. */
  readonly view?: FaceView;
}

/**
 * Faces and the triplets over them that every method of an evaluation is scored on: triplets
 * are indices into `faces` (anchor and positive are the pair judged more alike).
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const a: RgbImage, b: RgbImage, c: RgbImage, d: RgbImage;
 * const set: TripletSet = {
 *   description: '2 hand-made triplets',
 *   faces: [a, b, c, d].map((image) => ({ image })),
 *   triplets: [
 *     { anchor: 0, positive: 1, negative: 2, type: 'ONE_CLASS' },
 *     { anchor: 1, positive: 3, negative: 0, type: 'TWO_CLASS' },
 *   ],
 * };
 * ```
 */
export interface TripletSet {
  /** One line saying what the data is, for reports. */
  readonly description: string;
  readonly faces: readonly EvalFace[];
  readonly triplets: readonly Triplet[];
  /** Facts about how the set was made (seed, split, sizes), copied into `results.json`. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * How many triplets of each type a set holds (types absent from the set count 0; untyped
 * triplets are not counted).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `triplets` is not an array.
 * @example
 * ```ts
 * declare const set: TripletSet;
 * tripletTypeCounts(set.triplets); // { ONE_CLASS: 30, TWO_CLASS: 31, THREE_CLASS: 29 }
 * ```
 */
export function tripletTypeCounts(triplets: readonly Triplet[]): Record<TripletType, number> {
  assertArray(triplets, 'triplets');
  const counts = Object.fromEntries(TRIPLET_TYPES.map((t) => [t, 0])) as Record<
    TripletType,
    number
  >;
  for (const t of triplets) if (t.type !== undefined) counts[t.type]++;
  return counts;
}

/**
 * Throws `INVALID_ARGUMENT` naming `name` unless `set` is an object with `faces` and `triplets`
 * lists: the cheap check of a function that reads a set without validating every face.
 *
 * @example
 * ```ts
 * declare const set: TripletSet;
 * assertTripletSetShape(set, 'set');
 * ```
 */
export function assertTripletSetShape(set: unknown, name: string): asserts set is TripletSet {
  assertObject(set, name);
  assertArray(set.faces, `${name}.faces`);
  assertArray(set.triplets, `${name}.triplets`);
}

/**
 * Throws `INVALID_ARGUMENT` unless `set` is a well-formed {@link TripletSet}: at least one
 * face and one triplet, every face an `RgbImage`, every triplet three distinct indices in range
 * with a known type (or none).
 *
 * @example
 * ```ts
 * declare const set: TripletSet;
 * assertTripletSet(set);
 * ```
 */
export function assertTripletSet(set: TripletSet): void {
  const bad = (message: string): FreeAvatarError =>
    new FreeAvatarError('INVALID_ARGUMENT', message);
  if (set === null || typeof set !== 'object') {
    throw bad(`a triplet set must be an object with faces and triplets, got ${String(set)}`);
  }
  if (!Array.isArray(set.faces) || set.faces.length === 0) {
    throw bad('a triplet set needs a non-empty faces list');
  }
  if (!Array.isArray(set.triplets) || set.triplets.length === 0) {
    throw bad('a triplet set needs a non-empty triplets list');
  }
  set.faces.forEach((face, i) => {
    try {
      assertRgbImage(face?.image);
    } catch (cause) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `faces[${i}].image is not an RgbImage: ${(cause as Error).message}`,
        { cause },
      );
    }
  });
  const n = set.faces.length;
  set.triplets.forEach((t, i) => {
    const roles = [t?.anchor, t?.positive, t?.negative];
    if (!roles.every((k) => Number.isInteger(k) && k >= 0 && k < n)) {
      throw bad(
        `triplets[${i}] must hold face indices in 0..${n - 1}, got ${JSON.stringify(roles)}`,
      );
    }
    if (new Set(roles).size !== 3) {
      throw bad(`triplets[${i}] must name three different faces, got ${JSON.stringify(roles)}`);
    }
    if (t.type !== undefined && !(TRIPLET_TYPES as readonly string[]).includes(t.type)) {
      throw bad(
        `triplets[${i}].type must be one of ${TRIPLET_TYPES.join(', ')}, got ${String(t.type)}`,
      );
    }
  });
}
