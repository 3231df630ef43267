import * as tf from '@tensorflow/tfjs';
import {
  assertArgument,
  assertObject,
  progressReporter,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import {
  createSynthAnimatorData,
  mirrorAveragedRigs,
  mirrorImages,
  type AnimatorAvatarBatch,
  type AnimatorNetwork,
} from '@freeavatar/animator';
import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
import { createAvatarRenderer, type AvatarId } from '@freeavatar/synth';
import { expressionConsistency } from '../metrics/rig.js';
import { meanRig, medianRig } from './rig-scores.js';
import type { ActorView } from './view-scores.js';

/**
 * Options of {@link heldOutRigs}.
 *
 * @example
 * ```ts
 * import type { AnimatorNetwork } from '@freeavatar/animator';
 * import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
 * declare const network: AnimatorNetwork;
 * declare const encoder: ExpressionEncoder;
 * const options: HeldOutOptions = {
 *   network, encoder, avatars: ['human', 'toon'], count: 64, seed: 1001,
 * };
 * ```
 */
export interface HeldOutOptions {
  readonly network: AnimatorNetwork;
  /** The encoder whose pooled features the network reads. */
  readonly encoder: ExpressionEncoder;
  /** Avatars to score: ids of both the network and the synth world. */
  readonly avatars: readonly AvatarId[];
  /** Actors scored (every avatar sees the same ones). */
  readonly count: number;
  /** Seed of the test-split actors. */
  readonly seed: number;
  /** Actors rendered and encoded at once (default 32). */
  readonly batchSize?: number;
  /**
   * Also embed the avatar's true render and a render of the predicted rig with the encoder, and
   * report their cosine to the actor's embedding (default true).
   */
  readonly consistency?: boolean;
  /** Side of the avatar renders for the consistency figures (default 64). */
  readonly renderSize?: number;
  /**
   * Also predict each rig averaged over the actor's crop and its mirror image
   * (`mirrorAveragedRigs`, what the animator's `mirrorAverage` option does); default false.
   */
  readonly mirrorAverage?: boolean;
  readonly onProgress?: ProgressCallback;
}

/** Expression consistency of one avatar (mean cosine of encoder embeddings). */
export interface HeldOutConsistency {
  /** Actor crop against the avatar's true render: what a perfect rig would reach. */
  readonly truth: number;
  /** Actor crop against the avatar rendered with the predicted rig. */
  readonly predicted: number;
}

/** One avatar's held-out predictions. */
export interface HeldOutAvatar {
  readonly avatar: AvatarId;
  /** The avatar's control names, the order of every vector. */
  readonly controls: readonly string[];
  readonly predicted: Float32Array[];
  /** With `mirrorAverage`: the rigs averaged over each crop and its mirror image; else `null`. */
  readonly mirrorAveraged: Float32Array[] | null;
  readonly truth: Float32Array[];
  /** `null` when `consistency` was off. */
  readonly consistency: HeldOutConsistency | null;
}

/** What {@link heldOutRigs} gives: per avatar predictions and truth, and one example actor. */
export interface HeldOutRigs {
  readonly avatars: readonly HeldOutAvatar[];
  /** How each actor was seen (head yaw, occluder), in the order of every avatar's vectors. */
  readonly views: readonly ActorView[];
  readonly count: number;
  readonly seed: number;
  readonly seconds: number;
}

function checkCount(value: number, name: string, max: number): void {
  assertArgument(
    Number.isInteger(value) && value >= 1 && value <= max,
    `${name} must be an integer in 1..${max}, got ${value}`,
  );
}

/** Rig vectors of a `[n, k]` tensor. */
async function rows(t: tf.Tensor2D): Promise<Float32Array[]> {
  const [n, k] = t.shape;
  const values = (await t.data()) as Float32Array;
  return Array.from({ length: n }, (_, i) => values.slice(i * k, (i + 1) * k));
}

function disposeBatch(parts: readonly AnimatorAvatarBatch[]): void {
  const seen = new Set<tf.Tensor>();
  for (const p of parts) for (const t of [p.crops, p.rigs, p.renders]) if (t) seen.add(t);
  tf.dispose([...seen]);
}

/**
 * Predicts the rigs of held-out synthetic actors: `count` actors of the synth **test** identity
 * split (`createSynthAnimatorData` with `split: 'test'`, crops at the encoder's input size), each
 * through the encoder's pooled feature and the network for every avatar, beside the avatars'
 * true rigs (`retarget` of the actor's ARKit weights). With `consistency`, also the mean cosine
 * between the actor's 16-d embedding and those of the avatar's true render and of its render
 * with the predicted rig (synth's avatar rasterizer). Each actor's view (head yaw, occluder)
 * comes beside, for `keyControlsByView`. No tensor escapes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, for a bad count,
 *   seed or batch size, a missing network or encoder, or an avatar the network does not drive.
 * @example
 * ```ts
 * import type { AnimatorNetwork } from '@freeavatar/animator';
 * import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
 * declare const network: AnimatorNetwork;
 * declare const encoder: ExpressionEncoder;
 * const held = await heldOutRigs({
 *   network, encoder, avatars: ['human', 'toon', 'robot'], count: 256, seed: 1001,
 * });
 * console.log(held.avatars[0].predicted.length); // 256
 * ```
 */
export async function heldOutRigs(options: HeldOutOptions): Promise<HeldOutRigs> {
  assertObject(options, 'options');
  const { network, encoder, avatars, count, seed } = options;
  const batchSize = options.batchSize ?? 32;
  const withConsistency = options.consistency ?? true;
  checkCount(count, 'count', 1_000_000);
  checkCount(batchSize, 'batchSize', 1024);
  assertArgument(Array.isArray(avatars) && avatars.length > 0, 'avatars must not be empty');
  assertObject(network, 'options.network');
  assertObject(encoder, 'options.encoder');
  const specs = network.avatars();
  for (const id of avatars) {
    assertArgument(
      specs.some((s) => s.id === id),
      `the animator network does not drive avatar '${id}'; it drives ${specs.map((s) => s.id).join(', ')}`,
    );
  }
  const started = performance.now();
  const report = progressReporter(options.onProgress);
  const data = createSynthAnimatorData({
    avatars,
    split: 'test',
    seed,
    batchSize,
    cropSize: encoder.config.imageSize,
    alignment: encoder.config.alignment,
    renderSize: options.renderSize ?? 64,
  });
  const renderer = withConsistency
    ? createAvatarRenderer({ size: options.renderSize ?? 64 })
    : undefined;
  const out = avatars.map((avatar) => ({
    avatar,
    controls: specs.find((s) => s.id === avatar)!.controls,
    predicted: [] as Float32Array[],
    mirrorAveraged: [] as Float32Array[],
    truth: [] as Float32Array[],
    actor: [] as Float32Array[],
    trueRender: [] as Float32Array[],
    predRender: [] as Float32Array[],
  }));
  const views: ActorView[] = [];
  const steps = Math.ceil(count / batchSize);
  for (let step = 0; step < steps; step++) {
    const take = Math.min(batchSize, count - step * batchSize);
    for (let i = 0; i < take; i++) {
      const scene = data.actorScene(step * batchSize + i);
      views.push({ yaw: scene.pose.yaw, occluder: scene.occluders?.[0]?.kind ?? null });
    }
    const batch = data.batchAt(step);
    try {
      const crops = batch.avatars[0].crops;
      const used = take < batchSize ? tf.slice(crops, 0, take) : crops;
      const { features, embeddings } = await encoder.run(used);
      const toInput = (rows: Float32Array[]) =>
        tf.tensor2d(
          rows.flatMap((f) => Array.from(f)),
          [rows.length, network.config.featureSize],
        );
      const input = toInput(features);
      let flipped: tf.Tensor2D | undefined;
      if (options.mirrorAverage === true) {
        const mirroredCrops = mirrorImages(used);
        flipped = toInput(await encoder.features(mirroredCrops));
        mirroredCrops.dispose();
      }
      if (used !== crops) used.dispose();
      try {
        for (const [a, part] of batch.avatars.entries()) {
          const rec = out[a];
          if (flipped !== undefined) {
            const averaged = tf.tidy(() =>
              mirrorAveragedRigs(network, input, flipped!, part.avatar),
            );
            rec.mirrorAveraged.push(...(await rows(averaged)));
            averaged.dispose();
          }
          const pred = tf.tidy(() => network.predict(input, part.avatar));
          const truthRows = tf.tidy(() => tf.slice(part.rigs, 0, take));
          const predicted = await rows(pred);
          const truth = await rows(truthRows);
          tf.dispose([pred, truthRows]);
          rec.predicted.push(...predicted);
          rec.truth.push(...truth);
          if (renderer === undefined) continue;
          rec.actor.push(...embeddings);
          const trueRenders = tf.tidy(() => tf.slice(part.renders!, 0, take));
          rec.trueRender.push(...(await encoder.embed(trueRenders)));
          trueRenders.dispose();
          const images: RgbImage[] = predicted.map((rig) => renderer.render(rec.avatar, rig));
          rec.predRender.push(...(await encoder.embed(images)));
        }
      } finally {
        input.dispose();
        flipped?.dispose();
      }
    } finally {
      disposeBatch(batch.avatars);
    }
    report({
      task: 'eval:held-out',
      done: Math.min(count, (step + 1) * batchSize),
      total: count,
      unit: 'actors',
    });
  }
  return {
    avatars: out.map((r) => ({
      avatar: r.avatar,
      controls: r.controls,
      predicted: r.predicted,
      mirrorAveraged: options.mirrorAverage === true ? r.mirrorAveraged : null,
      truth: r.truth,
      consistency:
        renderer === undefined
          ? null
          : {
              truth: expressionConsistency(r.actor, r.trueRender),
              predicted: expressionConsistency(r.actor, r.predRender),
            },
    })),
    views,
    count,
    seed,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Options of {@link trainingMeanRigs}.
 *
 * @example
 * ```ts
 * const options: TrainingMeanOptions = { avatars: ['toon'], count: 256, seed: 7 };
 * ```
 */
export interface TrainingMeanOptions {
  readonly avatars: readonly AvatarId[];
  /** Training-split actors averaged. */
  readonly count: number;
  /** Seed of those actors: use another one than training and evaluation did. */
  readonly seed: number;
}

/**
 * The mean true rig of each avatar over `count` actors of the synth **train** split: the rig a
 * model that ignores its input would best predict on squared error. Crops and renders are made
 * tiny (only the rigs are used). No tensor escapes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, for a bad count or
 *   seed, or an unknown avatar.
 * @example
 * ```ts
 * const means = trainingMeanRigs({ avatars: ['human', 'toon'], count: 256, seed: 7 });
 * means.toon; // Float32Array of 21 mean control values
 * ```
 */
export function trainingMeanRigs(options: TrainingMeanOptions): Record<string, Float32Array> {
  return mapRecord(trainingRigs(options), meanRig);
}

/**
 * The per-control median true rig of each avatar over `count` actors of the synth **train**
 * split (same actors as {@link trainingMeanRigs} for the same options): the rig a model that
 * ignores its input would best predict on absolute error. No tensor escapes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, for a bad count or
 *   seed, or an unknown avatar.
 * @example
 * ```ts
 * const medians = trainingMedianRigs({ avatars: ['human'], count: 256, seed: 7 });
 * medians.human; // Float32Array of 52 values, most of them 0
 * ```
 */
export function trainingMedianRigs(options: TrainingMeanOptions): Record<string, Float32Array> {
  return mapRecord(trainingRigs(options), medianRig);
}

/**
 * Both constant baselines at once, {@link trainingMeanRigs} and {@link trainingMedianRigs}, from
 * one pass over the same train actors. No tensor escapes.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, for a bad count or
 *   seed, or an unknown avatar.
 * @example
 * ```ts
 * const { mean, median } = trainingBaselineRigs({ avatars: ['toon'], count: 256, seed: 7 });
 * ```
 */
export function trainingBaselineRigs(options: TrainingMeanOptions): {
  mean: Record<string, Float32Array>;
  median: Record<string, Float32Array>;
} {
  const rigs = trainingRigs(options);
  return { mean: mapRecord(rigs, meanRig), median: mapRecord(rigs, medianRig) };
}

function mapRecord<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

function trainingRigs(options: TrainingMeanOptions): Record<string, Float32Array[]> {
  assertObject(options, 'options');
  const { avatars, count, seed } = options;
  checkCount(count, 'count', 1_000_000);
  const batchSize = Math.min(64, count);
  const data = createSynthAnimatorData({
    avatars,
    split: 'train',
    seed,
    batchSize,
    cropSize: 16,
    renderSize: 8,
  });
  const rigs: Float32Array[][] = avatars.map(() => []);
  let n = 0;
  for (let step = 0; n < count; step++) {
    const batch = data.batchAt(step);
    try {
      const take = Math.min(batchSize, count - n);
      batch.avatars.forEach((part, a) => {
        const [, k] = part.rigs.shape;
        const values = part.rigs.dataSync();
        for (let i = 0; i < take; i++)
          rigs[a].push(values.slice(i * k, (i + 1) * k) as Float32Array);
      });
      n += take;
    } finally {
      disposeBatch(batch.avatars);
    }
  }
  return Object.fromEntries(avatars.map((id, a) => [id, rigs[a]]));
}
