import { assertArgument, createRng, type Rng } from '@freeavatar/core';
import {
  sampleExpression,
  type ExpressionSamplerOptions,
  type SampledExpression,
} from '../expressions/sampler.js';
import { getDefaultFaceModel } from '../face/face-model.js';
import { LANDMARK } from '../face/landmarks.js';
import { DATASET_SPLITS, identitySplit, type DatasetSplit } from '../identity/split.js';
import { randomBackground, type RandomBackgroundOptions } from '../raster/backgrounds.js';
import { randomLight, type RandomLightOptions } from '../raster/lighting.js';
import { OCCLUDER_KINDS, type OccluderKind } from '../raster/occluders.js';
import type { FaceCamera, FaceOccluderSpec, FacePose, FaceScene } from './types.js';

/**
 * Head-pose ranges of {@link sampleFaceScene}, in degrees.
 *
 * @example
 * ```ts
 * const frontal: PoseOptions = { yawRange: 10, wideYawProbability: 0, pitchStd: 4, rollStd: 3 };
 * ```
 */
export interface PoseOptions {
  /** Yaw is uniform in ±`yawRange` most of the time; default 30. */
  yawRange?: number;
  /** Probability of a yaw beyond `yawRange` (up to `maxYaw`, either side); default 0.15. */
  wideYawProbability?: number;
  /** Largest yaw of the wide draws; default 60. */
  maxYaw?: number;
  /** Pitch is normal with this deviation, clamped to ±`maxPitch`; default 8, 25. */
  pitchStd?: number;
  maxPitch?: number;
  /** Roll is normal with this deviation, clamped to ±`maxRoll`; default 6, 20. */
  rollStd?: number;
  maxRoll?: number;
}

/**
 * How the face sits in the picture.
 *
 * @example
 * ```ts
 * const tight: FramingOptions = { faceHeight: [0.7, 0.8], shift: 0 };
 * ```
 */
export interface FramingOptions {
  /** Range of the forehead-top-to-chin span as a fraction of the image height; default [0.45, 0.65]. */
  faceHeight?: readonly [number, number];
  /** Range of the horizontal field of view in degrees (tele to normal lens); default [12, 40]. */
  fovDeg?: readonly [number, number];
  /** Largest shift of the face centre from the image centre, fraction of the size; default 0.05. */
  shift?: number;
}

/**
 * Options of {@link sampleFaceScene}. Every field is optional.
 *
 * @example
 * ```ts
 * const options: FaceSceneOptions = {
 *   pose: { yawRange: 20 },
 *   occluderProbability: 0,
 *   background: { kinds: ['flat', 'gradient'] },
 * };
 * ```
 */
export interface FaceSceneOptions {
  /** Identity seeds to choose from; default any seed of the split (an unbounded population). */
  identities?: readonly number[];
  expression?: ExpressionSamplerOptions;
  pose?: PoseOptions;
  framing?: FramingOptions;
  light?: RandomLightOptions;
  background?: RandomBackgroundOptions;
  /** Probability of one occluder over the face; default 0.2. */
  occluderProbability?: number;
  /** Kinds of occluders drawn; default all of `OCCLUDER_KINDS`. */
  occluderKinds?: readonly OccluderKind[];
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function range(value: readonly [number, number], name: string, lo: number, hi: number): void {
  assertArgument(
    Array.isArray(value) &&
      value.length === 2 &&
      value.every(Number.isFinite) &&
      lo <= value[0] &&
      value[0] <= value[1] &&
      value[1] <= hi,
    `${name} must be [min, max] with ${lo} <= min <= max <= ${hi}, got ${JSON.stringify(value)}`,
  );
}

function nonNegative(value: number, name: string): number {
  assertArgument(
    Number.isFinite(value) && value >= 0,
    `${name} must be a finite number >= 0, got ${value}`,
  );
  return value;
}

/** Forehead-top-to-chin span of the template face, cm. */
function templateFaceHeight(): number {
  const p = getDefaultFaceModel().template.positions;
  const a = 3 * LANDMARK.forehead;
  const b = 3 * LANDMARK.chin;
  return Math.hypot(p[a] - p[b], p[a + 1] - p[b + 1], p[a + 2] - p[b + 2]);
}

/**
 * Draws an identity seed of `split`, from `pool` when given (internal to the scene samplers).
 *
 * @example
 * ```ts
 * const seed = pickIdentity(createRng(1), 'val');
 * ```
 */
export function pickIdentity(rng: Rng, split: DatasetSplit, pool?: readonly number[]): number {
  if (pool !== undefined) {
    assertArgument(pool.length > 0, 'identities must not be empty');
    const seed = rng.pick(pool);
    assertArgument(
      Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
      `identities must hold identity seeds (integers in 0..4294967295), got ${seed}`,
    );
    return seed;
  }
  for (;;) {
    const seed = rng.int(0x80000000);
    if (identitySplit(seed) === split) return seed;
  }
}

/**
 * Draws a head pose (see {@link PoseOptions}).
 *
 * @example
 * ```ts
 * const { yaw, pitch, roll } = samplePose(createRng(1), { yawRange: 20 });
 * ```
 */
export function samplePose(rng: Rng, options: PoseOptions = {}): FacePose {
  const yawRange = nonNegative(options.yawRange ?? 30, 'pose.yawRange');
  const maxYaw = nonNegative(options.maxYaw ?? 60, 'pose.maxYaw');
  const wide = options.wideYawProbability ?? 0.15;
  assertArgument(wide >= 0 && wide <= 1, `pose.wideYawProbability must be in 0..1, got ${wide}`);
  assertArgument(
    maxYaw >= yawRange && maxYaw <= 90,
    `pose.maxYaw must be in yawRange..90, got ${maxYaw}`,
  );
  const yaw = rng.bool(wide)
    ? (rng.bool() ? 1 : -1) * rng.uniform(yawRange, maxYaw)
    : rng.uniform(-yawRange, yawRange);
  const maxPitch = nonNegative(options.maxPitch ?? 25, 'pose.maxPitch');
  const maxRoll = nonNegative(options.maxRoll ?? 20, 'pose.maxRoll');
  const pitchStd = nonNegative(options.pitchStd ?? 8, 'pose.pitchStd');
  const rollStd = nonNegative(options.rollStd ?? 6, 'pose.rollStd');
  return {
    yaw,
    pitch: clamp(rng.normal(0, pitchStd), -maxPitch, maxPitch),
    roll: clamp(rng.normal(0, rollStd), -maxRoll, maxRoll),
  };
}

/**
 * Draws a camera that frames the face as `options` asks (see {@link FramingOptions}).
 *
 * @example
 * ```ts
 * const camera = sampleCamera(createRng(1), { faceHeight: [0.6, 0.7] });
 * ```
 */
export function sampleCamera(rng: Rng, options: FramingOptions = {}): FaceCamera {
  const faceHeight = options.faceHeight ?? [0.45, 0.65];
  const fov = options.fovDeg ?? [12, 40];
  range(faceHeight, 'framing.faceHeight', 0.05, 2);
  range(fov, 'framing.fovDeg', 1, 120);
  const shift = nonNegative(options.shift ?? 0.05, 'framing.shift');
  const fovDeg = rng.uniform(fov[0], fov[1]);
  const fill = rng.uniform(faceHeight[0], faceHeight[1]);
  // A span H at distance d covers f·H/d pixels with f = size / (2·tan(fov/2)).
  const distance = templateFaceHeight() / (fill * 2 * Math.tan((fovDeg * Math.PI) / 360));
  return { fovDeg, distance, shift: [rng.uniform(-shift, shift), rng.uniform(-shift, shift)] };
}

/**
 * Draws the occluders of a scene: one `{ kind, seed }` with probability `probability`.
 *
 * @example
 * ```ts
 * const occluders = sampleOccluders(createRng(1), 0.2, ['hand', 'microphone']);
 * ```
 */
export function sampleOccluders(
  rng: Rng,
  probability: number,
  kinds: readonly OccluderKind[],
): FaceOccluderSpec[] {
  assertArgument(
    probability >= 0 && probability <= 1,
    `occluderProbability must be in 0..1, got ${probability}`,
  );
  assertArgument(
    kinds.length > 0 && kinds.every((k) => OCCLUDER_KINDS.includes(k)),
    `occluderKinds must be a non-empty list of ${OCCLUDER_KINDS.join(', ')}, got ${JSON.stringify(kinds)}`,
  );
  return rng.bool(probability) ? [{ kind: rng.pick(kinds), seed: rng.int(0x80000000) }] : [];
}

/**
 * The scene of a given identity and expression: pose, camera, light, background and occluders
 * drawn from independent streams of `rng`.
 *
 * @example
 * ```ts
 * const rng = createRng(1);
 * const scene = sampleView(rng, 42, sampleExpression(rng.fork('expression')), {});
 * ```
 */
export function sampleView(
  rng: Rng,
  identity: number,
  expression: SampledExpression,
  options: FaceSceneOptions,
): FaceScene {
  return {
    identity,
    expression: expression.weights,
    expressionKind: expression.kind,
    pose: samplePose(rng.fork('pose'), options.pose),
    camera: sampleCamera(rng.fork('camera'), options.framing),
    light: randomLight(rng.fork('light'), options.light),
    background: randomBackground(rng.fork('background'), options.background),
    occluders: sampleOccluders(
      rng.fork('occluders'),
      options.occluderProbability ?? 0.2,
      options.occluderKinds ?? OCCLUDER_KINDS,
    ),
  };
}

/**
 * Draws a whole face scene: an identity of `split`, an expression from `sampleExpression`, a
 * head pose (yaw mostly within ±30°, some up to ±60°; pitch and roll around 0), a camera of
 * random field of view at the distance that gives the face a random share of the picture, a
 * random light and background, and now and then an occluder. Each part comes from its own
 * stream, so changing the options of one part leaves the others as they were; the whole scene
 * is a function of the generator's state, which advances by one draw.
 *
 * @throws FreeAvatarError for an unknown split or an option out of range, naming it.
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * import { createFaceRenderer, sampleFaceScene } from '@freeavatar/synth';
 * const rng = createRng(1);
 * const renderer = createFaceRenderer({ size: 112 });
 * const scenes = Array.from({ length: 8 }, () => sampleFaceScene(rng, 'train', { occluderProbability: 0 }));
 * const images = scenes.map((scene) => renderer.render(scene).image);
 * ```
 */
export function sampleFaceScene(
  rng: Rng,
  split: DatasetSplit,
  options: FaceSceneOptions = {},
): FaceScene {
  assertArgument(
    DATASET_SPLITS.includes(split),
    `split must be one of ${DATASET_SPLITS.join(', ')}, got ${String(split)}`,
  );
  const base = createRng(rng.int(0x100000000));
  const identity = pickIdentity(base.fork('identity'), split, options.identities);
  const expression = sampleExpression(base.fork('expression'), options.expression);
  return sampleView(base, identity, expression, options);
}
