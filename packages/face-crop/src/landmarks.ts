/**
 * Indices of named points among the 468 face-mesh landmarks. Right and left are the subject's:
 * in an unmirrored photo the subject's right eye is on the image's left.
 *
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * const [x, y] = face.landmarks[FACE_LANDMARKS.noseTip];
 * ```
 */
export const FACE_LANDMARKS = {
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeInner: 362,
  leftEyeOuter: 263,
  noseTip: 1,
  noseBridge: 168,
  noseBase: 2,
  mouthRight: 61,
  mouthLeft: 291,
  upperLip: 13,
  lowerLip: 14,
  chin: 152,
  foreheadTop: 10,
  rightCheek: 234,
  leftCheek: 454,
} as const;

/**
 * A name in {@link FACE_LANDMARKS}.
 *
 * @example
 * ```ts
 * const name: FaceLandmarkName = 'noseTip';
 * const index = FACE_LANDMARKS[name]; // 1
 * ```
 */
export type FaceLandmarkName = keyof typeof FACE_LANDMARKS;

/**
 * Number of face-mesh landmarks.
 *
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * console.assert(face.landmarks.length === LANDMARK_COUNT); // 468
 * ```
 */
export const LANDMARK_COUNT = 468;
