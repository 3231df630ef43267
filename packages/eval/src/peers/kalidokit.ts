import { FreeAvatarError, isNode } from '@freeavatar/core';
import { FACE_LANDMARKS, LANDMARK_COUNT, type Point3 } from '@freeavatar/face-crop';
import { FaceLocator, type FaceLocatorOptions } from './face-locator.js';
import { assertPeerFaces } from './faces.js';
import type { ExpressionFeatureMethod } from './types.js';

/**
 * The kalidokit face-solver outputs that {@link kalidokitMethod} returns, in order: eye openness
 * (kalidokit's `eye.l`, `eye.r`: 0 closed … 1 open), brow raise (`brow`, 0–1), mouth width and
 * opening (`mouth.x`, `mouth.y`) and the five vowel mouth shapes (`mouth.shape.A` … `U`, 0–1).
 * Head rotation and pupils are left out: the first is pose, not expression; for the second see
 * {@link withStandInIris}.
 *
 * @example
 * ```ts
 * declare const face: PeerFace;
 * const kalidokit = await kalidokitMethod();
 * const [v] = await kalidokit.features([face]);
 * const jaw = v[KALIDOKIT_OUTPUTS.indexOf('mouthY')];
 * ```
 */
export const KALIDOKIT_OUTPUTS = [
  'eyeL',
  'eyeR',
  'brow',
  'mouthX',
  'mouthY',
  'mouthA',
  'mouthE',
  'mouthI',
  'mouthO',
  'mouthU',
] as const;

/**
 * One of {@link KALIDOKIT_OUTPUTS}.
 *
 * @example
 * ```ts
 * const name: KalidokitOutput = 'mouthA';
 * ```
 */
export type KalidokitOutput = (typeof KALIDOKIT_OUTPUTS)[number];

/** The part of kalidokit's `Face` solver this module calls. */
interface KalidokitFace {
  solve(
    landmarks: { x: number; y: number; z: number }[],
    options: { runtime: 'tfjs' | 'mediapipe'; smoothBlink: boolean },
  ):
    | {
        eye: { l: number; r: number };
        brow: number;
        mouth: { x: number; y: number; shape: Record<'A' | 'E' | 'I' | 'O' | 'U', number> };
      }
    | undefined;
}

/** Loads kalidokit's face solver: its UMD build in Node (the ESM entry fails there). */
async function loadKalidokit(): Promise<KalidokitFace> {
  try {
    if (isNode()) {
      const { createRequire } = await import(/* @vite-ignore */ 'node:module');
      const require = createRequire(import.meta.url);
      return (require('kalidokit/dist/kalidokit.umd.js') as { Face: KalidokitFace }).Face;
    }
    const name = 'kalidokit';
    return ((await import(/* @vite-ignore */ name)) as { Face: KalidokitFace }).Face;
  } catch (cause) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      'Cannot load the kalidokit package (npm install kalidokit)',
      { subject: 'kalidokit', cause },
    );
  }
}

/** Eye contour points whose mean stands in for each iris centre, in MediaPipe iris order. */
const EYE_CENTRES = [
  // Iris points 468–472 belong to the eye around landmarks 33/133 (kalidokit's "left").
  [FACE_LANDMARKS.rightEyeOuter, FACE_LANDMARKS.rightEyeInner, 159, 145],
  // Iris points 473–477: the eye around landmarks 263/362.
  [FACE_LANDMARKS.leftEyeOuter, FACE_LANDMARKS.leftEyeInner, 386, 374],
];

/**
 * The 478 points kalidokit's face solver needs, from face-crop's 468: the face mesh has no iris,
 * and kalidokit computes eye openness, brows and pupils only when given 478 points (it returns
 * constants otherwise: eyes 1, brow 0, pupils 0). Eye openness and brows use mesh points only,
 * so this appends 10 stand-in iris points (for each eye, a centre at the mean of its corners and
 * mid-lid points, and four points around it at a fifth of the eye's width): kalidokit's eye and
 * brow outputs are then real, while its pupil output carries no gaze and is not used.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` unless given 468 points.
 * @example
 * ```ts
 * import type { DetectedFace } from '@freeavatar/face-crop';
 * declare const face: DetectedFace;
 * const points = withStandInIris(face.landmarks); // 478 points
 * ```
 */
export function withStandInIris(landmarks: readonly Point3[]): Point3[] {
  if (!Array.isArray(landmarks) || landmarks.length !== LANDMARK_COUNT) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `withStandInIris needs ${LANDMARK_COUNT} landmarks, got ${Array.isArray(landmarks) ? landmarks.length : String(landmarks)}`,
    );
  }
  const out = landmarks.map((p) => [p[0], p[1], p[2]] as Point3);
  for (const indices of EYE_CENTRES) {
    const c = [0, 1, 2].map((k) => indices.reduce((s, i) => s + landmarks[i][k], 0) / 4);
    const [outer, inner] = [landmarks[indices[0]], landmarks[indices[1]]];
    const r = Math.hypot(outer[0] - inner[0], outer[1] - inner[1]) / 5;
    out.push(
      [c[0], c[1], c[2]],
      [c[0] + r, c[1], c[2]],
      [c[0], c[1] - r, c[2]],
      [c[0] - r, c[1], c[2]],
      [c[0], c[1] + r, c[2]],
    );
  }
  return out;
}

/**
 * Options of {@link kalidokitMethod}.
 *
 * @example
 * ```ts
 * const options: KalidokitOptions = { missingFace: 'nan' };
 * ```
 */
export interface KalidokitOptions extends FaceLocatorOptions {
  /** Name in tables and plots. Default `'kalidokit'`. */
  name?: string;
}

/**
 * The kalidokit peer: face-crop's 468-point mesh (with {@link withStandInIris}) through the
 * kalidokit face solver (runtime `'tfjs'`, the pixel-coordinate face mesh it was tuned for; no
 * blink smoothing, each face on its own), giving the 10 {@link KALIDOKIT_OUTPUTS}. Use it as an
 * expression feature method, or drive an avatar with it through {@link linearRigMethod} and a
 * map fitted by {@link fitLinearRig}. Faces given as `DetectedFace` objects are used as they
 * are; plain crops are searched with a face cropper first.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when kalidokit cannot be loaded,
 *   `INVALID_ARGUMENT` for bad options; from `features`, for bad faces or (with
 *   `missingFace: 'throw'`) a crop without a face; `DISPOSED` after `dispose`.
 * @example
 * ```ts
 * import type { FaceCropper } from '@freeavatar/face-crop';
 * declare const cropper: FaceCropper;
 * const kalidokit = await kalidokitMethod();
 * const [v] = await kalidokit.features(await cropper.detect('smile.png'));
 * console.log(KALIDOKIT_OUTPUTS.map((name, i) => `${name} ${v[i].toFixed(2)}`).join(' '));
 * kalidokit.dispose();
 * ```
 */
export async function kalidokitMethod(
  options: KalidokitOptions = {},
): Promise<ExpressionFeatureMethod> {
  const locator = new FaceLocator(options);
  const face = await loadKalidokit();
  const solve = (landmarks: readonly Point3[]): Float32Array => {
    const points = withStandInIris(landmarks).map(([x, y, z]) => ({ x, y, z }));
    const r = face.solve(points, { runtime: 'tfjs', smoothBlink: false });
    if (r === undefined) return new Float32Array(KALIDOKIT_OUTPUTS.length).fill(Number.NaN);
    const { A, E, I, O, U } = r.mouth.shape;
    return Float32Array.of(r.eye.l, r.eye.r, r.brow, r.mouth.x, r.mouth.y, A, E, I, O, U);
  };
  return {
    name: options.name ?? 'kalidokit',
    distance: 'euclidean',
    async features(faces) {
      assertPeerFaces(faces, 'kalidokitMethod.features');
      const located = await locator.locate(faces);
      return located.map((f) =>
        f === undefined
          ? new Float32Array(KALIDOKIT_OUTPUTS.length).fill(Number.NaN)
          : solve(f.landmarks),
      );
    },
    dispose() {
      locator.dispose();
    },
  };
}
