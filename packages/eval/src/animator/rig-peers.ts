import {
  assertArgument,
  progressReporter,
  type LinearMap,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import { createSynthAnimatorData } from '@freeavatar/animator';
import { createFaceRenderer, retarget, type AvatarId } from '@freeavatar/synth';
import { fitLinearRig, linearRigMethod } from '../peers/linear-rig.js';
import type { ExpressionFeatureMethod, PeerFace, RigTarget } from '../peers/types.js';

/**
 * Options of {@link rigPeerPredictions}.
 *
 * @example
 * ```ts
 * import { AVATARS } from '@freeavatar/synth';
 * const options: RigPeerOptions = {
 *   peers: [await kalidokitMethod({ missingFace: 'nan' })],
 *   avatars: [{ name: 'toon', controls: AVATARS.toon.rig.map((c) => c.name) }],
 *   trainCount: 256, trainSeed: 7, count: 64, seed: 1001,
 * };
 * ```
 */
export interface RigPeerOptions {
  /**
   * Feature methods to turn into rig methods (each through a linear map per avatar). They must
   * mark faces they cannot read with `NaN`s (`missingFace: 'nan'`). Not disposed here.
   */
  readonly peers: readonly ExpressionFeatureMethod[];
  /** The avatars to drive; `name` is a synth avatar id. */
  readonly avatars: readonly RigTarget[];
  /** Train-split actors the linear maps are fitted on. */
  readonly trainCount: number;
  /** Seed of the train-split actors. */
  readonly trainSeed: number;
  /** Test-split actors to predict: the same ones as the animator's for the same `seed`. */
  readonly count: number;
  /** Seed of the test-split actors (the animator evaluation's seed). */
  readonly seed: number;
  /** Side of the whole-frame renders the peers find faces in; default 112. */
  readonly renderSize?: number;
  /** Faces per `features` call; default 32. */
  readonly batchSize?: number;
  readonly onProgress?: ProgressCallback;
}

/**
 * One peer's predictions for the test actors.
 *
 * @example
 * ```ts
 * declare const run: RigPeerRun;
 * const p: RigPeerPrediction = run.peers[0];
 * console.log(p.name, `${p.found}/${p.predicted.toon.length} faces found`);
 * ```
 */
export interface RigPeerPrediction {
  /** The rig method's name, e.g. `kalidokit + linear map`. */
  readonly name: string;
  /** Test actors whose face the peer found. */
  readonly found: number;
  /** Train actors whose face it found (what its maps were fitted on). */
  readonly fittedOn: number;
  /**
   * Per avatar, one rig per test actor; where the face was not found, the training mean rig
   * (what a pipeline would hold when it loses the face).
   */
  readonly predicted: Readonly<Record<string, Float32Array[]>>;
}

/**
 * What {@link rigPeerPredictions} measured.
 *
 * @example
 * ```ts
 * declare const options: RigPeerOptions;
 * const run: RigPeerRun = await rigPeerPredictions(options);
 * ```
 */
export interface RigPeerRun {
  readonly peers: readonly RigPeerPrediction[];
  /** Per avatar, the true rig of each test actor. */
  readonly truth: Readonly<Record<string, Float32Array[]>>;
  readonly seconds: number;
}

interface Actors {
  readonly faces: RgbImage[];
  readonly rigs: Record<string, Float32Array[]>;
}

function renderActors(
  avatars: readonly RigTarget[],
  split: 'train' | 'test',
  seed: number,
  count: number,
  size: number,
): Actors {
  const data = createSynthAnimatorData({
    avatars: avatars.map((a) => a.name as AvatarId),
    split,
    seed,
    cropSize: 16,
    renderSize: 8,
  });
  const renderer = createFaceRenderer({ size });
  const faces: RgbImage[] = [];
  const rigs: Record<string, Float32Array[]> = Object.fromEntries(avatars.map((a) => [a.name, []]));
  for (let i = 0; i < count; i++) {
    const scene = data.actorScene(i);
    faces.push(renderer.render(scene).image);
    for (const a of avatars) rigs[a.name].push(retarget(a.name as AvatarId, scene.expression));
  }
  return { faces, rigs };
}

/** Wraps a feature method so each face object is read once, in batches, with progress. */
function cachedFeatures(
  method: ExpressionFeatureMethod,
  batchSize: number,
  progress: (done: number) => void,
): ExpressionFeatureMethod {
  const cache = new Map<PeerFace, Float32Array>();
  return {
    name: method.name,
    distance: method.distance,
    async features(faces) {
      const missing = faces.filter((f) => !cache.has(f));
      for (let i = 0; i < missing.length; i += batchSize) {
        const chunk = missing.slice(i, i + batchSize);
        const features = await method.features(chunk);
        chunk.forEach((f, k) => cache.set(f, features[k]));
        progress(chunk.length);
      }
      return faces.map((f) => cache.get(f)!);
    },
    dispose() {
      cache.clear();
    },
  };
}

function meanOf(rows: readonly Float32Array[]): Float32Array {
  const sum = new Float64Array(rows[0].length);
  for (const r of rows) for (let c = 0; c < r.length; c++) sum[c] += r[c];
  return Float32Array.from(sum, (s) => s / rows.length);
}

/**
 * Runs feature-based peers as rig-transfer methods, the way a landmark pipeline retargets: for
 * each peer and avatar, a linear map from the peer's features to the avatar's controls is fitted
 * on `trainCount` train-split actors only ({@link fitLinearRig}), then applied to `count`
 * test-split actors ({@link linearRigMethod}). Peers see whole-frame renders of each actor
 * (`renderSize` px) and find the face themselves; the actors and their true rigs are those of
 * the animator's `createSynthAnimatorData` for the same split and seed, so scores line up with
 * the animator's row by row.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad counts, sizes or an empty peer or avatar
 *   list; a peer's own error when it fails on a face it was not told to skip.
 * @example
 * ```ts
 * import { kalidokitMethod } from '@freeavatar/eval';
 * import { AVATARS } from '@freeavatar/synth';
 * const kalidokit = await kalidokitMethod({ missingFace: 'nan' });
 * const run = await rigPeerPredictions({
 *   peers: [kalidokit],
 *   avatars: [{ name: 'toon', controls: AVATARS.toon.rig.map((c) => c.name) }],
 *   trainCount: 256, trainSeed: 7, count: 64, seed: 1001,
 * });
 * kalidokit.dispose();
 * ```
 */
export async function rigPeerPredictions(options: RigPeerOptions): Promise<RigPeerRun> {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  const { peers, avatars, trainCount, trainSeed, count, seed } = options;
  const size = options.renderSize ?? 112;
  const batchSize = options.batchSize ?? 32;
  assertArgument(Array.isArray(peers) && peers.length > 0, 'peers must list at least one method');
  assertArgument(Array.isArray(avatars) && avatars.length > 0, 'avatars must not be empty');
  for (const [name, value, min, max] of [
    ['trainCount', trainCount, 2, 1_000_000],
    ['count', count, 1, 1_000_000],
    ['renderSize', size, 32, 1024],
    ['batchSize', batchSize, 1, 1024],
  ] as const) {
    assertArgument(
      Number.isInteger(value) && value >= min && value <= max,
      `${name} must be an integer in ${min}..${max}, got ${value}`,
    );
  }
  const started = performance.now();
  const report = progressReporter(options.onProgress);
  const train = renderActors(avatars, 'train', trainSeed, trainCount, size);
  const test = renderActors(avatars, 'test', seed, count, size);
  const total = peers.length * (trainCount + count);
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    report({ task: 'eval:peer-rigs', done, total, unit: 'faces' });
  };
  const out: RigPeerPrediction[] = [];
  for (const peer of peers) {
    const cached = cachedFeatures(peer, batchSize, progress);
    try {
      const maps: Record<string, LinearMap> = {};
      for (const a of avatars) {
        maps[a.name] = await fitLinearRig(cached, train.faces, train.rigs[a.name], a);
      }
      const fittedOn = (await cached.features(train.faces)).filter((f) =>
        f.every(Number.isFinite),
      ).length;
      const method = linearRigMethod(cached, maps, { ownsMethod: false });
      const predicted: Record<string, Float32Array[]> = {};
      let found = 0;
      for (const a of avatars) {
        const fallback = meanOf(train.rigs[a.name]);
        const rigs = await method.rig(test.faces, a);
        found = rigs.filter((r) => r.every(Number.isFinite)).length;
        predicted[a.name] = rigs.map((r) => (r.every(Number.isFinite) ? r : fallback.slice()));
      }
      method.dispose();
      out.push({ name: method.name, found, fittedOn, predicted });
    } finally {
      cached.dispose();
    }
  }
  return { peers: out, truth: test.rigs, seconds: (performance.now() - started) / 1000 };
}
