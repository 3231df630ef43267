export { createFaceCropper, type CropTimings, type FaceCropper } from './cropper.js';
export {
  DEFAULT_RETRY_FILTERS,
  resolveCallOptions,
  resolveCropperOptions,
  type DetectCallOptions,
  type FaceCropperOptions,
  type ResolvedCropperOptions,
  type SmoothingOptions,
} from './options.js';
export { applyInputFilter, assertInputFilter, type InputFilter } from './input-filter.js';
export { locateDefaultModels, type DefaultModelFiles } from './models.js';
export {
  alignmentLandmarks,
  alignmentTemplate,
  assertFaceAlignment,
  fitSimilarity,
  ALIGNMENT_LANDMARKS,
  FACE_ALIGNMENTS,
  type FaceAlignment,
} from './alignment.js';
export { applyAffine, composeAffine, invertAffine } from './affine.js';
export { warpRgbImage } from './warp-image.js';
export { realignFace } from './realign.js';
export { estimateHeadPose } from './head-pose.js';
export { FACE_LANDMARKS, LANDMARK_COUNT, type FaceLandmarkName } from './landmarks.js';
export type { Affine2D, DetectedFace, FaceBox, HeadPose, Point2, Point3 } from './types.js';
export {
  CANONICAL_FACE_BASIS,
  CANONICAL_FACE_POSITIONS,
  CANONICAL_TRIANGLE_COUNT,
  CANONICAL_VERTEX_COUNT,
  loadCanonicalFace,
  type CanonicalFace,
} from './canonical-face.js';
