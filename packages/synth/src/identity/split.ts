import { assertArgument } from '@freeavatar/core';

/**
 * Which part of a dataset an identity belongs to.
 *
 * @example
 * ```ts
 * const split: DatasetSplit = identitySplit(17);
 * ```
 */
export type DatasetSplit = 'train' | 'val' | 'test';

/**
 * The splits, in order.
 *
 * @example
 * ```ts
 * for (const split of DATASET_SPLITS) console.log(split, identitySeeds(split, 3));
 * ```
 */
export const DATASET_SPLITS: readonly DatasetSplit[] = ['train', 'val', 'test'];

function assertSeed(seed: number): void {
  assertArgument(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
    `identity seed must be an integer in 0..4294967295, got ${seed}`,
  );
}

/** FNV-1a of the identity id, then a final avalanche, as an unsigned 32-bit number. */
function identityHash(seed: number): number {
  const text = identityId(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * The id of the identity sampled from `seed`: `"identity-<seed>"`.
 *
 * @example
 * ```ts
 * identityId(42); // 'identity-42'
 * ```
 */
export function identityId(seed: number): string {
  assertSeed(seed);
  return `identity-${seed}`;
}

/**
 * The split an identity belongs to, fixed by its seed: the FNV-1a hash of its id (plus a final
 * avalanche) modulo 10 gives buckets 0–7 train (80%), 8 val (10%), 9 test (10%). No identity is
 * ever in two splits.
 *
 * @throws FreeAvatarError unless `seed` is an integer in 0..2³²−1.
 * @example
 * ```ts
 * import { identitySplit } from '@freeavatar/synth';
 * declare const seed: number;
 * declare function useForTraining(seed: number): void;
 * if (identitySplit(seed) === 'train') useForTraining(seed);
 * ```
 */
export function identitySplit(seed: number): DatasetSplit {
  const bucket = identityHash(seed) % 10;
  return bucket < 8 ? 'train' : bucket === 8 ? 'val' : 'test';
}

/**
 * The first `count` identity seeds of a split, scanning seeds upwards from `start` (default 0).
 *
 * @example
 * ```ts
 * import { identitySeeds } from '@freeavatar/synth';
 * const testSeeds = identitySeeds('test', 20);
 * ```
 */
export function identitySeeds(split: DatasetSplit, count: number, start = 0): number[] {
  assertArgument(
    DATASET_SPLITS.includes(split),
    `split must be one of ${DATASET_SPLITS.join(', ')}, got ${String(split)}`,
  );
  assertArgument(
    Number.isInteger(count) && count >= 0,
    `count must be a non-negative integer, got ${count}`,
  );
  assertSeed(start);
  const out: number[] = [];
  for (let seed = start; out.length < count; seed++) {
    assertArgument(
      seed <= 0xffffffff,
      `ran out of seeds looking for ${count} ${split} identities from ${start}`,
    );
    if (identitySplit(seed) === split) out.push(seed);
  }
  return out;
}
