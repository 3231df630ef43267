import { describe, expect, it } from 'vitest';
import type { ExpressionEncoder } from '@freeavatar/expression-encoder';
import type { DetectedFace, FaceCropper } from '@freeavatar/face-crop';
import { StageClock, timedEncoder, timedFaceCropper } from './animate-stages.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('StageClock', () => {
  it('books nested stages exclusively, so the stages add up to the wall time', async () => {
    const clock = new StageClock();
    const started = performance.now();
    await clock.time('animate', async () => {
      await sleep(20);
      await clock.time('crop', () => sleep(40));
      await clock.time('encode', async () => {
        await sleep(30);
      });
    });
    const wall = performance.now() - started;
    const t = clock.totals();
    expect(t.crop).toBeGreaterThanOrEqual(38);
    expect(t.encode).toBeGreaterThanOrEqual(28);
    expect(t.animate).toBeGreaterThanOrEqual(18);
    expect(t.animate).toBeLessThan(t.crop);
    expect(t.animate + t.crop + t.encode).toBeCloseTo(wall, -1);
    const shares = clock.shares();
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(shares.decode).toBe(0);
  });

  it('books time even when the work throws', async () => {
    const clock = new StageClock();
    await expect(
      clock.time('export', async () => {
        await sleep(10);
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(clock.totals().export).toBeGreaterThanOrEqual(8);
    expect(new StageClock().shares().crop).toBe(0);
  });
});

describe('timed wrappers', () => {
  it('time a cropper and an encoder, remember the last faces and pass calls through', async () => {
    const face = { score: 0.9 } as DetectedFace;
    const calls: string[] = [];
    const cropper = {
      options: {},
      lastTimings: { decode: 0, detection: 1, mesh: 2, alignment: 3 },
      detect: async () => {
        calls.push('detect');
        await sleep(15);
        return [face];
      },
      detectForVideo: async (_f: unknown, t: number) => {
        calls.push(`video ${t}`);
        return t > 0 ? [] : [face];
      },
      reset: () => calls.push('reset'),
      dispose: () => calls.push('dispose'),
    } as unknown as FaceCropper;
    const clock = new StageClock();
    const timed = timedFaceCropper(cropper, clock);
    expect(await timed.detect({} as never)).toEqual([face]);
    expect(timed.lastFaces).toEqual([face]);
    await timed.detectForVideo({} as never, 5);
    expect(timed.lastFaces).toEqual([]);
    expect(timed.lastTimings.mesh).toBe(2);
    timed.reset();
    timed.dispose();
    expect(calls).toEqual(['detect', 'video 5', 'reset', 'dispose']);
    expect(clock.totals().crop).toBeGreaterThanOrEqual(13);

    const encoder = {
      config: { dim: 8 },
      backend: 'cpu',
      features: async () => {
        await sleep(12);
        return [new Float32Array(8)];
      },
      distance: () => 0.5,
      dispose: () => calls.push('encoder dispose'),
    } as unknown as ExpressionEncoder;
    const timedEnc = timedEncoder(encoder, clock);
    expect(timedEnc.config.dim).toBe(8);
    expect(await timedEnc.features([])).toHaveLength(1);
    expect(timedEnc.distance([0], [1])).toBe(0.5);
    timedEnc.dispose();
    expect(calls.at(-1)).toBe('encoder dispose');
    expect(clock.totals().encode).toBeGreaterThanOrEqual(10);
  });
});
