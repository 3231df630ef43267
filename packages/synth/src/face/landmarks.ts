/**
 * Named landmark index lists of the 468-vertex face mesh (MediaPipe's numbering). "Left" is
 * the subject's left, which is +x in the mesh. Eye contours run from the outer corner to the
 * inner corner; lip contours run from the subject's right corner (−x) to the left corner (+x);
 * brow rows run from the outer end to the inner end.
 *
 * @example
 * ```ts
 * import { FACE_LANDMARKS } from '@freeavatar/synth';
 * const [outerCorner] = FACE_LANDMARKS.eyeLeftUpper; // 263
 * ```
 */
export const FACE_LANDMARKS = {
  lipsUpperOuter: [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291],
  lipsLowerOuter: [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291],
  lipsUpperInner: [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308],
  lipsLowerInner: [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308],
  eyeLeftUpper: [263, 466, 388, 387, 386, 385, 384, 398, 362],
  eyeLeftLower: [263, 249, 390, 373, 374, 380, 381, 382, 362],
  eyeRightUpper: [33, 246, 161, 160, 159, 158, 157, 173, 133],
  eyeRightLower: [33, 7, 163, 144, 145, 153, 154, 155, 133],
  browLeftUpper: [300, 293, 334, 296, 336],
  browLeftLower: [276, 283, 282, 295, 285],
  browRightUpper: [70, 63, 105, 66, 107],
  browRightLower: [46, 53, 52, 65, 55],
  noseLeftAla: [327, 294, 278, 279, 358, 429, 331],
  noseRightAla: [98, 64, 48, 49, 129, 209, 102],
  chin: [152, 148, 176, 377, 400, 175, 199, 200, 171, 396],
  faceOval: [
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
    148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
  ],
} as const;

/**
 * A key of {@link FACE_LANDMARKS}.
 *
 * @example
 * ```ts
 * const group: FaceLandmarkGroup = 'lipsUpperInner';
 * const ids = FACE_LANDMARKS[group];
 * ```
 */
export type FaceLandmarkGroup = keyof typeof FACE_LANDMARKS;

/**
 * Single named landmarks.
 *
 * @example
 * ```ts
 * const tip = applyBlendshapes({}).slice(3 * LANDMARK.noseTip, 3 * LANDMARK.noseTip + 3);
 * ```
 */
export const LANDMARK = {
  noseTip: 4,
  noseBridge: 168,
  forehead: 10,
  chin: 152,
  upperLipCenter: 13,
  lowerLipCenter: 14,
  mouthCornerLeft: 291,
  mouthCornerRight: 61,
  earLeft: 454,
  earRight: 234,
} as const;
