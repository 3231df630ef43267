import { assertArgument } from '@freeavatar/core';
import { composeAffine, invertAffine } from './affine.js';
import {
  alignmentTransform,
  assertFaceAlignment,
  landmarksToCrop,
  type FaceAlignment,
} from './alignment.js';
import { LANDMARK_COUNT } from './landmarks.js';
import type { Affine2D, DetectedFace } from './types.js';
import { warpRgbImage } from './warp-image.js';

/** Transforms closer than this (in crop pixels per unit) count as the same alignment. */
const SAME_TRANSFORM = 1e-6;

function sameTransform(a: Affine2D, b: Affine2D): boolean {
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 3; c++) if (Math.abs(a[r][c] - b[r][c]) > SAME_TRANSFORM) return false;
  }
  return true;
}

/**
 * A detected face cropped again with another {@link FaceAlignment}, from its own crop: the new
 * crop (same size) is resampled bilinearly from the old one through the similarity between the
 * two alignments, with `transform` and `cropLandmarks` to match. No image and no model are
 * needed, so a face found by a cropper of one alignment can feed an encoder trained on another.
 * A face already aligned that way (its `alignment`, `'eyes-mouth'` when absent) comes back as it
 * is. Parts of the new crop that fall outside
 * the old one repeat its edge pixels. `tensor` is not carried over.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown alignment or a face without 468
 *   landmarks, a crop and a transform.
 * @example
 * ```ts
 * import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
 * declare const cropper: FaceCropper;
 * declare const encoder: ExpressionEncoder;
 * const [face] = await cropper.detect('photo.jpg');
 * const forEncoder = realignFace(face, encoder.config.alignment);
 * const [embedding] = await encoder.embed([forEncoder.crop]);
 * ```
 */
export function realignFace(face: DetectedFace, alignment: FaceAlignment): DetectedFace {
  assertFaceAlignment(alignment);
  if ((face?.alignment ?? 'eyes-mouth') === alignment) return face;
  assertArgument(
    face !== null &&
      typeof face === 'object' &&
      Array.isArray(face.landmarks) &&
      face.landmarks.length >= LANDMARK_COUNT &&
      Array.isArray(face.transform) &&
      face.crop?.data instanceof Uint8Array,
    'face must be a DetectedFace with 468 landmarks, a crop and a transform',
  );
  const { width, height, data: source } = face.crop;
  assertArgument(
    width === height && source.length === width * height * 3,
    `face.crop must be a square RGB image, got ${width}×${height} with ${source.length} values`,
  );
  const transform = alignmentTransform(face.landmarks, width, alignment);
  if (sameTransform(transform, face.transform)) return { ...face, alignment };
  // New crop pixel → image → old crop pixel.
  const crop = warpRgbImage(
    face.crop,
    composeAffine(face.transform, invertAffine(transform)),
    width,
    width,
  );
  const { tensor: _dropped, ...rest } = face;
  return {
    ...rest,
    crop,
    transform,
    alignment,
    cropLandmarks: landmarksToCrop(face.landmarks, transform),
  };
}
