import {
  assertArgument,
  createRng,
  describeValue,
  type RgbImage,
  type Rng,
} from '@freeavatar/core';
import type { FaceScene } from '@freeavatar/synth';
import { addPixelNoise, gaussianBlur } from './image-perturbations.js';
import { darkenLight, occludeFace, turnHead } from './scene-perturbations.js';

/**
 * The perturbations `freeavatar eval encoder --perturb` knows: Gaussian blur and pixel noise
 * (applied to the finished pictures), a hand over the face, the head turned 30–45° and dark
 * lighting (applied to the synthetic scene before it is rendered).
 *
 * @example
 * ```ts
 * for (const id of PERTURBATION_IDS) console.log(builtInPerturbation(id).description);
 * ```
 */
export const PERTURBATION_IDS = ['blur', 'noise', 'occlusion', 'yaw', 'dark'] as const;

/**
 * One of {@link PERTURBATION_IDS}.
 *
 * @example
 * ```ts
 * const perturb: PerturbationId[] = ['blur', 'yaw'];
 * ```
 */
export type PerturbationId = (typeof PERTURBATION_IDS)[number];

/**
 * A change made to every face of a triplet set, to see how much a method's triplet accuracy
 * drops under it. `scene` changes a synthetic face before it is rendered (so it only applies to
 * rendered sets); `image` changes the finished picture (so it applies to any set). Both get a
 * generator seeded per face, so a perturbed set is the same on every run.
 *
 * @example
 * ```ts
 * const darker: Perturbation = {
 *   id: 'darker',
 *   label: 'darker',
 *   description: 'pixel values halved',
 *   image: (img) => ({ ...img, data: img.data.map((v) => v >> 1) }),
 * };
 * ```
 */
export interface Perturbation {
  /** Short id, file-name safe (e.g. `'blur'`). */
  readonly id: string;
  /** Column header in reports (e.g. `'blur'`). */
  readonly label: string;
  /** What it does, in words, with its parameters. */
  readonly description: string;
  /** Changes a synthetic face's scene before rendering. */
  readonly scene?: (scene: FaceScene, rng: Rng) => FaceScene;
  /** Changes a finished picture (returns a new one). */
  readonly image?: (image: RgbImage, rng: Rng) => RgbImage;
}

/**
 * Standard deviation of the `blur` perturbation as a fraction of the picture's shorter side:
 * 1.5 px on a 112 px face picture. Stronger blur mostly tests the face detector: on the 90
 * faces of 30 synthetic test triplets (seed 1), face-crop found 87 clean, 71 at 1.5 px and 47 at
 * 2 px.
 *
 * @example
 * ```ts
 * const sigma = BLUR_SIGMA_FRACTION * 224; // 3 px on a 224 px picture
 * ```
 */
export const BLUR_SIGMA_FRACTION = 1.5 / 112;

/**
 * Standard deviation of the `noise` perturbation as a fraction of the full range (≈ 8 of 255).
 * face-crop's detector is sensitive to noise: of the same 90 faces it found 86 at 0.02, 68 at
 * 0.03, 33 at 0.05 and 3 at 0.08.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@freeavatar/core';
 * declare const face: RgbImage;
 * const noisy = addPixelNoise(face, NOISE_STD, 1);
 * ```
 */
export const NOISE_STD = 0.03;

const MAKERS: Record<PerturbationId, () => Perturbation> = {
  blur: () => ({
    id: 'blur',
    label: 'blur',
    description:
      'Gaussian blur of the picture, σ = 1/75 of its side (1.5 px at 112 px), before face detection',
    image: (image) =>
      gaussianBlur(image, BLUR_SIGMA_FRACTION * Math.min(image.width, image.height)),
  }),
  noise: () => ({
    id: 'noise',
    label: 'noise',
    description:
      'Gaussian pixel noise, σ = 0.03 of the full range (≈ 8 of 255) per channel, before face detection',
    image: (image, rng) => addPixelNoise(image, NOISE_STD, rng.int(0x80000000)),
  }),
  occlusion: () => ({
    id: 'occlusion',
    label: 'occluder',
    description:
      'a hand over part of the face (palm and fingers, a quarter to a third of the face width), rendered into the scene in place of its own occluders',
    scene: (scene, rng) => occludeFace(scene, rng, ['hand']),
  }),
  yaw: () => ({
    id: 'yaw',
    label: 'yaw 30–45°',
    description: 'the head turned 30–45° left or right (the clean scenes mostly stay within ±30°)',
    scene: (scene, rng) => turnHead(scene, rng, [30, 45]),
  }),
  dark: () => ({
    id: 'dark',
    label: 'dark',
    description:
      'a dark room: ambient light 0.04–0.08 and a dim light (diffuse 0.3–0.45) from 45–75° to the side, background at a quarter of its brightness',
    scene: (scene, rng) => darkenLight(scene, rng),
  }),
};

/**
 * The built-in perturbation of an id (see {@link PERTURBATION_IDS}).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown id, naming the known ones.
 * @example
 * ```ts
 * import { createRng, type RgbImage } from '@freeavatar/core';
 * declare const face: RgbImage;
 * const blur = builtInPerturbation('blur'); // changes the picture: it has `image`, no `scene`
 * const soft = blur.image?.(face, createRng(1));
 * ```
 */
export function builtInPerturbation(id: PerturbationId): Perturbation {
  assertArgument(
    (PERTURBATION_IDS as readonly string[]).includes(id),
    `unknown perturbation '${String(id)}'; expected one of ${PERTURBATION_IDS.join(', ')}`,
  );
  return MAKERS[id]();
}

/**
 * The generator a perturbation gets for face `face` of a set made with `seed`: the same on every
 * run, different per perturbation and per face.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `seed` is not a finite number, `id` is not a
 *   string or `face` is not a non-negative integer.
 * @example
 * ```ts
 * const rng = perturbationRng(1, 'noise', 0);
 * ```
 */
export function perturbationRng(seed: number, id: string, face: number): Rng {
  assertArgument(typeof id === 'string', `id must be a string, got ${describeValue(id)}`);
  assertArgument(
    Number.isInteger(face) && face >= 0,
    `face must be a non-negative integer, got ${describeValue(face)}`,
  );
  return createRng(seed).fork(`perturbation:${id}`).fork(face);
}
