import { assertArgument, progressReporter, type ProgressCallback } from '@freeavatar/core';
import type { FaceCropper } from '@freeavatar/face-crop';
import type { PeerFace } from '../peers/types.js';
import type { EvalFace } from './triplet-set.js';

/**
 * What {@link alignFaces} found.
 *
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const set: TripletSet;
 * declare const cropper: FaceCropper;
 * const { inputs, withoutFace }: AlignedFaces = await alignFaces(set.faces, cropper);
 * ```
 */
export interface AlignedFaces {
  /** Per face: the detected face (landmarks, pose, aligned crop), or the plain image. */
  readonly inputs: PeerFace[];
  /** Faces in which the detector found none. */
  readonly withoutFace: number;
}

/**
 * Finds each face once with a shared face cropper, so that every method reads the same
 * detection: the landmark peers reuse its landmarks, the classifiers and the encoder its aligned
 * crop (as the encoder does at inference). Where no face is found the plain image is passed on,
 * and each method then does what it does with a plain crop (the landmark peers search it again
 * with a margin, and mark it as faceless if that fails too).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a cropper without `detect`; the cropper's own
 *   errors for malformed images.
 * @example
 * ```ts
 * import { createFaceCropper } from '@freeavatar/face-crop';
 * declare const set: TripletSet;
 * const cropper = await createFaceCropper({ maxFaces: 1 });
 * const { inputs, withoutFace } = await alignFaces(set.faces, cropper);
 * ```
 */
export async function alignFaces(
  faces: readonly EvalFace[],
  cropper: Pick<FaceCropper, 'detect'>,
  options: { onProgress?: ProgressCallback } = {},
): Promise<AlignedFaces> {
  assertArgument(Array.isArray(faces), `faces must be an array, got ${String(faces)}`);
  assertArgument(
    typeof cropper?.detect === 'function',
    'cropper must be a face cropper (an object with detect)',
  );
  const report = progressReporter(options.onProgress);
  const inputs: PeerFace[] = [];
  let withoutFace = 0;
  for (let i = 0; i < faces.length; i++) {
    const [best] = await cropper.detect(faces[i].image);
    if (best === undefined) withoutFace++;
    inputs.push(best ?? faces[i].image);
    report({ task: 'eval:detect', done: i + 1, total: faces.length, unit: 'faces' });
  }
  return { inputs, withoutFace };
}
