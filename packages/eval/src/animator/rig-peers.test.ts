import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '@freeavatar/core';
import { createSynthAnimatorData } from '@freeavatar/animator';
import { AVATARS } from '@freeavatar/synth';
import type { ExpressionFeatureMethod } from '../peers/types.js';
import { runRigPeers } from './rig-peer-methods.js';
import { rigPeerPredictions } from './rig-peers.js';

const toon = { name: 'toon', controls: AVATARS.toon.rig.map((c) => c.name) };

/** Mean of each colour channel; every third face it "cannot find" (NaNs). */
function channelMeans(): ExpressionFeatureMethod & { calls: number } {
  let seen = 0;
  const method = {
    name: 'channel means',
    distance: 'euclidean' as const,
    calls: 0,
    async features(faces: readonly unknown[]) {
      method.calls++;
      return faces.map((face) => {
        const { data } = face as RgbImage;
        const sums = [0, 0, 0];
        for (let i = 0; i < data.length; i++) sums[i % 3] += data[i];
        const missing = seen++ % 3 === 2;
        return Float32Array.from(sums, (s) => (missing ? NaN : (3 * s) / data.length / 255));
      });
    },
    dispose() {},
  };
  return method;
}

describe('rigPeerPredictions', () => {
  it('fits on train actors, predicts the animator data’s test actors, holds the mean on misses', async () => {
    const peer = channelMeans();
    const run = await rigPeerPredictions({
      peers: [peer],
      avatars: [toon],
      trainCount: 12,
      trainSeed: 4,
      count: 6,
      seed: 9,
      renderSize: 48,
      batchSize: 4,
    });
    expect(run.peers).toHaveLength(1);
    const [p] = run.peers;
    expect(p.name).toBe('channel means + linear map');
    // faces are read once each (12 train, then 6 test), in batches of 4
    expect(peer.calls).toBe(3 + 2);
    expect(p.fittedOn).toBe(8);
    expect(p.found).toBe(4);
    expect(p.predicted.toon).toHaveLength(6);
    // the same actors and true rigs as the animator's data for that split and seed
    const data = createSynthAnimatorData({
      avatars: ['toon'],
      split: 'test',
      seed: 9,
      batchSize: 6,
    });
    const batch = data.batchAt(0);
    const rigs = batch.avatars[0].rigs.arraySync();
    tf.dispose(batch.avatars.flatMap((b) => [b.crops, b.rigs, b.renders!]));
    expect(run.truth.toon.map((r) => Array.from(r))).toEqual(rigs.map((r) => r.map(Math.fround)));
    // test faces 2 and 5 were misses: both hold the same (training mean) rig
    expect(Array.from(p.predicted.toon[2])).toEqual(Array.from(p.predicted.toon[5]));
    for (const rig of p.predicted.toon) {
      expect(rig).toHaveLength(toon.controls.length);
      for (const v of rig) expect(v >= 0 && v <= 1).toBe(true);
    }
  }, 60_000);

  it('names what is wrong with bad options', async () => {
    const base = { avatars: [toon], trainCount: 4, trainSeed: 1, count: 2, seed: 1 };
    await expect(rigPeerPredictions({ ...base, peers: [] })).rejects.toThrow(
      /peers must list at least one method/,
    );
    await expect(
      rigPeerPredictions({ ...base, peers: [channelMeans()], trainCount: 1 }),
    ).rejects.toThrow(/trainCount must be an integer in 2\.\.1000000, got 1/);
    await expect(
      rigPeerPredictions({ ...base, peers: [channelMeans()], avatars: [] }),
    ).rejects.toThrow(/avatars must not be empty/);
    await expect(runRigPeers(null as never)).rejects.toThrow(/options must be an object, got null/);
  });
});
