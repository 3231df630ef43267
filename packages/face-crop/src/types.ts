import type * as tf from '@tensorflow/tfjs';
import type { RgbImage } from '@freeavatar/core';

/**
 * A point `[x, y]` in pixels (x to the right, y down, pixel `i` spans `[i, i + 1)`).
 *
 * @example
 * ```ts
 * const centre: Point2 = [256, 256];
 * ```
 */
export type Point2 = [x: number, y: number];

/**
 * A landmark `[x, y, z]`: x and y in pixels; z is depth relative to the face centre, on the
 * same scale as x, smaller values nearer the camera.
 *
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * const [x, y, z]: Point3 = face.landmarks[FACE_LANDMARKS.noseTip];
 * ```
 */
export type Point3 = [x: number, y: number, z: number];

/**
 * An axis-aligned rectangle in pixels.
 *
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * const { x, y, width, height }: FaceBox = face.box;
 * ```
 */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A 2×3 affine matrix `[[a, b, c], [d, e, f]]` mapping `(x, y)` to
 * `(a·x + b·y + c, d·x + e·y + f)`.
 *
 * @example
 * ```ts
 * const shiftRight: Affine2D = [[1, 0, 10], [0, 1, 0]];
 * applyAffine(shiftRight, [5, 5]); // [15, 5]
 * ```
 */
export type Affine2D = [[number, number, number], [number, number, number]];

/**
 * Head rotation in degrees, relative to a face looking straight into the camera.
 *
 * - `yaw > 0`: the nose points towards the image's right side.
 * - `pitch > 0`: the nose points up (chin raised).
 * - `roll > 0`: the head is tilted counter-clockwise as seen in the image (the eye on the
 *   image's right side is higher).
 *
 * @example
 * ```ts
 * declare const face: DetectedFace;
 * const { yaw, pitch, roll }: HeadPose = face.pose;
 * const frontal = Math.abs(yaw) < 15 && Math.abs(pitch) < 15;
 * ```
 */
export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

/**
 * Which landmarks a crop is aligned on.
 *
 * - `'eyes-mouth'`: eye corners and mouth corners (the default, what the first shipped models
 *   were trained on). Mouth expressions move the mouth corners, so a smile or an open jaw also
 *   rescales and shifts the whole crop.
 * - `'eyes-nose'`: eye corners, the top of the nose bridge and the base of the nose, points that
 *   expressions hardly move: the upper face stays put and a mouth expression changes only the
 *   lower face.
 *
 * @example
 * ```ts
 * const alignment: FaceAlignment = 'eyes-nose';
 * const cropper = await createFaceCropper({ cropSize: 64, alignment });
 * ```
 */
export type FaceAlignment = 'eyes-mouth' | 'eyes-nose';

/**
 * One face found by a {@link FaceCropper}. Plain data, except `tensor` when asked for.
 *
 * @example
 * ```ts
 * import { writeImageFile } from '@freeavatar/core';
 * declare const cropper: FaceCropper;
 * const [face]: DetectedFace[] = await cropper.detect('photo.jpg');
 * await writeImageFile('crop.png', face.crop);
 * console.log(face.score, face.pose, face.cropLandmarks[FACE_LANDMARKS.noseTip]);
 * ```
 */
export interface DetectedFace {
  /** Bounding box of the 468 landmarks, in image pixels. */
  box: FaceBox;
  /** Face-presence confidence of the landmark model, 0–1. */
  score: number;
  /** Score of the face detector when it ran on this frame for this face, otherwise `undefined`. */
  detectionScore: number | undefined;
  /**
   * `'landmarks'`: the face mesh placed the landmarks and the crop is aligned on them.
   * `'keypoints'` (only with the cropper's `keypointFallback`): the mesh was not confident, so the
   * crop is aligned on the detector's eye, nose and mouth keypoints and `landmarks` is the
   * neutral canonical face placed there, not a measurement.
   */
  alignedBy: 'landmarks' | 'keypoints';
  /** The 468 face-mesh landmarks in image coordinates (see {@link Point3}). */
  landmarks: Point3[];
  /** The same landmarks in crop coordinates (z scaled like x and y). */
  cropLandmarks: Point3[];
  /** The aligned square crop, `cropSize × cropSize`. */
  crop: RgbImage;
  /** The similarity transform from image to crop coordinates. */
  transform: Affine2D;
  /**
   * Which landmarks the crop is aligned on (the cropper's `alignment`); faces built elsewhere
   * may leave it out, which reads as `'eyes-mouth'`.
   */
  alignment?: FaceAlignment;
  /** Video mode: an id that stays with the face from frame to frame; image mode: `undefined`. */
  trackId?: number;
  /** Head rotation estimated from the landmarks. */
  pose: HeadPose;
  /**
   * The crop as a float32 `[cropSize, cropSize, 3]` tensor with values 0–1, only when the call
   * asked for it (`returnTensor: true`); the caller owns it and must dispose it.
   */
  tensor?: tf.Tensor3D;
}
