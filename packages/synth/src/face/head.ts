import { assertArgument } from '@freeavatar/core';
import {
  ARKIT_BLENDSHAPE_COUNT,
  blendshapeIndex,
  toWeightVector,
  type BlendshapeWeights,
} from '../blendshapes/arkit.js';
import {
  eyeRotationMatrix,
  eyeRotations,
  jawAffine,
  type EyeRotation,
} from '../blendshapes/rig.js';
import { DEFAULT_APPEARANCE, type Appearance } from './appearance.js';
import { buildBrows } from './brows.js';
import { buildEars, buildNeck } from './ears-neck.js';
import { fitEyeball, type EyeballFit } from './eyeball-fit.js';
import { buildEyeSocket, buildEyeball } from './eyes.js';
import { faceColors, facialHairCoverage, withFacialHair } from './face-colors.js';
import type { FaceMesh, MeshPart } from './face-mesh.js';
import { getDefaultFaceModel, type FaceModel } from './face-model.js';
import type { Vec3 } from './face-template.js';
import { buildGlasses } from './glasses.js';
import { buildHair, buildSkull, skullFrame, sweepSkull } from './head-shell.js';
import { LANDMARK } from './landmarks.js';
import { buildMouthInterior } from './mouth-interior.js';
import { evaluatePart, type RiggedPart, type RigState } from './rigged-part.js';

/**
 * What makes one head different from another; every field is optional.
 *
 * @example
 * ```ts
 * const options: HeadOptions = { scale: 1.05, skull: [1.02, 1, 0.98], appearance: DEFAULT_APPEARANCE };
 * const head = createHead(options);
 * ```
 */
export interface HeadOptions {
  /** Identity shape: displacement of the 468 skin vertices from the template (468 × 3, cm). */
  shape?: Float32Array;
  /** Colours and accessories. Default {@link DEFAULT_APPEARANCE}. */
  appearance?: Appearance;
  /** Uniform scale of the whole head (default 1, adult ≈ 0.9–1.1). */
  scale?: number;
  /** Width, height and depth factors of the skull behind the face (default [1, 1, 1]). */
  skull?: [number, number, number];
  /** Ear size factor (default 1). */
  earSize?: number;
  /** Neck width factor (default 1). */
  neckWidth?: number;
  /** A per-head number that varies iris and hair texture (default 0). */
  variation?: number;
  /** The face model to build on. Default: the shared {@link getDefaultFaceModel}. */
  model?: FaceModel;
}

/**
 * An eye in one evaluated frame (head space, scaled).
 *
 * @example
 * ```ts
 * const { left } = createHead().evaluate({ eyeLookUpLeft: 1 }).eyes;
 * console.log(left.gaze); // y > 0: looking up
 * ```
 */
export interface EyeState {
  /** Centre of the eyeball. */
  center: Vec3;
  /** Unit gaze direction. */
  gaze: Vec3;
  /** Eyeball radius. */
  radius: number;
  rotation: EyeRotation;
}

/**
 * One evaluated expression of a head.
 *
 * @example
 * ```ts
 * const frame: HeadFrame = createHead().evaluate({ jawOpen: 0.4 });
 * const noseTip = frame.landmarks.slice(3 * 4, 3 * 4 + 3);
 * ```
 */
export interface HeadFrame {
  mesh: FaceMesh;
  /** The 468 skin vertices (landmarks in MediaPipe numbering), x y z, head space, scaled. */
  landmarks: Float32Array;
  eyes: { left: EyeState; right: EyeState };
}

/**
 * A head bound to the rig: evaluate it at any ARKit weights.
 *
 * @example
 * ```ts
 * const head: Head = createHead(sampleIdentity(3));
 * const parts = head.mesh({ browInnerUp: 1 }).parts;
 * ```
 */
export interface Head {
  /** The head's neutral skin (468 × 3, cm, before `scale`). */
  readonly neutral: Float32Array;
  readonly appearance: Appearance;
  readonly scale: number;
  /** The whole head at `weights` (default neutral), with landmarks and eye states. */
  evaluate(weights?: BlendshapeWeights): HeadFrame;
  /** Shorthand for `evaluate(weights).mesh`. */
  mesh(weights?: BlendshapeWeights): FaceMesh;
}

const ZERO_WEIGHTS = new Float32Array(ARKIT_BLENDSHAPE_COUNT);

/**
 * Builds a head: the identity-shaped skin with eyeballs, lids, mouth interior, brows, skull,
 * ears, neck, hair and optional glasses, bound to the 52 ARKit blendshapes. Building costs a
 * few milliseconds; `evaluate` then costs well under a millisecond.
 *
 * @throws FreeAvatarError when `shape` is not 468 × 3 long or `scale` is not positive.
 * @example
 * ```ts
 * import { createHead, mergeFaceMesh } from '@freeavatar/synth';
 * const head = createHead();
 * const frame = head.evaluate({ mouthSmileLeft: 0.8, mouthSmileRight: 0.8, eyeBlinkLeft: 1 });
 * const mesh = mergeFaceMesh(frame.mesh); // one TriangleMesh for the rasterizer
 * ```
 */
export function createHead(options: HeadOptions = {}): Head {
  const model = options.model ?? getDefaultFaceModel();
  const { template, blendshapes } = model;
  const n = template.positions.length;
  const appearance = options.appearance ?? DEFAULT_APPEARANCE;
  const scale = options.scale ?? 1;
  assertArgument(
    Number.isFinite(scale) && scale > 0,
    `scale must be a positive number, got ${scale}`,
  );
  const skull = options.skull ?? [1, 1, 1];
  assertArgument(
    skull.length === 3 && skull.every((k) => Number.isFinite(k) && k > 0),
    `skull must be three positive factors, got [${skull.join(', ')}]`,
  );
  const neutral = template.positions.slice();
  if (options.shape) {
    assertArgument(
      options.shape.length === n,
      `shape must have length ${n} (468 vertices × xyz), got ${options.shape.length}`,
    );
    for (let i = 0; i < n; i++) neutral[i] += options.shape[i];
  }
  const variation = options.variation ?? 0;
  const eyes: { left: EyeballFit; right: EyeballFit } = {
    left: fitEyeball(neutral, 'left'),
    right: fitEyeball(neutral, 'right'),
  };
  const frame = skullFrame(template, neutral, skull);
  const sweep = sweepSkull(template, neutral, frame);
  const mouthY = neutral[3 * LANDMARK.mouthCornerLeft + 1];
  const noseY = neutral[3 * 2 + 1];
  const skullPart = buildSkull(sweep, (v) => {
    const base: Vec3 = [...appearance.skin];
    const front = v.t < 0.3 ? 1 - v.t / 0.3 : 0;
    return withFacialHair(
      base,
      appearance,
      front * facialHairCoverage(v.p, appearance, mouthY, noseY),
    );
  });
  const [earLeft, earRight] = buildEars(frame, appearance, options.earSize ?? 1);
  const parts: RiggedPart[] = [
    buildEyeball(eyes.left, appearance, 'left', variation),
    buildEyeball(eyes.right, appearance, 'right', variation + 1.3),
    buildEyeSocket(template, neutral, eyes.left, 'left'),
    buildEyeSocket(template, neutral, eyes.right, 'right'),
    ...buildMouthInterior(template, neutral, appearance),
    buildBrows(template, neutral, appearance),
    skullPart,
    earLeft,
    earRight,
    buildNeck(frame, appearance, options.neckWidth ?? 1),
  ];
  const hair = buildHair(sweep, appearance, variation);
  if (hair) parts.push(hair);
  const glasses = buildGlasses(neutral, eyes, frame, appearance);
  if (glasses) parts.push(glasses);
  const colors = faceColors(template, neutral, appearance);
  const tongueIndex = blendshapeIndex('tongueOut');
  const weights = new Float32Array(ARKIT_BLENDSHAPE_COUNT);

  const eyeState = (fit: EyeballFit, rotation: EyeRotation): EyeState => {
    const m = eyeRotationMatrix(rotation);
    return {
      center: [fit.center[0] * scale, fit.center[1] * scale, fit.center[2] * scale],
      gaze: [m[2], m[5], m[8]],
      radius: fit.radius * scale,
      rotation,
    };
  };

  const evaluate = (input: BlendshapeWeights = ZERO_WEIGHTS): HeadFrame => {
    const w = toWeightVector(input, weights);
    const faceDelta = blendshapes.apply(w);
    const gaze = eyeRotations(w);
    const state: RigState = {
      faceDelta,
      jaw: jawAffine(w, template.jawPivot),
      tongueOut: w[tongueIndex],
      scale,
    };
    const rotations = {
      eyeLeft: eyeRotationMatrix(gaze.left),
      eyeRight: eyeRotationMatrix(gaze.right),
    };
    const landmarks = new Float32Array(n);
    for (let i = 0; i < n; i++) landmarks[i] = (neutral[i] + faceDelta[i]) * scale;
    const face: MeshPart = {
      name: 'face',
      material: { specular: 0.3, shininess: 22, subsurface: 0.3 },
      positions: landmarks.slice(),
      indices: template.triangles.slice(),
      colors: colors.slice(),
    };
    const mesh: FaceMesh = {
      parts: [
        face,
        ...parts.map((part) =>
          evaluatePart(part, {
            ...state,
            eyeRotation:
              part.name === 'eyeLeft'
                ? rotations.eyeLeft
                : part.name === 'eyeRight'
                  ? rotations.eyeRight
                  : undefined,
          }),
        ),
      ],
    };
    return {
      mesh,
      landmarks,
      eyes: { left: eyeState(eyes.left, gaze.left), right: eyeState(eyes.right, gaze.right) },
    };
  };

  return {
    neutral,
    appearance,
    scale,
    evaluate,
    mesh: (input) => evaluate(input).mesh,
  };
}
