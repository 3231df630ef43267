import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { animatorNetworkFrom, createAnimatorNetwork } from './animator-network.js';
import { avatarParamShapes, sharedParamShapes } from './network-config.js';
import { loadAnimatorNetwork, saveAnimatorNetwork } from './network-file.js';

const AVATARS = [
  { id: 'a', controls: ['x', 'y', 'z'] },
  { id: 'b', controls: ['p', 'q'] },
];
const SMALL = { featureSize: 8, identitySize: 4, width: 16, blocks: 2, avatars: AVATARS };

function features(n: number, size = 8): tf.Tensor2D {
  return tf.tensor2d(
    Float32Array.from({ length: n * size }, (_, i) => Math.sin(i * 1.7)),
    [n, size],
  );
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'animator-network-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createAnimatorNetwork', () => {
  it('predicts [n, controls] in (0,1) per avatar without leaking', () => {
    const net = createAnimatorNetwork(SMALL, { seed: 1 });
    const x = features(3);
    const before = tf.memory().numTensors;
    const a = net.predict(x, 'a');
    const b = net.predict(x, 'b');
    expect(a.shape).toEqual([3, 3]);
    expect(b.shape).toEqual([3, 2]);
    for (const v of [...a.dataSync(), ...b.dataSync()]) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    net.dispose();
  });

  it('fills the design defaults and reports its avatars', () => {
    const net = createAnimatorNetwork({ featureSize: 8, avatars: AVATARS });
    expect(net.config).toMatchObject({ identitySize: 16, width: 512, blocks: 2, dropout: 0.1 });
    expect(net.avatars()).toEqual(AVATARS);
    expect(net.params['shared/input/kernel'].shape).toEqual([24, 512]);
    expect(net.params['shared/block1/film/kernel'].shape).toEqual([16, 1024]);
    expect(net.params['avatar/b/head/kernel'].shape).toEqual([512, 2]);
    expect(net.neutralFeature).toBeUndefined();
    net.dispose();
  });

  it('is reproducible from its seed and applies dropout only when training', () => {
    const x = features(4);
    const one = createAnimatorNetwork({ ...SMALL, dropout: 0.5 }, { seed: 3 });
    const two = createAnimatorNetwork({ ...SMALL, dropout: 0.5 }, { seed: 3 });
    const other = createAnimatorNetwork({ ...SMALL, dropout: 0.5 }, { seed: 4 });
    const before = tf.memory().numTensors;
    const values = (t: tf.Tensor): number[] => {
      const out = Array.from(t.dataSync());
      t.dispose();
      return out;
    };
    const plain = values(one.predict(x, 'a'));
    expect(values(two.predict(x, 'a'))).toEqual(plain);
    expect(values(other.predict(x, 'a'))).not.toEqual(plain);
    expect(values(one.predict(x, 'a', { training: false }))).toEqual(plain);
    const dropped = values(one.predict(x, 'a', { training: true, seed: 5 }));
    expect(dropped).not.toEqual(plain);
    expect(values(two.predict(x, 'a', { training: true, seed: 5 }))).toEqual(dropped);
    expect(tf.memory().numTensors).toBe(before);
    [one, two, other].forEach((n) => n.dispose());
    x.dispose();
  });

  it('gives different avatars different outputs through identity and modulation', () => {
    const net = createAnimatorNetwork(
      { ...SMALL, avatars: [AVATARS[0], { id: 'c', controls: ['x', 'y', 'z'] }] },
      { seed: 2 },
    );
    const x = features(2);
    // Give both avatars the same head, so only identity (input + FiLM) tells them apart.
    net.params['avatar/c/head/kernel'].assign(net.params['avatar/a/head/kernel']);
    net.params['shared/block0/film/kernel'].assign(
      tf.onesLike(net.params['shared/block0/film/kernel']),
    );
    const a = net.predict(x, 'a');
    const c = net.predict(x, 'c');
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, c, x]);
    net.dispose();
  });

  it('separates shared and per-avatar weights, and covers them all', () => {
    const net = createAnimatorNetwork(SMALL);
    const shared = net.sharedParamNames();
    expect(shared).toContain('shared/input/kernel');
    expect(shared).toContain('shared/block1/film/kernel');
    expect(shared).toContain('shared/block1/dense2/bias');
    expect(net.avatarParamNames('b')).toEqual([
      'avatar/b/identity',
      'avatar/b/head/kernel',
      'avatar/b/head/bias',
    ]);
    const all = [...shared, ...net.avatarParamNames('a'), ...net.avatarParamNames('b')];
    expect(all.sort()).toEqual(Object.keys(net.params).sort());
    net.dispose();
  });

  it('adds an avatar without changing existing weights or outputs', () => {
    const net = createAnimatorNetwork(SMALL, { seed: 1 });
    const x = features(2);
    const before = net.predict(x, 'a');
    const snapshot = Object.fromEntries(
      Object.entries(net.params).map(([k, v]) => [k, Array.from(v.dataSync())]),
    );
    const count = tf.memory().numTensors;
    net.addAvatar({ id: 'robot', controls: ['blink', 'jawDrop', 'lookLeft', 'lookRight'] }, 9);
    expect(tf.memory().numTensors).toBe(count + 3);
    expect(net.avatars().map((a) => a.id)).toEqual(['a', 'b', 'robot']);
    expect(net.config.avatars).toHaveLength(3);
    for (const [k, v] of Object.entries(snapshot)) {
      expect(Array.from(net.params[k].dataSync()), k).toEqual(v);
    }
    const after = net.predict(x, 'a');
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    const robot = net.predict(x, 'robot');
    expect(robot.shape).toEqual([2, 4]);
    expect(() => net.addAvatar({ id: 'robot', controls: ['x'] })).toThrow(
      /already in this network/,
    );
    tf.dispose([before, after, robot, x]);
    net.dispose();
  });

  it('rejects bad configs and calls with FreeAvatarError', () => {
    const bad = (config: object, pattern: RegExp): void => {
      let error: unknown;
      try {
        createAnimatorNetwork(config as Parameters<typeof createAnimatorNetwork>[0]);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(FreeAvatarError);
      expect((error as Error).message).toMatch(pattern);
    };
    bad({ ...SMALL, featureSize: 0 }, /featureSize must be an integer in 1\.\.65536, got 0/);
    bad({ ...SMALL, dropout: 1 }, /dropout must be a number in \[0, 1\), got 1/);
    bad({ ...SMALL, blocks: 1.5 }, /blocks must be an integer/);
    bad({ ...SMALL, avatars: [] }, /at least one avatar/);
    bad({ ...SMALL, avatars: [AVATARS[0], AVATARS[0]] }, /avatar id "a" appears twice/);
    bad({ ...SMALL, avatars: [{ id: 'a/b', controls: ['x'] }] }, /avatar id must be/);
    bad({ ...SMALL, avatars: [{ id: 'a', controls: [] }] }, /needs 1\.\.4096 control names/);
    bad({ ...SMALL, avatars: [{ id: 'a', controls: ['x', 'x'] }] }, /lists control "x" twice/);
    expect(() => createAnimatorNetwork(SMALL, { seed: -1 })).toThrow(/seed must be an integer/);

    const net = createAnimatorNetwork(SMALL);
    const before = tf.memory().numTensors;
    const wrong = features(2, 5);
    expect(() => net.predict(wrong, 'a')).toThrow(
      /features must be a tensor of shape \[n ≥ 1, 8\], got \[2,5\]/,
    );
    const x = features(1);
    expect(() => net.predict(x, 'nope')).toThrow(/unknown avatar "nope"; this network drives a, b/);
    expect(() => net.avatarParamNames('nope')).toThrow(FreeAvatarError);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([wrong]);
    net.dispose();
    expect(() => net.predict(x, 'a')).toThrow(/disposed/);
    x.dispose();
  });

  it('names a config, spec or params argument of the wrong kind', () => {
    expect(() => animatorNetworkFrom(null as never, {}, 0)).toThrow(
      /config must be an object, got null/,
    );
    expect(() => animatorNetworkFrom({} as never, {}, 0)).toThrow(
      /config.avatars must be an array, got undefined/,
    );
    expect(() => animatorNetworkFrom({ ...SMALL, avatars: [42] } as never, {}, 0)).toThrow(
      /an avatar spec must be an object/,
    );
    expect(() => animatorNetworkFrom(SMALL as never, null as never, 0)).toThrow(
      /params must be an object, got null/,
    );
    expect(() => sharedParamShapes(null as never)).toThrow(/config must be an object, got null/);
    expect(() => avatarParamShapes({ identitySize: 4, width: 8 }, undefined as never)).toThrow(
      /spec must be an object, got undefined/,
    );
    expect(() => avatarParamShapes({ identitySize: 4, width: 8 }, { id: 'a' } as never)).toThrow(
      /spec.controls must be an array, got undefined/,
    );
  });

  it('frees its variables on dispose', () => {
    const before = tf.memory().numTensors;
    const net = createAnimatorNetwork(SMALL);
    expect(tf.memory().numTensors).toBe(before + Object.keys(net.params).length);
    net.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('saveAnimatorNetwork / loadAnimatorNetwork', () => {
  it('round-trips weights, config, added avatars and the neutral feature', async () => {
    const net = createAnimatorNetwork(SMALL, { seed: 6 });
    net.addAvatar({ id: 'extra', controls: ['k'] }, 2);
    net.neutralFeature = Float32Array.from({ length: 8 }, (_, i) => i / 8);
    const file = join(dir, 'net', 'model.json');
    await saveAnimatorNetwork(net, file);
    const before = tf.memory().numTensors;
    const loaded = await loadAnimatorNetwork(file);
    expect(tf.memory().numTensors).toBe(before + Object.keys(net.params).length);
    expect(loaded.config).toEqual(net.config);
    expect(Array.from(loaded.neutralFeature!)).toEqual(Array.from(net.neutralFeature));
    const x = features(2);
    for (const id of ['a', 'b', 'extra']) {
      const p = net.predict(x, id);
      const q = loaded.predict(x, id);
      expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
      tf.dispose([p, q]);
    }
    x.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('rejects files that are not animator networks', async () => {
    const net = createAnimatorNetwork(SMALL);
    const file = join(dir, 'broken', 'model.json');
    await saveAnimatorNetwork(net, file);
    net.dispose();
    const { saveWeightMap } = await import('@freeavatar/core');
    const other = join(dir, 'other', 'model.json');
    const t = tf.zeros([2]);
    await saveWeightMap({ w: t }, other, { format: 'something-else' });
    await saveWeightMap({ w: t }, join(dir, 'badcfg', 'model.json'), {
      format: 'freeavatar-animator-network',
      config: { featureSize: 8, avatars: [] },
    });
    t.dispose();
    const before = tf.memory().numTensors;
    await expect(loadAnimatorNetwork(other)).rejects.toThrow(/is not an animator network/);
    await expect(loadAnimatorNetwork(join(dir, 'badcfg', 'model.json'))).rejects.toThrow(
      /bad configuration: .*at least one avatar/,
    );
    await expect(loadAnimatorNetwork(join(dir, 'missing', 'model.json'))).rejects.toThrow(
      FreeAvatarError,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a net argument that is not a network', async () => {
    const file = join(dir, 'not-a-net', 'model.json');
    await expect(saveAnimatorNetwork(42 as never, file)).rejects.toThrow(
      /net must be an object, got the number 42/,
    );
    await expect(saveAnimatorNetwork({} as never, file)).rejects.toThrow(
      /net.params must be an object, got undefined/,
    );
  });
});
