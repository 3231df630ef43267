import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { identitySeeds, identitySplit } from '../identity/split.js';
import { IDENTITY_BLOCK, createFaceSceneStream } from './scene-stream.js';

describe('createFaceSceneStream', () => {
  it('gives sample i as a function of the options and i alone', () => {
    const a = createFaceSceneStream({ split: 'train', seed: 9 });
    const b = createFaceSceneStream({ split: 'train', seed: 9 });
    const forward = [0, 1, 2, 300, 301].map((i) => a.sceneAt(i));
    const backward = [301, 300, 2, 1, 0].map((i) => b.sceneAt(i)).reverse();
    expect(backward).toEqual(forward);
    expect(forward[1]).not.toEqual(forward[0]);
    const other = createFaceSceneStream({ split: 'train', seed: 10 });
    expect(other.sceneAt(0)).not.toEqual(forward[0]);
  });

  it('shares identities within a block, about identityReuse samples each', () => {
    const stream = createFaceSceneStream({ split: 'val', seed: 1, identityReuse: 32 });
    const ids = stream.identitiesOfBlock(0);
    expect(ids.length).toBe(IDENTITY_BLOCK / 32);
    const seen = new Set<number>();
    for (let i = 0; i < IDENTITY_BLOCK; i += 4) {
      const id = stream.sceneAt(i).identity as number;
      expect(ids).toContain(id);
      expect(identitySplit(id)).toBe('val');
      seen.add(id);
    }
    expect(seen.size).toBeGreaterThan(ids.length / 2);
    expect(stream.identitiesOfBlock(1)).not.toEqual(ids);
  });

  it('draws from the first identityCount identities of the split when asked', () => {
    const pool = identitySeeds('test', 5);
    const stream = createFaceSceneStream({ split: 'test', seed: 2, identityCount: 5 });
    for (let i = 0; i < 40; i++) expect(pool).toContain(stream.sceneAt(i * 37).identity);
  });

  it('passes scene options on', () => {
    const stream = createFaceSceneStream({
      split: 'train',
      seed: 3,
      occluderProbability: 1,
      pose: { yawRange: 5, wideYawProbability: 0 },
    });
    for (let i = 0; i < 10; i++) {
      const scene = stream.sceneAt(i);
      expect(scene.occluders?.length).toBe(1);
      expect(Math.abs(scene.pose.yaw)).toBeLessThanOrEqual(5);
    }
  });

  it('rejects bad options and indices', () => {
    expect(() => createFaceSceneStream({ split: 'x' as 'val', seed: 1 })).toThrow(
      /split must be one of train, val, test, got x/,
    );
    expect(() => createFaceSceneStream({ split: 'val', seed: 1.5 })).toThrow(
      /seed must be an integer, got 1\.5/,
    );
    expect(() => createFaceSceneStream({ split: 'val', seed: 1, identityReuse: 0 })).toThrow(
      /identityReuse must be a number in 1\.\.256, got 0/,
    );
    expect(() => createFaceSceneStream({ split: 'val', seed: 1, identityCount: 0 })).toThrow(
      FreeAvatarError,
    );
    const stream = createFaceSceneStream({ split: 'val', seed: 1 });
    expect(() => stream.sceneAt(-1)).toThrow(/index must be a non-negative integer, got -1/);
  });
});
