import { assertArgument, assertObject } from '@freeavatar/core';
import { createFaceCropper } from '@freeavatar/face-crop';
import { landmarkGeometryMethod } from '../peers/geometry-method.js';
import { kalidokitMethod } from '../peers/kalidokit.js';
import type { ExpressionFeatureMethod } from '../peers/types.js';
import { rigPeerPredictions, type RigPeerOptions, type RigPeerRun } from './rig-peers.js';

/**
 * The landmark peers the animator evaluation can run as rig-transfer methods.
 *
 * @example
 * ```ts
 * await runAnimatorEval({ out: 'out/eval', quick: true, peers: ['kalidokit'] });
 * ```
 */
export const RIG_PEER_IDS = ['kalidokit', 'geometry'] as const;

/** One of {@link RIG_PEER_IDS}. */
export type RigPeerId = (typeof RIG_PEER_IDS)[number];

/**
 * Options of {@link runRigPeers}.
 *
 * @example
 * ```ts
 * import { AVATARS } from '@freeavatar/synth';
 * const options: RunRigPeersOptions = {
 *   ids: ['kalidokit'],
 *   avatars: [{ name: 'toon', controls: AVATARS.toon.rig.map((c) => c.name) }],
 *   trainCount: 256, trainSeed: 7, count: 64, seed: 1001,
 * };
 * ```
 */
export interface RunRigPeersOptions extends Omit<RigPeerOptions, 'peers'> {
  /** The peers to create, by id. */
  readonly ids: readonly RigPeerId[];
}

/**
 * Creates the named landmark peers on one shared face cropper (faces they cannot find count as
 * misses, not errors), runs them through {@link rigPeerPredictions}, and disposes them.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, for an unknown id
 *   or bad counts; `MODEL_LOAD_FAILED` when a peer's package cannot be loaded.
 * @example
 * ```ts
 * import { AVATARS } from '@freeavatar/synth';
 * const run = await runRigPeers({
 *   ids: ['kalidokit', 'geometry'],
 *   avatars: [{ name: 'robot', controls: AVATARS.robot.rig.map((c) => c.name) }],
 *   trainCount: 256, trainSeed: 7, count: 64, seed: 1001,
 * });
 * ```
 */
export async function runRigPeers(options: RunRigPeersOptions): Promise<RigPeerRun> {
  assertObject(options, 'options');
  assertArgument(
    Array.isArray(options.ids) && options.ids.length > 0,
    'ids must list at least one rig peer',
  );
  for (const id of options.ids) {
    assertArgument(
      (RIG_PEER_IDS as readonly string[]).includes(id),
      `unknown rig peer '${String(id)}'; expected one of ${RIG_PEER_IDS.join(', ')}`,
    );
  }
  const cropper = await createFaceCropper({ maxFaces: 1 });
  const methods: ExpressionFeatureMethod[] = [];
  try {
    const located = { faceCropper: cropper, missingFace: 'nan' as const };
    for (const id of options.ids) {
      methods.push(
        id === 'kalidokit' ? await kalidokitMethod(located) : landmarkGeometryMethod(located),
      );
    }
    return await rigPeerPredictions({ ...options, peers: methods });
  } finally {
    methods.forEach((m) => m.dispose());
    cropper.dispose();
  }
}
