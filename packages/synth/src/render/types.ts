import type { RgbImage } from '@freeavatar/core';
import type { EmotionCategorizer } from '../datasets/emotion-category.js';
import type { Emotion } from '../expressions/prototypes.js';
import type { ExpressionKind } from '../expressions/sampler.js';
import type { Identity } from '../identity/identity.js';
import type { DatasetSplit } from '../identity/split.js';
import type { BackgroundKind, BackgroundSpec } from '../raster/backgrounds.js';
import type { Occluder, OccluderKind, PixelRect } from '../raster/occluders.js';
import type { LightParams } from '../raster/types.js';

/**
 * Head rotation in degrees, as `CameraParams` reads it: positive `yaw` turns the face towards
 * the image right, positive `pitch` turns it up, positive `roll` turns the image
 * counter-clockwise.
 *
 * @example
 * ```ts
 * const pose: FacePose = { yaw: 20, pitch: -5, roll: 3 };
 * ```
 */
export interface FacePose {
  yaw: number;
  pitch: number;
  roll: number;
}

/**
 * Where the camera is, independent of the output size: a pinhole with a horizontal field of
 * view, at `distance` cm from the face centre (the midpoint of forehead top and chin), which
 * lands `shift` away from the image centre (fractions of the image width and height; +x right,
 * +y down).
 *
 * @example
 * ```ts
 * const camera: FaceCamera = { fovDeg: 25, distance: 60, shift: [0.03, -0.02] };
 * ```
 */
export interface FaceCamera {
  fovDeg: number;
  distance: number;
  shift?: readonly [number, number];
}

/**
 * An occluder given by kind and seed: the renderer draws `randomOccluder` of that kind from the
 * seed, placed over the face's box in this render.
 *
 * @example
 * ```ts
 * const hand: FaceOccluderSpec = { kind: 'hand', seed: 1234 };
 * ```
 */
export interface FaceOccluderSpec {
  kind: OccluderKind;
  seed: number;
}

/**
 * Everything that decides one rendered face picture. Plain data: the same scene renders the
 * same pixels.
 *
 * @example
 * ```ts
 * const scene: FaceScene = {
 *   identity: 42,
 *   expression: emotionWeights({ happy: 1 }),
 *   pose: { yaw: 15, pitch: 0, roll: 0 },
 *   camera: { fovDeg: 25, distance: 55 },
 *   light: { direction: [0.3, 0.4, 1] },
 *   background: { kind: 'flat', color: [0.4, 0.45, 0.5] },
 *   occluders: [],
 * };
 * ```
 */
export interface FaceScene {
  /** An identity seed (see `sampleIdentity`) or an identity object. */
  identity: number | Identity;
  /** ARKit-52 weights in `ARKIT_BLENDSHAPE_NAMES` order, each 0..1. */
  expression: Float32Array;
  /** How the expression was sampled, when it was; copied into the label. */
  expressionKind?: ExpressionKind;
  pose: FacePose;
  camera: FaceCamera;
  /** Default: light from the camera. */
  light?: LightParams;
  /** A background description or an image of the output size. Default: black. */
  background?: BackgroundSpec | RgbImage;
  /** Drawn over the picture in order. */
  occluders?: readonly (FaceOccluderSpec | Occluder)[];
}

/**
 * What a rendered face shows, as plain data: the ground truth a dataset stores beside each
 * image.
 *
 * @example
 * ```ts
 * declare const renderer: FaceRenderer, scene: FaceScene;
 * const { label } = renderer.render(scene);
 * console.log(label.emotion, label.weights[blendshapeIndex('jawOpen')], label.pose.yaw);
 * ```
 */
export interface FaceLabel {
  /** Always `'rendered'` here; reenacted photos say `'reenacted'`. */
  source: 'rendered' | 'reenacted';
  /** `"identity-<seed>"`, or the id of the identity object. */
  identity: string;
  /** The identity's seed. */
  identitySeed: number;
  /** The identity's split. */
  split: DatasetSplit;
  /** ARKit-52 weights, `ARKIT_BLENDSHAPE_NAMES` order. */
  weights: Float32Array;
  /** The emotion category of the weights (see `createEmotionCategorizer`). */
  emotion: Emotion;
  expressionKind?: ExpressionKind;
  pose: FacePose;
  /** The camera, with its focal length in output pixels. */
  camera: FaceCamera & { focalLength: number };
  light?: LightParams;
  /** The background's kind, `'image'` for a picture given as pixels, `'none'` for black. */
  background: BackgroundKind | 'image' | 'none';
  occluders: OccluderKind[];
  /** Bounding box of the 468 projected face landmarks, in pixels (may reach outside). */
  box: PixelRect;
}

/**
 * One rendered face.
 *
 * @example
 * ```ts
 * declare const renderer: FaceRenderer, scene: FaceScene;
 * const { image, landmarks2d, box, label }: FaceRenderResult = renderer.render(scene);
 * const noseTip = [landmarks2d[2 * 4], landmarks2d[2 * 4 + 1]];
 * ```
 */
export interface FaceRenderResult {
  image: RgbImage;
  /** The 468 face landmarks (MediaPipe numbering) projected to pixels: x y per point. */
  landmarks2d: Float32Array;
  /** Bounding box of `landmarks2d`. */
  box: PixelRect;
  label: FaceLabel;
}

/**
 * Options of {@link FaceRenderer}s.
 *
 * @example
 * ```ts
 * const options: FaceRendererOptions = { size: 112, supersample: 2, headCacheSize: 32 };
 * ```
 */
export interface FaceRendererOptions {
  /** Side of the square output image in pixels, 16..1024. */
  size: number;
  /** Samples per pixel along each axis, 1..4; default 2. */
  supersample?: number;
  /** Built heads kept for reuse (building one costs tens of milliseconds); default 32. */
  headCacheSize?: number;
  /**
   * Gives labels their `emotion`; default a new `createEmotionCategorizer()` on the first
   * render. Pass one to share it between renderers (building one takes under a second).
   */
  categorizer?: EmotionCategorizer;
}

/**
 * Renders {@link FaceScene}s; made by `createFaceRenderer`.
 *
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * const renderer: FaceRenderer = createFaceRenderer({ size: 112 });
 * const { image } = renderer.render(sampleFaceScene(createRng(1), 'train'));
 * ```
 */
export interface FaceRenderer {
  readonly size: number;
  readonly supersample: number;
  /** Renders one scene; the returned arrays are new and belong to the caller. */
  render(scene: FaceScene): FaceRenderResult;
}
