import { assertArgument, type RgbImage, type Rng } from '@freeavatar/core';
import {
  OCCLUDER_KINDS,
  type BackgroundSpec,
  type FaceScene,
  type OccluderKind,
  type RgbColor,
} from '@freeavatar/synth';

function assertRange(value: readonly [number, number], name: string, lo: number, hi: number): void {
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

function assertScene(scene: FaceScene): void {
  assertArgument(
    scene !== null && typeof scene === 'object' && typeof scene.pose === 'object',
    `scene must be a FaceScene of @freeavatar/synth, got ${scene === null ? 'null' : typeof scene}`,
  );
}

/**
 * The scene with the head turned beyond the usual range: `|yaw|` uniform in `range` degrees
 * (default 30–45), to the left or the right with equal odds; pitch, roll and everything else as
 * they were.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed scene or a range outside 0..90.
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * import type { FaceScene } from '@freeavatar/synth';
 * declare const scene: FaceScene;
 * const turned = turnHead(scene, createRng(3)); // |turned.pose.yaw| in 30..45
 * ```
 */
export function turnHead(
  scene: FaceScene,
  rng: Rng,
  range: readonly [number, number] = [30, 45],
): FaceScene {
  assertScene(scene);
  assertRange(range, 'yaw range', 0, 90);
  const sign = rng.bool() ? 1 : -1;
  return { ...scene, pose: { ...scene.pose, yaw: sign * rng.uniform(range[0], range[1]) } };
}

/**
 * The scene with one occluder over the face in place of any it had: an occluder of one of
 * `kinds` (default a hand: palm and fingers over a third of the face width) from a seed drawn
 * from `rng`, which the renderer places over the face's box.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed scene or an unknown kind.
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * import type { FaceScene } from '@freeavatar/synth';
 * declare const scene: FaceScene;
 * const covered = occludeFace(scene, createRng(3)); // covered.occluders: [{ kind: 'hand', seed }]
 * ```
 */
export function occludeFace(
  scene: FaceScene,
  rng: Rng,
  kinds: readonly OccluderKind[] = ['hand'],
): FaceScene {
  assertScene(scene);
  assertArgument(
    Array.isArray(kinds) && kinds.length > 0 && kinds.every((k) => OCCLUDER_KINDS.includes(k)),
    `kinds must be a non-empty list of ${OCCLUDER_KINDS.join(', ')}, got ${JSON.stringify(kinds)}`,
  );
  return { ...scene, occluders: [{ kind: rng.pick(kinds), seed: rng.int(0x80000000) }] };
}

/**
 * Options of {@link darkenLight}: ranges drawn uniformly per scene.
 *
 * @example
 * ```ts
 * const dim: DarkLightOptions = { ambient: [0.02, 0.05], background: 0.2 };
 * ```
 */
export interface DarkLightOptions {
  /** Ambient term; default [0.04, 0.08] (the usual scenes have 0.2–0.5). */
  ambient?: readonly [number, number];
  /** Diffuse term; default [0.3, 0.45] (usually 0.5–0.9). */
  diffuse?: readonly [number, number];
  /** Angle in degrees between the light and the camera axis; default [45, 75] (from the side). */
  angleDeg?: readonly [number, number];
  /** Factor on the background's colours, 0..1; default 0.25. */
  background?: number;
}

const scale = (c: RgbColor, f: number): RgbColor => [c[0] * f, c[1] * f, c[2] * f];

function dimImage(image: RgbImage, f: number): RgbImage {
  return { ...image, data: image.data.map((v) => Math.round(v * f)) };
}

function dimBackground(
  background: FaceScene['background'],
  f: number,
): FaceScene['background'] | undefined {
  if (background === undefined) return undefined;
  if (!('kind' in background)) return dimImage(background, f);
  const spec: BackgroundSpec = background;
  switch (spec.kind) {
    case 'flat':
      return { ...spec, color: scale(spec.color, f) };
    case 'gradient':
      return { ...spec, from: scale(spec.from, f), to: scale(spec.to, f) };
    case 'noise':
      return { ...spec, colors: [scale(spec.colors[0], f), scale(spec.colors[1], f)] };
    case 'photo':
      return { ...spec, image: dimImage(spec.image, f) };
    default:
      return spec;
  }
}

/**
 * The scene in a dark room: a weak ambient term and a dim light from the side (so that part of
 * the face falls into shadow), and the background darkened by a factor. The light keeps the
 * scene's colour tint; its direction is drawn anew at `angleDeg` from the camera axis, any way
 * around it.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a malformed scene or options out of range.
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * import type { FaceScene } from '@freeavatar/synth';
 * declare const scene: FaceScene;
 * const dark = darkenLight(scene, createRng(3)); // dark.light.ambient in 0.04..0.08
 * ```
 */
export function darkenLight(scene: FaceScene, rng: Rng, options: DarkLightOptions = {}): FaceScene {
  assertScene(scene);
  const ambient = options.ambient ?? [0.04, 0.08];
  const diffuse = options.diffuse ?? [0.3, 0.45];
  const angle = options.angleDeg ?? [45, 75];
  const factor = options.background ?? 0.25;
  assertRange(ambient, 'ambient', 0, 10);
  assertRange(diffuse, 'diffuse', 0, 10);
  assertRange(angle, 'angleDeg', 0, 180);
  assertArgument(
    Number.isFinite(factor) && factor >= 0 && factor <= 1,
    `background must be a factor in 0..1, got ${factor}`,
  );
  const theta = (rng.uniform(angle[0], angle[1]) * Math.PI) / 180;
  const phi = rng.uniform(0, 2 * Math.PI);
  const background = dimBackground(scene.background, factor);
  return {
    ...scene,
    light: {
      direction: [
        Math.sin(theta) * Math.cos(phi),
        Math.sin(theta) * Math.sin(phi),
        Math.cos(theta),
      ],
      ambient: rng.uniform(ambient[0], ambient[1]),
      diffuse: rng.uniform(diffuse[0], diffuse[1]),
      ...(scene.light?.color === undefined ? {} : { color: scene.light.color }),
    },
    ...(background === undefined ? {} : { background }),
  };
}
