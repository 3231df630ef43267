import { describe, expect, it } from 'vitest';
import type { RgbImage } from '@freeavatar/core';
import { fitLinearRig, linearRigMethod } from './linear-rig.js';
import { solidImage } from './test-utils/images.js';
import type { ExpressionFeatureMethod, RigTarget } from './types.js';

/** A fake peer whose features are the crop's grey level and width (NaN for 1-pixel crops). */
function fakeMethod(): ExpressionFeatureMethod & { disposed: number } {
  const self = {
    name: 'grey',
    distance: 'euclidean' as const,
    disposed: 0,
    async features(faces: readonly RgbImage[]) {
      return faces.map((f) =>
        f.width === 1 ? Float32Array.of(Number.NaN, 1) : Float32Array.of(f.data[0] / 255, f.width),
      );
    },
    dispose() {
      self.disposed++;
    },
  };
  return self;
}

const fox: RigTarget = { name: 'fox', controls: ['jawOpen', 'smile'] };
// Training faces: grey g and width w; true rig: jawOpen = g, smile = 1 − g.
const greys = [0, 51, 102, 153, 204, 255];
const widths = [8, 12, 9, 14, 10, 11]; // not correlated with the grey levels
const faces = greys.map((g, i) => solidImage(widths[i], 4, g));
const rigs = greys.map((g) => [g / 255, 1 - g / 255]);

describe('fitLinearRig and linearRigMethod', () => {
  it('fits on training faces and predicts held-out ones, clamped to 0–1', async () => {
    const method = fakeMethod();
    const map = await fitLinearRig(method, faces, rigs, fox, { lambda: 1e-9 });
    const peer = linearRigMethod(method, { fox: map });
    expect(peer.name).toBe('grey + linear map');
    const [mid, bright] = await peer.rig([solidImage(30, 4, 128), solidImage(9, 4, 44)], fox);
    expect(mid[0]).toBeCloseTo(128 / 255, 3);
    expect(mid[1]).toBeCloseTo(1 - 128 / 255, 3);
    expect(bright[0]).toBeCloseTo(44 / 255, 3);
    // A map whose outputs leave 0–1: clamped by default, not with clamp: false.
    const far = { ...map, bias: Float64Array.of(1.5, -0.5) };
    const probe = [solidImage(10, 4, 128)];
    const [clamped] = await linearRigMethod(method, { fox: far }).rig(probe, fox);
    expect(Array.from(clamped)).toEqual([1, 0]);
    const raw = linearRigMethod(method, { fox: far }, { clamp: false, ownsMethod: false });
    const [free] = await raw.rig(probe, fox);
    expect(free[0]).toBeGreaterThan(1);
    expect(free[1]).toBeLessThan(0);
    raw.dispose();
    expect(method.disposed).toBe(0);
    peer.dispose();
    expect(method.disposed).toBe(1);
    await expect(peer.rig(faces, fox)).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('skips training faces without finite features and marks such test faces with NaN', async () => {
    const method = fakeMethod();
    const withMissing = [...faces, solidImage(1, 1, 0)];
    const map = await fitLinearRig(method, withMissing, [...rigs, [1, 1]], fox, { lambda: 1e-9 });
    const [p] = await linearRigMethod(method, { fox: map }).rig([solidImage(20, 4, 51)], fox);
    expect(p[0]).toBeCloseTo(0.2, 3);
    const [missing] = await linearRigMethod(method, { fox: map }).rig([solidImage(1, 1, 9)], fox);
    expect(missing.every((v) => Number.isNaN(v))).toBe(true);
    await expect(fitLinearRig(method, [solidImage(1, 1, 0)], [[0, 0]], fox)).rejects.toThrow(
      /No training face gave finite grey features/,
    );
  });

  it('throws FreeAvatarError for unknown avatars, mismatched rigs and bad arguments', async () => {
    const method = fakeMethod();
    const map = await fitLinearRig(method, faces, rigs, fox);
    const peer = linearRigMethod(method, { fox: map });
    await expect(peer.rig(faces, { name: 'robot', controls: ['a', 'b'] })).rejects.toThrow(
      /No linear map fitted for avatar 'robot' \(maps for: fox\)/,
    );
    await expect(peer.rig(faces, { name: 'fox', controls: ['a'] })).rejects.toThrow(
      /gives 2 values but the avatar has 1 controls/,
    );
    await expect(peer.rig(faces, { name: 'fox' } as never)).rejects.toThrow(/avatar must be/);
    await expect(fitLinearRig(method, faces, rigs.slice(1), fox)).rejects.toThrow(
      /same length, got 6 and 5/,
    );
    await expect(
      fitLinearRig(
        method,
        faces,
        rigs.map(() => [0]),
        fox,
      ),
    ).rejects.toThrow(/rigs\[0\] must hold 2 values \(the controls of 'fox'\), got 1/);
    expect(() => linearRigMethod({} as never, {})).toThrow(
      /method must be an ExpressionFeatureMethod/,
    );
    expect(() => linearRigMethod(method, null as never)).toThrow(/maps must be an object/);
  });
});
