import * as tf from '@tensorflow/tfjs';
import type { FaceAlignment } from '@freeavatar/face-crop';
import { assertArgument, type RgbImage } from '@freeavatar/core';
import {
  DATASET_SPLITS,
  DEFAULT_KIND_WEIGHTS,
  EXPRESSION_KINDS,
  createAlignedFaceRenderer,
  createAvatarRenderer,
  createFaceSceneStream,
  getAvatar,
  retarget,
  type AvatarId,
  type DatasetSplit,
  type ExpressionKind,
  type FaceScene,
} from '@freeavatar/synth';
import { imagesToBatch } from '../renderer/train-renderer.js';
import type { AnimatorAvatarBatch, AnimatorBatch } from './animator-batch.js';

/**
 * Options of {@link createSynthAnimatorData}.
 *
 * @example
 * ```ts
 * const options: SynthAnimatorDataOptions = {
 *   avatars: ['human', 'toon', 'robot'], batchSize: 16, seed: 1,
 * };
 * ```
 */
export interface SynthAnimatorDataOptions {
  /** The avatars to pair actors with (their ids are the network's avatar ids). */
  readonly avatars: readonly AvatarId[];
  /** Actors per avatar per step (default 16). */
  readonly batchSize?: number;
  /** Side of the aligned actor crops: the encoder's input size (default 64). */
  readonly cropSize?: number;
  /**
   * How the actor crops are aligned: the encoder's (`encoder.config.alignment`; default
   * `'eyes-mouth'`).
   */
  readonly alignment?: FaceAlignment;
  /** Side of the true avatar renders: the neural renderers' size (default 64). */
  readonly renderSize?: number;
  /** Seeds actors, expressions and views; step `k` depends only on seed and `k` (default 0). */
  readonly seed?: number;
  /**
   * Show every avatar the same actors in a step (default true: one encoder pass and one set of
   * face renders per step instead of one per avatar).
   */
  readonly shareActors?: boolean;
  /**
   * How many times more often than the synth sampler's default the rare-control and wink
   * expressions are drawn (frown, pucker, mouth left/right, one-eye blinks...; default 2).
   */
  readonly rareBoost?: number;
  /**
   * The synth identity split the actors come from (default `'train'`). Held-out evaluation
   * passes `'test'`, so that it scores the network on people it never saw in training.
   */
  readonly split?: DatasetSplit;
}

/**
 * Synthetic animator data: actors from one split of the synth face world (train by default), and
 * per avatar their ground-truth rigs and true renders.
 *
 * @example
 * ```ts
 * const data: SynthAnimatorData = createSynthAnimatorData({ avatars: ['robot'] });
 * ```
 */
export interface SynthAnimatorData {
  /** The batch of step `step`, rendered now. The caller owns its tensors. */
  batchAt(step: number): AnimatorBatch;
  /** Batches from `startStep` on, for `trainAnimator`'s `data`. */
  batches(startStep: number): AsyncIterable<AnimatorBatch>;
  /** Aligned crops `[count, s, s, 3]` of resting faces (neutral expression, no occluder). */
  neutralCrops(count: number): tf.Tensor4D;
  /**
   * Per avatar, the share of the stream's first `count` actors (as training draws them) whose
   * true rig shows each control above `threshold` (default 0.1). Reads expressions only; renders
   * nothing.
   */
  controlShares(count: number, threshold?: number): Record<string, Float32Array>;
  /**
   * The scene of actor `index` of the stream, for rendering it another way (e.g. a whole frame
   * for a method that finds faces itself). With `shareActors` (the default), batch `step` shows
   * actors `step · batchSize …`; otherwise avatar `a` of that batch shows actors
   * `(step · avatars + a) · batchSize …`.
   */
  actorScene(index: number): FaceScene;
}

/** The synth sampler's kind weights with the rare-control and wink kinds boosted. */
function boostedKinds(boost: number): Record<ExpressionKind, number> {
  const out = { ...DEFAULT_KIND_WEIGHTS };
  out.rare *= boost;
  out.wink *= boost;
  return out;
}

function integerIn(value: number, min: number, max: number, what: string): void {
  assertArgument(
    Number.isInteger(value) && value >= min && value <= max,
    `${what} must be an integer in ${min}..${max}, got ${value}`,
  );
}

/**
 * Makes animator training data from the synth world. Step `k`, avatar `a`, sample `i` is the
 * face scene `k · batchSize + i` of a scene stream on the `split` identity split (random identity,
 * pose, camera, light, background and occluder as synth draws them; expressions from the synth
 * sampler with rare controls and winks drawn `rareBoost` times as often), rendered and cut to
 * face-crop's aligned crop (`createAlignedFaceRenderer`), with ground truth
 * `retarget(avatar, arkit)` and the avatar's front render of that rig. Deterministic in the seed
 * and step, so resumed runs see the same batches.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown or repeated avatar, or a bad size,
 *   batch size, seed, boost or split.
 * @example
 * ```ts
 * import { createSynthAnimatorData, trainAnimator } from '@freeavatar/animator';
 * import type { ExpressionModel } from '@freeavatar/expression-encoder';
 * declare const encoder: ExpressionModel;
 * declare const renderers: Record<string, NeuralRenderer>; // human, toon and robot
 * const data = createSynthAnimatorData({
 *   avatars: ['human', 'toon', 'robot'], batchSize: 16, seed: 1,
 * });
 * await trainAnimator({ encoder, renderers, steps: 2000, seed: 1,
 *   data: (start) => data.batches(start), neutralCrops: () => data.neutralCrops(64) });
 * ```
 */
export function createSynthAnimatorData(options: SynthAnimatorDataOptions): SynthAnimatorData {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  const batchSize = options.batchSize ?? 16;
  const cropSize = options.cropSize ?? 64;
  const renderSize = options.renderSize ?? 64;
  const seed = options.seed ?? 0;
  const shareActors = options.shareActors ?? true;
  const rareBoost = options.rareBoost ?? 2;
  const split = options.split ?? 'train';
  assertArgument(
    DATASET_SPLITS.includes(split),
    `split must be one of ${DATASET_SPLITS.join(', ')}, got ${String(split)}`,
  );
  integerIn(batchSize, 1, 1024, 'batchSize');
  integerIn(cropSize, 11, 682, 'cropSize');
  integerIn(renderSize, 8, 2048, 'renderSize');
  integerIn(seed, 0, 0xffffffff, 'seed');
  assertArgument(
    Number.isFinite(rareBoost) && rareBoost >= 0 && rareBoost <= 100,
    `rareBoost must be a number in 0..100, got ${rareBoost}`,
  );
  assertArgument(
    Array.isArray(options.avatars) && options.avatars.length >= 1,
    'avatars must list at least one avatar',
  );
  const avatars = options.avatars.map((id) => getAvatar(id).id);
  assertArgument(
    new Set(avatars).size === avatars.length,
    `avatars must not repeat, got ${avatars.join(', ')}`,
  );
  const faces = createAlignedFaceRenderer({ size: cropSize, alignment: options.alignment });
  const avatarRenderer = createAvatarRenderer({ size: renderSize });
  const scenes = createFaceSceneStream({
    split,
    seed,
    expression: { kindWeights: boostedKinds(rareBoost) },
  });
  const neutralScenes = createFaceSceneStream({
    split,
    seed: (seed + 0x6e657574) >>> 0,
    expression: {
      kindWeights: Object.fromEntries(EXPRESSION_KINDS.map((k) => [k, k === 'neutral' ? 1 : 0])),
      gazeProbability: 0,
    },
    occluderProbability: 0,
  });

  const part = (
    avatar: AvatarId,
    crops: tf.Tensor4D,
    arkit: Float32Array[],
  ): AnimatorAvatarBatch => {
    const rigs = arkit.map((weights) => retarget(avatar, weights));
    const size = rigs[0].length;
    const flat = new Float32Array(rigs.length * size);
    rigs.forEach((rig, i) => flat.set(rig, i * size));
    return {
      avatar,
      crops,
      rigs: tf.tensor2d(flat, [rigs.length, size]),
      renders: imagesToBatch(rigs.map((rig) => avatarRenderer.render(avatar, rig))),
    };
  };

  const actors = (first: number): { crops: tf.Tensor4D; arkit: Float32Array[] } => {
    const images: RgbImage[] = [];
    const arkit: Float32Array[] = [];
    for (let i = 0; i < batchSize; i++) {
      const scene = scenes.sceneAt(first + i);
      images.push(faces.render(scene).image);
      arkit.push(scene.expression);
    }
    return { crops: imagesToBatch(images), arkit };
  };

  const batchAt = (step: number): AnimatorBatch => {
    assertArgument(
      Number.isSafeInteger(step) && step >= 0,
      `step must be a non-negative integer, got ${step}`,
    );
    const perStep = shareActors ? batchSize : batchSize * avatars.length;
    const parts: AnimatorAvatarBatch[] = [];
    try {
      const shared = shareActors ? actors(step * perStep) : undefined;
      avatars.forEach((avatar, a) => {
        const own = shared ?? actors(step * perStep + a * batchSize);
        parts.push(part(avatar, own.crops, own.arkit));
      });
    } catch (err) {
      for (const p of parts) tf.dispose([p.crops, p.rigs, p.renders as tf.Tensor]);
      throw err;
    }
    return { avatars: parts };
  };

  return {
    batchAt,
    async *batches(startStep) {
      for (let step = startStep; ; step++) yield batchAt(step);
    },
    neutralCrops(count) {
      integerIn(count, 1, 100_000, 'count');
      const images = Array.from(
        { length: count },
        (_, i) => faces.render(neutralScenes.sceneAt(i)).image,
      );
      return imagesToBatch(images);
    },
    controlShares(count, threshold = 0.1) {
      integerIn(count, 1, 1_000_000, 'count');
      assertArgument(
        Number.isFinite(threshold) && threshold >= 0 && threshold < 1,
        `threshold must be a number in [0, 1), got ${threshold}`,
      );
      const shown: Float32Array[] = [];
      for (let i = 0; i < count; i++) {
        const expression = scenes.sceneAt(i).expression;
        avatars.forEach((avatar, a) => {
          const rig = retarget(avatar, expression);
          shown[a] ??= new Float32Array(rig.length);
          for (let c = 0; c < rig.length; c++) if (rig[c] > threshold) shown[a][c] += 1;
        });
      }
      return Object.fromEntries(
        avatars.map((avatar, a) => [avatar, shown[a].map((n) => n / count)]),
      );
    },
    actorScene(index) {
      assertArgument(
        Number.isSafeInteger(index) && index >= 0,
        `index must be a non-negative integer, got ${index}`,
      );
      return scenes.sceneAt(index);
    },
  };
}
