import { assertArgument, createRng, type RgbImage } from '@freeavatar/core';
import type { Emotion } from '../expressions/prototypes.js';
import {
  sampleExpression,
  type ExpressionKind,
  type ExpressionSamplerOptions,
} from '../expressions/sampler.js';
import { createAvatarRenderer } from './avatar-renderer.js';
import { getAvatar, retarget } from './registry.js';
import type { Avatar, AvatarId } from './types.js';

/**
 * Options of {@link createAvatarPairStream}.
 *
 * @example
 * ```ts
 * const options: AvatarPairStreamOptions = { avatar: 'robot', size: 64, seed: 3 };
 * ```
 */
export interface AvatarPairStreamOptions {
  avatar: AvatarId;
  /** Side of the square renders in pixels (8..2048). */
  size: number;
  /** Seed of the expression sampler (default 0). Sample `i` depends only on seed and `i`. */
  seed?: number;
  /** Supersampling of renders (default 2). */
  supersample?: number;
  /** Options of the ARKit expression sampler. */
  expressions?: ExpressionSamplerOptions;
}

/**
 * One training pair: a sampled ARKit expression, its ground-truth rig, and the avatar render.
 *
 * @example
 * ```ts
 * const pair: AvatarPair = createAvatarPairStream({ avatar: 'toon', size: 64 }).pairAt(5);
 * console.log(pair.kind, pair.rig);
 * ```
 */
export interface AvatarPair {
  index: number;
  avatar: AvatarId;
  /** The sampled ARKit-52 weights (ARKit order). */
  arkit: Float32Array;
  /** `retarget(avatar, arkit)`: one value in [0, 1] per rig control. */
  rig: Float32Array;
  /** How the expression was sampled. */
  kind: ExpressionKind;
  /** Emotion mixture the expression came from, when it came from prototypes. */
  emotions: Partial<Record<Emotion, number>>;
  /** The avatar posed by `rig`, front view, fixed light. */
  image: RgbImage;
}

/**
 * A deterministic, random-access source of {@link AvatarPair}s.
 *
 * @example
 * ```ts
 * const stream: AvatarPairStream = createAvatarPairStream({ avatar: 'human', size: 96 });
 * const labels = stream.labelsAt(10); // no rendering
 * ```
 */
export interface AvatarPairStream {
  readonly avatar: Avatar;
  readonly size: number;
  readonly seed: number;
  /** Expression and rig of sample `index` without rendering. */
  labelsAt(index: number): Omit<AvatarPair, 'image'>;
  /** Sample `index`, rendered. */
  pairAt(index: number): AvatarPair;
}

/**
 * Makes paired data for an avatar: ARKit expressions from `sampleExpression` (prototypes, blends,
 * subtle and one-sided ones, winks, rare controls), their ground-truth rig vectors through
 * {@link retarget}, and renders of the avatar in that rig. Sample `i` depends only on the seed
 * and `i`, so shards can be made in any order or in parallel.
 *
 * @throws FreeAvatarError for an unknown avatar, a bad size or a bad seed.
 * @example
 * ```ts
 * import { createAvatarPairStream } from '@freeavatar/synth';
 * const stream = createAvatarPairStream({ avatar: 'toon', size: 64, seed: 1 });
 * const { rig, image } = stream.pairAt(0);
 * console.log(rig.length, image.width); // 21 64
 * ```
 */
export function createAvatarPairStream(options: AvatarPairStreamOptions): AvatarPairStream {
  assertArgument(
    options !== null && typeof options === 'object',
    'avatar pair options must be an object',
  );
  const avatar = getAvatar(options.avatar);
  const seed = options.seed ?? 0;
  assertArgument(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
    `seed must be an integer in 0..4294967295, got ${seed}`,
  );
  const renderer = createAvatarRenderer({ size: options.size, supersample: options.supersample });
  const root = createRng(seed).fork(`avatar-pairs:${avatar.id}`);

  const labelsAt = (index: number): Omit<AvatarPair, 'image'> => {
    assertArgument(
      Number.isInteger(index) && index >= 0,
      `index must be a non-negative integer, got ${index}`,
    );
    const expression = sampleExpression(root.fork(index), options.expressions);
    return {
      index,
      avatar: avatar.id,
      arkit: expression.weights,
      rig: retarget(avatar.id, expression.weights),
      kind: expression.kind,
      emotions: expression.emotions,
    };
  };

  return {
    avatar,
    size: renderer.size,
    seed,
    labelsAt,
    pairAt(index) {
      const labels = labelsAt(index);
      return { ...labels, image: renderer.render(avatar, labels.rig) };
    },
  };
}
