import { FreeAvatarError } from '@freeavatar/core';
import { describe, expect, it } from 'vitest';
import { createAvatarPairStream } from './avatar-pairs.js';
import { retarget } from './registry.js';
import type { AvatarId } from './types.js';

describe('createAvatarPairStream', () => {
  it('pairs sampled ARKit expressions with their retargeted rigs and renders', () => {
    const stream = createAvatarPairStream({ avatar: 'toon', size: 32, seed: 4 });
    const pair = stream.pairAt(3);
    expect(pair.index).toBe(3);
    expect(pair.avatar).toBe('toon');
    expect(pair.arkit).toHaveLength(52);
    expect(pair.rig).toEqual(retarget('toon', pair.arkit));
    expect(pair.image.width).toBe(32);
    expect(pair.image.data).toHaveLength(32 * 32 * 3);
    const { image: _image, ...labels } = pair;
    expect(stream.labelsAt(3)).toEqual(labels);
  });

  it('depends only on seed and index', () => {
    const a = createAvatarPairStream({ avatar: 'robot', size: 24, seed: 9 });
    const b = createAvatarPairStream({ avatar: 'robot', size: 24, seed: 9 });
    const c = createAvatarPairStream({ avatar: 'robot', size: 24, seed: 10 });
    b.labelsAt(0);
    expect(b.pairAt(7)).toEqual(a.pairAt(7));
    const differs = [0, 1, 2, 3].some(
      (i) => a.labelsAt(i).arkit.join() !== c.labelsAt(i).arkit.join(),
    );
    expect(differs).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => createAvatarPairStream({ avatar: 'x' as AvatarId, size: 32 })).toThrow(
      FreeAvatarError,
    );
    expect(() => createAvatarPairStream({ avatar: 'toon', size: 32, seed: -1 })).toThrow(
      /seed must be an integer/,
    );
    expect(() => createAvatarPairStream({ avatar: 'toon', size: 32 }).labelsAt(1.5)).toThrow(
      /index must be a non-negative integer/,
    );
  });
});
