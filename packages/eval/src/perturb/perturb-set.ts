import { FreeAvatarError, assertArgument } from '@freeavatar/core';
import { assertTripletSet, type TripletSet } from '../harness/triplet-set.js';
import { perturbationRng, type Perturbation } from './perturbations.js';

/**
 * Checks that `perturbation` is a {@link Perturbation} with an id and at least one of `scene`
 * and `image`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming what is missing.
 * @example
 * ```ts
 * assertPerturbation(builtInPerturbation('blur'));
 * ```
 */
export function assertPerturbation(perturbation: Perturbation): void {
  assertArgument(
    perturbation !== null &&
      typeof perturbation === 'object' &&
      typeof perturbation.id === 'string' &&
      perturbation.id !== '',
    `perturbation must be an object with an id, got ${String(perturbation)}`,
  );
  assertArgument(
    typeof perturbation.scene === 'function' || typeof perturbation.image === 'function',
    `perturbation '${perturbation.id}' must have a scene or an image function`,
  );
}

/**
 * The same triplets with every face picture changed by an image-space perturbation (e.g. blur
 * or noise): labels, sources and triplets are kept, and face `i` gets the generator
 * `perturbationRng(seed, perturbation.id, i)`, so the result is the same on every run. A
 * perturbation that changes the scene (head pose, light, occluders) needs the faces to be
 * rendered again: use `syntheticTripletSet({ perturbation })` instead.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed set or perturbation, or one with a
 *   `scene` part.
 * @example
 * ```ts
 * declare const set: TripletSet;
 * const blurred = perturbTripletSet(set, builtInPerturbation('blur'), 1);
 * ```
 */
export function perturbTripletSet(
  set: TripletSet,
  perturbation: Perturbation,
  seed: number,
): TripletSet {
  assertTripletSet(set);
  assertPerturbation(perturbation);
  assertArgument(Number.isSafeInteger(seed), `seed must be an integer, got ${seed}`);
  if (perturbation.scene !== undefined) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `perturbation '${perturbation.id}' changes the rendered scene; it needs synthetic faces (syntheticTripletSet with perturbation), not finished pictures`,
    );
  }
  const change = perturbation.image!;
  return {
    description: `${set.description}, under ${perturbation.description}`,
    faces: set.faces.map((face, i) => ({
      ...face,
      image: change(face.image, perturbationRng(seed, perturbation.id, i)),
    })),
    triplets: set.triplets,
    details: { ...set.details, perturbation: perturbation.id },
  };
}
