import * as tf from '@tensorflow/tfjs';
import { assertArgument, assertArray, assertTensor } from '@freeavatar/core';

/**
 * The triplet types of the FEC convention: ONE_CLASS (all three faces share an expression
 * class), TWO_CLASS (two do), THREE_CLASS (three different classes).
 *
 * @example
 * ```ts
 * declare const type: string; // e.g. read from a CSV
 * (TRIPLET_TYPES as readonly string[]).includes(type); // is it a known triplet type?
 * ```
 */
export const TRIPLET_TYPES = ['ONE_CLASS', 'TWO_CLASS', 'THREE_CLASS'] as const;

/** One of {@link TRIPLET_TYPES}. */
export type TripletType = (typeof TRIPLET_TYPES)[number];

/**
 * The margin of each triplet type: 0.1 within a class, 0.2 across classes.
 *
 * @example
 * ```ts
 * TRIPLET_MARGINS.ONE_CLASS; // 0.1
 * ```
 */
export const TRIPLET_MARGINS = {
  ONE_CLASS: 0.1,
  TWO_CLASS: 0.2,
  THREE_CLASS: 0.2,
} as const satisfies Record<TripletType, number>;

/** How distances between embeddings are measured in {@link tripletLoss}. */
export type TripletDistance = 'euclidean' | 'squared';

/**
 * The per-triplet margins of a batch, from each triplet's type.
 *
 * @example
 * ```ts
 * tripletMargins(['ONE_CLASS', 'THREE_CLASS']); // Float32Array [0.1, 0.2]
 * ```
 */
export function tripletMargins(
  types: readonly TripletType[],
  margins: Readonly<Record<TripletType, number>> = TRIPLET_MARGINS,
): Float32Array {
  assertArray(types, 'types');
  const out = new Float32Array(types.length);
  types.forEach((type, i) => {
    assertArgument(
      (TRIPLET_TYPES as readonly string[]).includes(type),
      `types[${i}] must be one of ${TRIPLET_TYPES.join(', ')}, got ${String(type)}`,
    );
    out[i] = margins[type];
  });
  return out;
}

function pairDistance(a: tf.Tensor2D, b: tf.Tensor2D, kind: TripletDistance): tf.Tensor1D {
  const squared = tf.sum(tf.square(tf.sub(a, b)), -1) as tf.Tensor1D;
  // The floor keeps the square root's gradient finite for identical embeddings.
  return kind === 'squared' ? squared : (tf.sqrt(tf.maximum(squared, 1e-12)) as tf.Tensor1D);
}

/**
 * The symmetric triplet margin loss: for each triplet (a, p, n) with margin m,
 * `max(0, d(a,p) − d(a,n) + m) + max(0, d(p,a) − d(p,n) + m)`, averaged over the batch. The
 * second term is the loss with anchor and positive swapped, so both members of the similar
 * pair are pushed away from the odd one out.
 *
 * @param anchor - `[n, e]` embeddings (normally unit length).
 * @param margin - one margin for all triplets, or one per triplet (see {@link tripletMargins}).
 * @param distance - `'euclidean'` (default, as PyTorch's `TripletMarginLoss`) or `'squared'`.
 * @example
 * ```ts
 * declare const batch: TripletBatch;
 * declare const ea: tf.Tensor2D, ep: tf.Tensor2D, en: tf.Tensor2D; // embeddings of the batch
 * const loss = tripletLoss(ea, ep, en, tripletMargins(batch.types));
 * ```
 */
export function tripletLoss(
  anchor: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
  margin: number | ArrayLike<number> | tf.Tensor1D,
  distance: TripletDistance = 'euclidean',
): tf.Scalar {
  assertTensor(anchor, 'anchor');
  assertTensor(positive, 'positive');
  assertTensor(negative, 'negative');
  const n = anchor.shape[0];
  assertArgument(
    anchor.rank === 2 &&
      tf.util.arraysEqual(anchor.shape, positive.shape) &&
      tf.util.arraysEqual(anchor.shape, negative.shape),
    `anchor, positive and negative must share one [n, e] shape, got [${anchor.shape}], [${positive.shape}], [${negative.shape}]`,
  );
  assertArgument(
    distance === 'euclidean' || distance === 'squared',
    `distance must be 'euclidean' or 'squared', got ${String(distance)}`,
  );
  if (typeof margin !== 'number') {
    const length = margin instanceof tf.Tensor ? margin.shape[0] : margin.length;
    assertArgument(length === n, `margin needs one value per triplet (${n}), got ${length}`);
  }
  return tf.tidy(() => {
    const m =
      typeof margin === 'number'
        ? tf.scalar(margin)
        : margin instanceof tf.Tensor
          ? margin
          : tf.tensor1d(Array.from(margin));
    const ap = pairDistance(anchor, positive, distance);
    const an = pairDistance(anchor, negative, distance);
    const pn = pairDistance(positive, negative, distance);
    const forward = tf.relu(tf.add(tf.sub(ap, an), m));
    const swapped = tf.relu(tf.add(tf.sub(ap, pn), m));
    return tf.mean(tf.add(forward, swapped)) as tf.Scalar;
  });
}
