import type * as tf from '@tensorflow/tfjs';
import type { BackendName, ImageInput, ModelSource, OneEuroOptions } from '@freeavatar/core';
import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
import type { DetectedFace, FaceCropper, FaceCropperOptions } from '@freeavatar/face-crop';
import type { AnimatorNetwork } from '../network/animator-network.js';
import type { AnimatorAvatarSpec } from '../network/network-config.js';

/**
 * Load-time options of {@link createAnimator}. Every field is optional.
 *
 * @example
 * ```ts
 * const options: AnimatorOptions = {
 *   model: 'runs/animator/animator/model.json',
 *   encoder: 'runs/triplet/checkpoint/model.json',
 *   backend: 'wasm',
 *   smoothing: { minCutoff: 1, beta: 2 },
 * };
 * ```
 */
export interface AnimatorOptions {
  /**
   * The animator network: `'default'` (the package's shipped weights,
   * `weights/animator/model.json`), a path or URL of a saved network's `model.json`, a
   * `tf.io.IOHandler`, or an {@link AnimatorNetwork} object (which the animator uses but does
   * not dispose). Default `'default'`.
   */
  model?: 'default' | ModelSource | AnimatorNetwork;
  /**
   * The expression encoder whose pooled features the network reads: `'default'` (the
   * expression-encoder package's shipped weights), a path, URL or IOHandler of a saved encoder,
   * or an `ExpressionEncoder` (used, not disposed). Its feature size must equal the network's
   * `featureSize`. Default `'default'`.
   */
  encoder?: 'default' | ModelSource | ExpressionEncoder;
  /**
   * The TensorFlow.js backend(s) to use, in order of preference, through `initBackend` of
   * `@freeavatar/core`. Default: leave the active backend as it is.
   */
  backend?: BackendName | readonly BackendName[];
  /**
   * Options of the face cropper created on first use of a whole image, or a cropper to share
   * (used, not disposed; {@link Animator.reset} resets its video state). Default: one face,
   * crops of twice the encoder's input size (32–512 px).
   */
  faceCropper?: FaceCropperOptions | FaceCropper;
  /**
   * {@link Animator.animateVideo}: One-Euro smoothing of each avatar's rig vector over time, or
   * `false` for none. Default `{ minCutoff: 1.5, beta: 0.5, derivativeCutoff: 1 }` (Hz, rig
   * units per second).
   */
  smoothing?: OneEuroOptions | false;
  /**
   * Read each face twice, as it is and mirrored left to right (one encoder call of two crops),
   * and average the two rigs, the mirrored one with its Left and Right controls swapped back
   * (`mirrorAveragedRigs`). Steadier rigs for about one more crop's encoder time per frame.
   * Default `false`.
   */
  mirrorAverage?: boolean;
}

/**
 * A face that is already aligned and cropped, such as a `DetectedFace` from
 * `@freeavatar/face-crop`: no detection runs on it.
 *
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * declare const animator: Animator;
 * const [face] = await cropper.detect('photo.jpg');
 * const result = await animator.animate(face, 'toon'); // face.crop is used
 * ```
 */
export interface AlignedFace {
  /** The aligned square crop (an `RgbImage`, a `[s, s, 3]` tensor, a path, …). */
  readonly crop: ImageInput;
}

/**
 * What {@link Animator.animate} and {@link Animator.animateVideo} take: a whole image or video
 * frame (the face is found, aligned and cropped first), an {@link AlignedFace}, or an aligned
 * crop as a `[1, s, s, 3]` tensor (int32 0–255 or float 0–1).
 *
 * @example
 * ```ts
 * import type { DetectedFace } from '@freeavatar/face-crop';
 * declare const face: DetectedFace;
 * const crop = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
 * const inputs: AnimatorInput[] = ['photo.jpg', { crop: face.crop }, crop];
 * ```
 */
export type AnimatorInput = ImageInput | AlignedFace | tf.Tensor4D;

/**
 * One avatar's rig for one frame: the control values by name, and the same values as a vector
 * in the avatar's control order. Plain data that outlives the call.
 *
 * @example
 * ```ts
 * declare const result: AnimationResult;
 * const rig: AvatarRig = result.avatars.toon;
 * console.log(rig.controls.smile, rig.vector.length);
 * ```
 */
export interface AvatarRig {
  readonly avatar: string;
  /** Control name → value in [0, 1]. */
  readonly controls: Readonly<Record<string, number>>;
  /** The values in the avatar's control order (see {@link Animator.avatars}). */
  readonly vector: Float32Array;
}

/**
 * The result of {@link Animator.animate}: a rig per requested avatar.
 *
 * @example
 * ```ts
 * declare const animator: Animator;
 * const result: AnimationResult | null = await animator.animate('smile.jpg', ['human', 'robot']);
 * if (result) console.log(result.avatars.human.controls.mouthSmileLeft, result.detection?.pose);
 * ```
 */
export interface AnimationResult {
  /** Avatar id → its rig, for every avatar asked for. */
  readonly avatars: Readonly<Record<string, AvatarRig>>;
  /** The face found in a whole image (box, landmarks, crop, head pose); undefined for crops. */
  readonly detection: DetectedFace | undefined;
}

/**
 * The result of {@link Animator.animateVideo} for one frame.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const animator: Animator;
 * declare const image: RgbImage; // a video frame
 * const frame: VideoAnimationResult = await animator.animateVideo(image, 33.3, 'toon');
 * if (!frame.face) console.log('no face: holding the last pose');
 * ```
 */
export interface VideoAnimationResult extends AnimationResult {
  readonly timestampMs: number;
  /**
   * `true` when a face was seen in this frame; `false` when the rigs hold the last pose (or the
   * neutral pose, all controls 0, before any face was seen).
   */
  readonly face: boolean;
}

/**
 * The expression-driven multi-avatar animator: faces in, rig controls of any of its avatars
 * out. Made by {@link createAnimator}. Results are plain data; no tensor escapes.
 *
 * @example
 * ```ts
 * const animator = await createAnimator();
 * const result = await animator.animate('photo.jpg', 'toon');
 * console.log(result?.avatars.toon.controls);
 * animator.dispose();
 * ```
 */
export interface Animator {
  /** The network (owned by the animator unless it was passed in). */
  readonly network: AnimatorNetwork;
  /** The expression encoder (owned by the animator unless it was passed in). */
  readonly encoder: ExpressionEncoder;
  /** `true` after {@link Animator.calibrateNeutral}, until {@link Animator.resetCalibration}. */
  readonly calibrated: boolean;
  /** The avatars it drives, with their control names in vector order. */
  avatars(): AnimatorAvatarSpec[];
  /**
   * Image mode: the rigs of the given avatar(s) for one image or aligned face. For a whole
   * image the face with the highest detector score is used. Resolves to `null` when no face is
   * found. Independent of earlier calls; no smoothing.
   */
  animate(
    input: AnimatorInput,
    avatar: string | readonly string[],
  ): Promise<AnimationResult | null>;
  /**
   * Video mode: the next frame of a sequence (`timestampMs` must increase). The face is tracked
   * from frame to frame (face-crop's `detectForVideo`), each avatar's rig vector is smoothed
   * with a One-Euro filter (unless `smoothing: false`), and when no face is found the last pose
   * is held and `face` is `false`.
   */
  animateVideo(
    frame: AnimatorInput,
    timestampMs: number,
    avatar: string | readonly string[],
  ): Promise<VideoAnimationResult>;
  /**
   * Neutral calibration: stores the mean encoder feature of the actor's resting face over
   * `frames` (images or aligned faces; frames without a face are skipped). Afterwards every
   * feature `f` is shifted to `f − actorNeutral + network.neutralFeature` before the network
   * reads it, so the actor's resting face gives the network's resting rig.
   */
  calibrateNeutral(frames: readonly AnimatorInput[]): Promise<void>;
  /** Forgets the neutral calibration. */
  resetCalibration(): void;
  /** Forgets the video state: face tracking, smoothing and the held pose. */
  reset(): void;
  /** Frees what the animator owns; later calls throw `DISPOSED`. */
  dispose(): void;
}
