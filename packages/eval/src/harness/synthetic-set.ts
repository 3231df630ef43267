import { assertArgument, progressReporter, type ProgressCallback } from '@freeavatar/core';
import {
  createFaceRenderer,
  createTripletSampler,
  type DatasetSplit,
  type SynthTriplet,
} from '@freeavatar/synth';
import type { Triplet } from '../metrics/triplet.js';
import { assertPerturbation } from '../perturb/perturb-set.js';
import { perturbationRng, type Perturbation } from '../perturb/perturbations.js';
import type { EvalFace, TripletSet } from './triplet-set.js';

/**
 * Options of {@link syntheticTripletSet}.
 *
 * @example
 * ```ts
 * const options: SyntheticSetOptions = { count: 90, seed: 1 };
 * ```
 */
export interface SyntheticSetOptions {
  /** Number of triplets, 1..100000. */
  count: number;
  /** Seed of the triplet sampler (any integer); the same seed gives the same triplets. */
  seed: number;
  /**
   * Identity split the faces are drawn from. Default `'test'`: identities no model is trained
   * or tuned on.
   */
  split?: DatasetSplit;
  /** Side of the square renders in pixels, 32..512. Default 112. */
  size?: number;
  /**
   * Renders every face under this perturbation (e.g. `builtInPerturbation('yaw')`): its
   * `scene` part changes the scene before rendering, its `image` part the picture after. Face
   * `k` (in set order) gets the generator `perturbationRng(seed, perturbation.id, k)`. The
   * triplets, labels and identities stay those of the clean set.
   */
  perturbation?: Perturbation;
  onProgress?: ProgressCallback;
}

/**
 * Renders `count` synthetic FEC-style triplets of `@freeavatar/synth` (by default of the test
 * split, identities no model has seen) as a {@link TripletSet}: each triplet's three faces
 * (anchor, positive, negative) become three faces of the set, labelled with the emotion category
 * of their expression and their identity id. Triplet `i` is `createTripletSampler({ split,
 * seed }).tripletAt(i)`, so a set is the same on every run. A 112 px face takes a few
 * milliseconds to render. With `perturbation`, the same triplets are rendered under it.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a count, seed, split or size out of range.
 * @example
 * ```ts
 * const set = await syntheticTripletSet({ count: 90, seed: 1 });
 * console.log(set.description, set.faces.length); // '90 synthetic triplets …', 270
 * ```
 */
export async function syntheticTripletSet(options: SyntheticSetOptions): Promise<TripletSet> {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  const { count, seed } = options;
  const split = options.split ?? 'test';
  const size = options.size ?? 112;
  assertArgument(
    Number.isInteger(count) && count >= 1 && count <= 100_000,
    `count must be an integer in 1..100000, got ${count}`,
  );
  assertArgument(Number.isSafeInteger(seed), `seed must be an integer, got ${seed}`);
  assertArgument(
    Number.isInteger(size) && size >= 32 && size <= 512,
    `size must be an integer in 32..512, got ${size}`,
  );
  const perturbation = options.perturbation;
  if (perturbation !== undefined) assertPerturbation(perturbation);
  const sampler = createTripletSampler({ split, seed });
  const renderer = createFaceRenderer({ size, categorizer: sampler.categorizer });
  const report = progressReporter(options.onProgress);
  const faces: EvalFace[] = [];
  const triplets: Triplet[] = [];
  for (let i = 0; i < count; i++) {
    const t: SynthTriplet = sampler.tripletAt(i);
    const base = faces.length;
    for (const role of [t.anchor, t.positive, t.negative]) {
      const rng = perturbation && perturbationRng(seed, perturbation.id, faces.length);
      const scene =
        rng && perturbation?.scene ? perturbation.scene(t.faces[role], rng) : t.faces[role];
      const { image: rendered, label } = renderer.render(scene);
      const image = rng && perturbation?.image ? perturbation.image(rendered, rng) : rendered;
      faces.push({
        image,
        emotion: t.emotions[role],
        identity: label.identity,
        source: `triplet ${i} face ${role + 1}`,
        view: { yaw: scene.pose.yaw, occluder: scene.occluders?.[0]?.kind ?? null },
      });
    }
    triplets.push({ anchor: base, positive: base + 1, negative: base + 2, type: t.type });
    report({ task: 'eval:render', done: i + 1, total: count, unit: 'triplets' });
    // Let timers and progress output run between triplets.
    if (i % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return {
    description:
      `${count} synthetic FEC-style triplets of the ${split} split ` +
      `(identities never used for training), seed ${seed}, ${size} px renders` +
      (perturbation ? `, under ${perturbation.description}` : ''),
    faces,
    triplets,
    details: {
      source: 'synthetic',
      split,
      seed,
      size,
      count,
      ...(perturbation ? { perturbation: perturbation.id } : {}),
    },
  };
}
