// The synthetic test triplets' faces as the encoder evaluation renders them (112 px), clean or
// under one of its perturbations with the same random draws, with their true 2D landmarks; shared
// by the measurement scripts beside this file.
import { PERTURBATION_IDS, builtInPerturbation, perturbationRng } from '@freeavatar/eval';
import { createFaceRenderer, createTripletSampler } from '@freeavatar/synth';

/**
 * The perturbation a script's command line names (`undefined` for none), or `null` when the id
 * is not one of the evaluation's.
 */
export function namedPerturbation(id) {
  if (id === undefined) return undefined;
  return PERTURBATION_IDS.includes(id) ? builtInPerturbation(id) : null;
}

/** The `[blur|noise|…]` part of a usage line. */
export const PERTURBATION_USAGE = `[${PERTURBATION_IDS.join('|')}]`;

/**
 * Triplets 0 to `count − 1` of the test split (seed `seed`), each as `{ triplet, faces }` with one
 * `{ image, landmarks2d }` per face in `triplet.faces` order. The evaluation lists each triplet's
 * faces as anchor, positive, negative, and its face k draws from `perturbationRng(seed, id, k)`;
 * so do these.
 */
export function* evaluationTriplets({ count, seed, perturbation }) {
  const sampler = createTripletSampler({ split: 'test', seed });
  const renderer = createFaceRenderer({ size: 112, categorizer: sampler.categorizer });
  for (let i = 0; i < count; i++) {
    const triplet = sampler.tripletAt(i);
    const order = [triplet.anchor, triplet.positive, triplet.negative];
    const faces = triplet.faces.map((original, j) => {
      const rng = perturbation && perturbationRng(seed, perturbation.id, 3 * i + order.indexOf(j));
      const scene = perturbation?.scene ? perturbation.scene(original, rng) : original;
      const { image, landmarks2d } = renderer.render(scene);
      return {
        image: perturbation?.image ? perturbation.image(image, rng) : image,
        landmarks2d,
      };
    });
    yield { triplet, faces };
  }
}
