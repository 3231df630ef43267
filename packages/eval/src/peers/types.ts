import type { RgbImage } from '@freeavatar/core';
import type { DetectedFace } from '@freeavatar/face-crop';

/**
 * A face given to a peer method: an aligned face crop (e.g. `DetectedFace.crop` from
 * `@freeavatar/face-crop`, or any image showing one face), or a face that `@freeavatar/face-crop`
 * already found (its crop, landmarks and pose are used, so no method detects it again).
 *
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const detected = await cropper.detect('photo.jpg');
 * const faces: PeerFace[] = detected; // DetectedFace objects
 * const crops: PeerFace[] = detected.map((f) => f.crop); // plain crops
 * ```
 */
export type PeerFace = RgbImage | DetectedFace;

/**
 * How a method's feature vectors are best compared: the distance the eval harness uses for
 * triplets and retrieval with that method.
 *
 * @example
 * ```ts
 * declare const method: ExpressionFeatureMethod;
 * const d: FeatureDistance = method.distance; // 'euclidean' or 'cosine'
 * ```
 */
export type FeatureDistance = 'euclidean' | 'cosine';

/**
 * A method that turns faces into expression feature vectors, so that the eval harness can score
 * it on triplets and retrieval next to FreeAvatar's encoder. Every peer in this package
 * implements it; to compare your own method, implement it too (a name, a `features` call, a
 * `dispose`).
 *
 * Contract: `features` returns exactly one vector per input face, in input order, all of the
 * same length; vectors are plain arrays that outlive the call (no tensor escapes); an unusable
 * input throws a `FreeAvatarError` naming the face's index. After `dispose`, calls throw
 * `DISPOSED`.
 *
 * @example
 * ```ts
 * // A trivial method of your own: mean brightness of the crop's upper and lower halves.
 * const brightness: ExpressionFeatureMethod = {
 *   name: 'brightness',
 *   distance: 'euclidean',
 *   async features(faces) {
 *     return faces.map((face) => {
 *       const crop = 'crop' in face ? face.crop : face;
 *       const half = (crop.data.length / 2) | 0;
 *       const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
 *       return Float32Array.of(mean(crop.data.subarray(0, half)), mean(crop.data.subarray(half)));
 *     });
 *   },
 *   dispose() {},
 * };
 * ```
 */
export interface ExpressionFeatureMethod {
  /** Short name for tables and plots, e.g. `'face mesh geometry'`. */
  readonly name: string;
  /** The distance to compare its features with. */
  readonly distance: FeatureDistance;
  /** Where its weights come from (e.g. a `model.json` path), shown in reports. Optional. */
  readonly source?: string;
  /** One feature vector per face, in input order. */
  features(faces: readonly PeerFace[]): Promise<Float32Array[]>;
  /** Frees models and other resources the method owns. */
  dispose(): void;
}

/**
 * An avatar as far as rig transfer is concerned: a name and its rig controls, in order. The
 * vectors a {@link RigMethod} returns hold one value per control, in this order.
 *
 * @example
 * ```ts
 * const fox: RigTarget = { name: 'fox', controls: ['jawOpen', 'earsBack', 'eyeBlinkLeft'] };
 * ```
 */
export interface RigTarget {
  /** The avatar's name; methods that are fitted per avatar look their fit up by it. */
  readonly name: string;
  /** Rig control names, in the order of the returned vectors. */
  readonly controls: readonly string[];
}

/**
 * A method that turns faces into rig control values of an avatar (expression transfer), so that
 * the eval harness can score it against ground-truth rigs next to FreeAvatar's animator.
 *
 * Contract: `rig` returns one vector per face, in input order, each `avatar.controls.length`
 * long; an avatar the method cannot drive throws a `FreeAvatarError` naming it.
 *
 * @example
 * ```ts
 * const rest: RigMethod = {
 *   name: 'rest pose',
 *   async rig(faces, avatar) {
 *     return faces.map(() => new Float32Array(avatar.controls.length));
 *   },
 *   dispose() {},
 * };
 * ```
 */
export interface RigMethod {
  /** Short name for tables and plots. */
  readonly name: string;
  /** One rig vector per face, `avatar.controls.length` values each, in control order. */
  rig(faces: readonly PeerFace[], avatar: RigTarget): Promise<Float32Array[]>;
  /** Frees models and other resources the method owns. */
  dispose(): void;
}
