import { FreeAvatarError } from '@freeavatar/core';
import { FaceLocator, type FaceLocatorOptions } from './face-locator.js';
import { assertPeerFaces } from './faces.js';
import {
  GEOMETRY_FEATURE_LENGTH,
  checkReference,
  expressionGeometry,
  type GeometryOptions,
} from './geometry.js';
import type { ExpressionFeatureMethod, FeatureDistance } from './types.js';

/**
 * Options of {@link landmarkGeometryMethod}.
 *
 * @example
 * ```ts
 * declare const neutral: Float32Array; // expressionGeometry of a neutral face
 * const options: LandmarkGeometryOptions = { name: 'mesh (neutral-relative)', reference: neutral };
 * ```
 */
export interface LandmarkGeometryOptions extends FaceLocatorOptions, GeometryOptions {
  /** Name in tables and plots. Default `'face mesh geometry'`. */
  name?: string;
  /**
   * How the features are compared. Default `'euclidean'` (distances in eye-distance units);
   * `'cosine'` makes sense only with a `reference`.
   */
  distance?: FeatureDistance;
}

/**
 * The landmark-geometry peer: face-crop's 468-point face mesh turned into pose-free expression
 * features by {@link expressionGeometry} (1,404 numbers per face). Faces given as `DetectedFace`
 * objects are used as they are (no model runs); plain crops are searched with a face cropper
 * first.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options; from `features`, for bad faces or
 *   (with `missingFace: 'throw'`) a crop without a face; `DISPOSED` after `dispose`.
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const mesh = landmarkGeometryMethod();
 * const faces = await cropper.detect('photo.jpg');
 * const [features] = await mesh.features(faces);
 * mesh.dispose();
 * ```
 */
export function landmarkGeometryMethod(
  options: LandmarkGeometryOptions = {},
): ExpressionFeatureMethod {
  const locator = new FaceLocator(options);
  const distance = options.distance ?? 'euclidean';
  if (distance !== 'euclidean' && distance !== 'cosine') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `distance must be 'euclidean' or 'cosine', got ${String(options.distance)}`,
    );
  }
  const geometryOptions: GeometryOptions = { reference: options.reference };
  checkReference(options.reference);
  return {
    name: options.name ?? 'face mesh geometry',
    distance,
    async features(faces) {
      assertPeerFaces(faces, 'landmarkGeometryMethod.features');
      const located = await locator.locate(faces);
      return located.map((face) =>
        face === undefined
          ? new Float32Array(GEOMETRY_FEATURE_LENGTH).fill(Number.NaN)
          : expressionGeometry(face.landmarks, geometryOptions),
      );
    },
    dispose() {
      locator.dispose();
    },
  };
}
