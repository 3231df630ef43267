import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument, assertObject } from '@freeavatar/core';
import {
  optimizeStep,
  type ExpressionModel,
  type ParamOptimizer,
  type Params,
  type StepFunction,
} from '@freeavatar/expression-encoder';
import type { AnimatorNetwork } from '../network/animator-network.js';
import type { NeuralRenderer } from '../renderer/neural-renderer.js';
import type { AnimatorAvatarBatch, AnimatorBatch } from './animator-batch.js';
import {
  animatorLoss,
  embedImages,
  type AnimatorLossParts,
  type AnimatorLossWeights,
} from './animator-loss.js';
import { mirrorImages, mirrorPermutation } from './mirror.js';

/**
 * What {@link animatorTrainingStep} needs.
 *
 * @example
 * ```ts
 * import type { ExpressionModel, ParamOptimizer } from '@freeavatar/expression-encoder';
 * declare const network: AnimatorNetwork;
 * declare const encoder: ExpressionModel;
 * declare const renderers: Record<string, NeuralRenderer>;
 * declare const optimizer: ParamOptimizer;
 * const setup: AnimatorStepSetup = {
 *   network, encoder, renderers, optimizer, params: network.params, weights: ANIMATOR_LOSS_WEIGHTS,
 * };
 * ```
 */
export interface AnimatorStepSetup {
  readonly network: AnimatorNetwork;
  /** The frozen encoder: features, mirrored features and embeddings come from it. */
  readonly encoder: ExpressionModel;
  /** Frozen neural renderers by the network's avatar id (image and perceptual terms). */
  readonly renderers: Readonly<Record<string, NeuralRenderer>>;
  readonly optimizer: ParamOptimizer;
  /** The variables to update (all of the network's, or one avatar's). */
  readonly params: Params;
  readonly weights: AnimatorLossWeights;
  /** Only these avatars' batch parts are used (default all). */
  readonly only?: string;
  /** Rescale gradients whose global norm exceeds this (default none). */
  readonly clipNorm?: number;
  /**
   * Per avatar, a weight per control of the rig absolute-error term (default 1 for every
   * control); see {@link rigL1ControlWeights}.
   */
  readonly rigL1Controls?: Readonly<Record<string, ArrayLike<number>>>;
}

/** The fields of {@link AnimatorStepSetup} that every step needs. */
const SETUP_OBJECTS = [
  'network',
  'encoder',
  'renderers',
  'optimizer',
  'params',
  'weights',
] as const;

/** Encoder outputs of one crops tensor: never trained, so computed outside the gradient. */
interface FrozenActor {
  features: tf.Tensor2D;
  mirrored: tf.Tensor2D;
  embeddings: tf.Tensor2D;
}

function checkPart(setup: AnimatorStepSetup, part: AnimatorAvatarBatch, k: number): void {
  const { network, encoder, renderers, weights } = setup;
  const spec = network.avatars().find((a) => a.id === part.avatar);
  if (spec === undefined) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `batch part ${k} is for avatar ${JSON.stringify(part.avatar)}, which the network does not drive`,
    );
  }
  const size = encoder.config.imageSize;
  assertArgument(
    part.crops instanceof tf.Tensor &&
      tf.util.arraysEqual(part.crops.shape.slice(1), [size, size, 3]) &&
      part.crops.shape[0] >= 1,
    `batch part ${k} (${part.avatar}): crops must be [n, ${size}, ${size}, 3] for the encoder, got [${part.crops?.shape}]`,
  );
  const n = part.crops.shape[0];
  assertArgument(
    part.rigs instanceof tf.Tensor &&
      tf.util.arraysEqual(part.rigs.shape, [n, spec.controls.length]),
    `batch part ${k} (${part.avatar}): rigs must be [${n}, ${spec.controls.length}], got [${part.rigs?.shape}]`,
  );
  const l1 = setup.rigL1Controls?.[part.avatar];
  assertArgument(
    l1 === undefined || l1.length === spec.controls.length,
    `rigL1Controls.${part.avatar} has ${l1?.length} weights, the avatar has ${spec.controls.length} controls`,
  );
  if (weights.image > 0 || weights.perceptual > 0) {
    const renderer = renderers[part.avatar];
    assertArgument(
      renderer !== undefined,
      `no neural renderer for avatar ${part.avatar}: the image and perceptual terms need one`,
    );
    assertArgument(
      renderer.config.rigSize === spec.controls.length,
      `the ${part.avatar} renderer takes ${renderer.config.rigSize} controls, the network predicts ${spec.controls.length}`,
    );
    const s = renderer.config.imageSize;
    assertArgument(
      weights.image === 0 ||
        (part.renders instanceof tf.Tensor &&
          tf.util.arraysEqual(part.renders.shape, [n, s, s, 3])),
      `batch part ${k} (${part.avatar}): renders must be [${n}, ${s}, ${s}, 3], got [${part.renders?.shape}]`,
    );
  }
}

/**
 * One animator training step over a batch: runs the frozen encoder on each distinct crops
 * tensor (features, features of the mirrored crops, embeddings), then, under the gradient, for
 * each avatar part predicts rigs with dropout, renders them with the avatar's frozen neural
 * renderer, embeds the render with the frozen encoder, and takes {@link animatorLoss}; the step's
 * loss is the mean over parts. Only `setup.params` are updated. Reports the loss, the gradient
 * norm and each term's mean over parts.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a `setup` missing one of its objects, a part
 *   of an unknown avatar, tensors of the wrong shape, a missing renderer, or a batch with no
 *   part to train.
 * @example
 * ```ts
 * import { createRng } from '@freeavatar/core';
 * declare const setup: AnimatorStepSetup; // network, encoder, renderers, optimizer, ...
 * declare const batch: AnimatorBatch;
 * const step = animatorTrainingStep(setup);
 * const metrics = await step(batch, { step: 0, rng: createRng(1) });
 * ```
 */
export function animatorTrainingStep(setup: AnimatorStepSetup): StepFunction<AnimatorBatch> {
  assertObject(setup, 'setup');
  for (const key of SETUP_OBJECTS) assertObject(setup[key], `setup.${key}`);
  const { network, encoder, renderers, weights } = setup;
  const permutations = new Map<string, Int32Array>();
  const permutation = (id: string): Int32Array => {
    let perm = permutations.get(id);
    if (perm === undefined) {
      const spec = network.avatars().find((a) => a.id === id);
      perm = mirrorPermutation(spec?.controls ?? []);
      permutations.set(id, perm);
    }
    return perm;
  };
  return async (batch, context) => {
    assertArgument(
      batch !== null && typeof batch === 'object' && Array.isArray(batch.avatars),
      'an animator batch must be { avatars: [...] }',
    );
    const parts = batch.avatars.filter((p) => setup.only === undefined || p.avatar === setup.only);
    assertArgument(
      parts.length > 0,
      `the batch has no part to train${setup.only === undefined ? '' : ` for avatar ${setup.only}`}`,
    );
    parts.forEach((p, k) => checkPart(setup, p, k));
    const frozen = new Map<number, FrozenActor>();
    const kept: { name: keyof AnimatorLossWeights; value: tf.Scalar }[] = [];
    const dropoutSeed = context.rng.int(0x40000000);
    try {
      for (const part of parts) {
        if (frozen.has(part.crops.id)) continue;
        frozen.set(
          part.crops.id,
          tf.tidy(() => {
            const crops = tf.cast(part.crops, 'float32') as tf.Tensor4D;
            const { features, embeddings } = encoder.run(crops);
            return { features, embeddings, mirrored: encoder.features(mirrorImages(crops)) };
          }),
        );
      }
      const { loss, gradNorm } = await optimizeStep(
        setup.params,
        setup.optimizer,
        () => {
          const totals = parts.map((part, k) => {
            const actor = frozen.get(part.crops.id) as FrozenActor;
            const seed = dropoutSeed + 2 * k;
            const predicted = network.predict(actor.features, part.avatar, {
              training: true,
              seed,
            });
            const renderer = renderers[part.avatar];
            const rendered =
              weights.image > 0 || weights.perceptual > 0 ? renderer.render(predicted) : undefined;
            const { total, parts: terms } = animatorLoss(
              {
                predicted,
                target: part.rigs,
                sampleWeights: part.sampleWeights,
                rigL1ControlWeights:
                  setup.rigL1Controls?.[part.avatar] === undefined
                    ? undefined
                    : tf.tensor1d(Array.from(setup.rigL1Controls[part.avatar])),
                rendered,
                targetImages: part.renders,
                actorEmbeddings: actor.embeddings,
                renderedEmbeddings:
                  weights.perceptual > 0 && rendered !== undefined
                    ? embedImages(encoder, rendered)
                    : undefined,
                predictedMirrored:
                  weights.symmetry > 0
                    ? network.predict(actor.mirrored, part.avatar, {
                        training: true,
                        seed: seed + 1,
                      })
                    : undefined,
                permutation: permutation(part.avatar),
              },
              weights,
            );
            for (const [name, value] of Object.entries(terms) as [
              keyof AnimatorLossParts,
              tf.Scalar,
            ][]) {
              kept.push({ name, value: tf.keep(value) });
            }
            return total;
          });
          return tf.div(
            totals.reduce((a, b) => tf.add(a, b)),
            totals.length,
          ) as tf.Scalar;
        },
        { clipNorm: setup.clipNorm },
      );
      const metrics: Record<string, number> = { loss, gradNorm };
      for (const { name, value } of kept) {
        metrics[name] = (metrics[name] ?? 0) + (await value.data())[0] / parts.length;
      }
      return metrics as { loss: number } & Record<string, number>;
    } finally {
      for (const actor of frozen.values())
        tf.dispose([actor.features, actor.mirrored, actor.embeddings]);
      tf.dispose(kept.map((k) => k.value));
    }
  };
}
