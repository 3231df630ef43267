import { assertArgument, createRng, type Rng } from '@freeavatar/core';
import { sampleExpression, type SampledExpression } from '../expressions/sampler.js';
import { DATASET_SPLITS, identitySeeds, type DatasetSplit } from '../identity/split.js';
import { pickIdentity, sampleView, type FaceSceneOptions } from '../render/face-scene.js';
import type { FaceScene } from '../render/types.js';

/** Consecutive sample indices that share one set of identities. */
export const IDENTITY_BLOCK = 256;

/**
 * Options of a seeded stream of face scenes: which split, which seed, how identities are
 * drawn, and the scene options of `sampleFaceScene`.
 *
 * @example
 * ```ts
 * const options: FaceStreamOptions = { split: 'train', seed: 1, identityCount: 500, identityReuse: 16 };
 * ```
 */
export interface FaceStreamOptions extends Omit<FaceSceneOptions, 'identities'> {
  split: DatasetSplit;
  /** Any integer; the same seed gives the same stream. */
  seed: number;
  /**
   * Size of the identity population: the first `identityCount` identity seeds of the split.
   * Default: unbounded (every block of 256 samples draws fresh identities of the split).
   */
  identityCount?: number;
  /**
   * About how many samples show each identity a block draws (default 16): each block of 256
   * consecutive samples draws `256 / identityReuse` identities and spreads its samples over
   * them, so a renderer builds each head once per block.
   */
  identityReuse?: number;
}

/**
 * A random-access stream of face scenes; sample `i` depends only on the options and `i`.
 *
 * @example
 * ```ts
 * const stream: FaceSceneStream = createFaceSceneStream({ split: 'train', seed: 1 });
 * const scene = stream.sceneAt(12345);
 * ```
 */
export interface FaceSceneStream {
  readonly options: Readonly<FaceStreamOptions>;
  /** The scene of sample `index` (a non-negative integer). */
  sceneAt(index: number): FaceScene;
  /** The identity seeds that samples of block `block` (indices `256·block …`) show. */
  identitiesOfBlock(block: number): readonly number[];
  /** A scene of `expression` with an identity of `block` and a view drawn from `rng`. */
  sceneWith(rng: Rng, block: number, expression: SampledExpression): FaceScene;
}

function checkIndex(index: number, name: string): void {
  assertArgument(
    Number.isSafeInteger(index) && index >= 0,
    `${name} must be a non-negative integer, got ${index}`,
  );
}

/**
 * Creates a seeded, random-access stream of face scenes for datasets and training batches.
 * Sample `i` is drawn from its own generator (the seed forked by `i`), so any range of samples
 * can be produced in any order, by any number of workers, and a resumed run sees the same
 * samples. Identities are shared within blocks of 256 consecutive samples (see
 * {@link FaceStreamOptions.identityReuse}) so that heads are built once per block.
 *
 * @throws FreeAvatarError for an unknown split, a non-integer seed or an option out of range.
 * @example
 * ```ts
 * import { createFaceRenderer, createFaceSceneStream } from '@freeavatar/synth';
 * const stream = createFaceSceneStream({ split: 'val', seed: 3, occluderProbability: 0 });
 * const renderer = createFaceRenderer({ size: 112 });
 * const first = renderer.render(stream.sceneAt(0));
 * ```
 */
export function createFaceSceneStream(options: FaceStreamOptions): FaceSceneStream {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  const { split, seed } = options;
  assertArgument(
    DATASET_SPLITS.includes(split),
    `split must be one of ${DATASET_SPLITS.join(', ')}, got ${String(split)}`,
  );
  assertArgument(Number.isSafeInteger(seed), `seed must be an integer, got ${seed}`);
  const reuse = options.identityReuse ?? 16;
  assertArgument(
    Number.isFinite(reuse) && reuse >= 1 && reuse <= IDENTITY_BLOCK,
    `identityReuse must be a number in 1..${IDENTITY_BLOCK}, got ${reuse}`,
  );
  const perBlock = Math.max(1, Math.round(IDENTITY_BLOCK / reuse));
  let pool: number[] | undefined;
  if (options.identityCount !== undefined) {
    const count = options.identityCount;
    assertArgument(
      Number.isInteger(count) && count >= 1 && count <= 1_000_000,
      `identityCount must be an integer in 1..1000000, got ${count}`,
    );
    pool = identitySeeds(split, count);
  }
  const root = createRng(seed);
  let cachedBlock = -1;
  let cachedIds: number[] = [];

  const identitiesOfBlock = (block: number): number[] => {
    checkIndex(block, 'block');
    if (block === cachedBlock) return cachedIds;
    const rng = root.fork(`identities:${block}`);
    cachedIds = pool
      ? rng.shuffle(pool).slice(0, perBlock)
      : Array.from({ length: perBlock }, () => pickIdentity(rng, split));
    cachedBlock = block;
    return cachedIds;
  };

  const sceneWith = (rng: Rng, block: number, expression: SampledExpression): FaceScene => {
    const identity = pickIdentity(rng.fork('identity'), split, identitiesOfBlock(block));
    return sampleView(rng, identity, expression, options);
  };

  return {
    options: Object.freeze({ ...options }),
    identitiesOfBlock: (block) => identitiesOfBlock(block).slice(),
    sceneWith,
    sceneAt(index) {
      checkIndex(index, 'index');
      const rng = root.fork(`face:${index}`);
      const expression = sampleExpression(rng.fork('expression'), options.expression);
      return sceneWith(rng, Math.floor(index / IDENTITY_BLOCK), expression);
    },
  };
}
