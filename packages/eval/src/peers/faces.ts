import { FreeAvatarError, type RgbImage } from '@freeavatar/core';
import { LANDMARK_COUNT, type DetectedFace } from '@freeavatar/face-crop';
import type { PeerFace } from './types.js';

function invalid(message: string): FreeAvatarError {
  return new FreeAvatarError('INVALID_ARGUMENT', message);
}

/**
 * Whether a {@link PeerFace} is a face found by `@freeavatar/face-crop` (it has landmarks and a
 * crop) rather than a plain image.
 *
 * @example
 * ```ts
 * declare const face: PeerFace;
 * const crop = isDetectedFace(face) ? face.crop : face;
 * ```
 */
export function isDetectedFace(face: PeerFace): face is DetectedFace {
  return (
    face !== null &&
    typeof face === 'object' &&
    Array.isArray((face as DetectedFace).landmarks) &&
    (face as DetectedFace).crop !== undefined
  );
}

/**
 * The image of a {@link PeerFace}: the aligned crop of a detected face, or the image itself.
 *
 * @example
 * ```ts
 * declare const faces: PeerFace[];
 * const crops = faces.map(faceImage);
 * ```
 */
export function faceImage(face: PeerFace): RgbImage {
  return isDetectedFace(face) ? face.crop : face;
}

function checkImage(image: unknown, name: string): void {
  const o = image as Partial<RgbImage> | null;
  if (o === null || typeof o !== 'object') {
    throw invalid(`${name} must be an RgbImage or a DetectedFace, got ${String(image)}`);
  }
  if (
    !Number.isInteger(o.width) ||
    !Number.isInteger(o.height) ||
    o.width! <= 0 ||
    o.height! <= 0
  ) {
    throw invalid(
      `${name} must have positive integer width and height, got ${String(o.width)}×${String(o.height)}`,
    );
  }
  const bytes = o.width! * o.height! * 3;
  if (!(o.data instanceof Uint8Array) || o.data.length !== bytes) {
    throw invalid(
      `${name}.data must be a Uint8Array of width·height·3 = ${bytes} bytes, got ${o.data instanceof Uint8Array ? o.data.length : typeof o.data}`,
    );
  }
}

/**
 * Throws `INVALID_ARGUMENT` unless `faces` is an array of well-formed {@link PeerFace}s (images
 * with matching data, detected faces with 468 landmarks), naming the first bad one.
 *
 * @example
 * ```ts
 * declare const faces: PeerFace[];
 * assertPeerFaces(faces, 'features');
 * ```
 */
export function assertPeerFaces(faces: readonly PeerFace[], caller: string): void {
  if (!Array.isArray(faces)) {
    throw invalid(
      `${caller} needs an array of faces (RgbImage or DetectedFace), got ${String(faces)}`,
    );
  }
  faces.forEach((face, i) => {
    const name = `faces[${i}]`;
    if (isDetectedFace(face)) {
      if (face.landmarks.length !== LANDMARK_COUNT) {
        throw invalid(
          `${name}.landmarks must hold ${LANDMARK_COUNT} points, got ${face.landmarks.length}`,
        );
      }
      checkImage(face.crop, `${name}.crop`);
    } else {
      checkImage(face, name);
    }
  });
}
