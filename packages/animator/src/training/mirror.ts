import * as tf from '@tensorflow/tfjs';
import { assertArgument, assertTensor, describeValue } from '@freeavatar/core';

/** Left/right spellings, tried in order: each pattern and how to build the other side. */
const SIDE_RULES: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^(.*)Left$/, (m) => `${m[1]}Right`],
  [/^(.*)Right$/, (m) => `${m[1]}Left`],
  [/^(.*[a-z0-9_.-])L$/, (m) => `${m[1]}R`],
  [/^(.*[a-z0-9_.-])R$/, (m) => `${m[1]}L`],
  [/^(.*[_.-])l$/, (m) => `${m[1]}r`],
  [/^(.*[_.-])r$/, (m) => `${m[1]}l`],
  [/^left(.*)$/, (m) => `right${m[1]}`],
  [/^right(.*)$/, (m) => `left${m[1]}`],
  [/^Left(.*)$/, (m) => `Right${m[1]}`],
  [/^Right(.*)$/, (m) => `Left${m[1]}`],
];

/**
 * The name a control would have on the other side of the face, by its spelling: `…Left` ↔
 * `…Right` (ARKit: `eyeBlinkLeft`, `mouthLeft`; also `lookLeft`), `…L` ↔ `…R` after a lowercase
 * letter, digit or separator (`winkL`, `brow_L`), `…_l` ↔ `…_r`, and `left…`/`Left…` ↔
 * `right…`/`Right…`. Undefined for a name with no side.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `name` is not a string.
 * @example
 * ```ts
 * mirrorControlName('eyeBlinkLeft'); // 'eyeBlinkRight'
 * mirrorControlName('smirkR'); // 'smirkL'
 * mirrorControlName('jawOpen'); // undefined
 * ```
 */
export function mirrorControlName(name: string): string | undefined {
  assertArgument(typeof name === 'string', `name must be a string, got ${describeValue(name)}`);
  for (const [pattern, other] of SIDE_RULES) {
    const match = name.match(pattern);
    if (match) return other(match);
  }
  return undefined;
}

/**
 * For each control, the index of the control it becomes when the face is mirrored left ↔ right:
 * its {@link mirrorControlName} when that name is in `controls` too, otherwise itself. Gathering
 * a rig by this permutation mirrors it (`eyeBlinkLeft` takes `eyeBlinkRight`'s value, and so
 * on); the permutation is its own inverse.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an empty list or duplicate names.
 * @example
 * ```ts
 * mirrorPermutation(['blink', 'winkL', 'winkR']); // Int32Array [0, 2, 1]
 * ```
 */
export function mirrorPermutation(controls: readonly string[]): Int32Array {
  assertArgument(
    Array.isArray(controls) && controls.length >= 1,
    'mirrorPermutation needs a non-empty list of control names',
  );
  const index = new Map<string, number>();
  controls.forEach((name, i) => {
    assertArgument(!index.has(name), `control "${name}" appears twice`);
    index.set(name, i);
  });
  const out = new Int32Array(controls.length);
  controls.forEach((name, i) => {
    const other = mirrorControlName(name);
    const j = other === undefined ? undefined : index.get(other);
    // Only pair controls whose counterpart names them back, so the map stays an involution.
    out[i] = j !== undefined && mirrorControlName(controls[j]) === name ? j : i;
  });
  return out;
}

/**
 * Mirrors rig vectors `[n, controls]` by a {@link mirrorPermutation}. The caller owns the result.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `rigs` is not a tensor, `permutation` not an
 *   Int32Array, or the permutation does not fit the rigs.
 * @example
 * ```ts
 * declare const rigs: tf.Tensor2D; // [n, controls.length]
 * declare const controls: string[];
 * const mirrored = mirrorRigs(rigs, mirrorPermutation(controls));
 * ```
 */
export function mirrorRigs(rigs: tf.Tensor2D, permutation: Int32Array): tf.Tensor2D {
  assertTensor(rigs, 'rigs');
  assertArgument(
    permutation instanceof Int32Array || Array.isArray(permutation),
    `permutation must be an Int32Array, got ${describeValue(permutation)}`,
  );
  assertArgument(
    rigs.rank === 2 && rigs.shape[1] === permutation.length,
    `rigs must have shape [n, ${permutation.length}] to match the permutation, got [${rigs?.shape}]`,
  );
  return tf.tidy(() => tf.gather(rigs, tf.tensor1d(permutation, 'int32'), 1));
}

/**
 * Mirrors images `[n, h, w, c]` left ↔ right. The caller owns the result.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for a tensor that is not rank 4.
 * @example
 * ```ts
 * declare const crops: tf.Tensor4D;
 * const flipped = mirrorImages(crops);
 * ```
 */
export function mirrorImages(images: tf.Tensor4D): tf.Tensor4D {
  assertArgument(
    images instanceof tf.Tensor && images.rank === 4,
    `images must be a [n, h, w, c] tensor, got ${images instanceof tf.Tensor ? `[${images.shape}]` : typeof images}`,
  );
  return tf.reverse(images, 2);
}
