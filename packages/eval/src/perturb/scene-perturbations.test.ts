import { describe, expect, it } from 'vitest';
import { FreeAvatarError, createRng, type RgbImage } from '@freeavatar/core';
import { LANDMARK, createFaceRenderer, sampleFaceScene, type FaceScene } from '@freeavatar/synth';
import { darkenLight, occludeFace, turnHead } from './scene-perturbations.js';

const scene = (seed: number): FaceScene =>
  sampleFaceScene(createRng(seed), 'test', {
    occluderProbability: 0,
    background: { kinds: ['flat'] },
  });
const meanLevel = (image: RgbImage): number =>
  image.data.reduce((s, v) => s + v, 0) / image.data.length;

describe('turnHead', () => {
  it('turns the head 30–45° either way, keeping pitch, roll and the rest', () => {
    const base = scene(1);
    const yaws = Array.from({ length: 40 }, (_, i) => turnHead(base, createRng(i)).pose.yaw);
    for (const yaw of yaws) {
      expect(Math.abs(yaw)).toBeGreaterThanOrEqual(30);
      expect(Math.abs(yaw)).toBeLessThanOrEqual(45);
    }
    expect(yaws.some((y) => y > 0) && yaws.some((y) => y < 0)).toBe(true);
    const turned = turnHead(base, createRng(3), [50, 60]);
    expect(Math.abs(turned.pose.yaw)).toBeGreaterThanOrEqual(50);
    expect(turned.pose.pitch).toBe(base.pose.pitch);
    expect(turned.pose.roll).toBe(base.pose.roll);
    expect(turned.expression).toBe(base.expression);
    expect(turned.light).toEqual(base.light);
    expect(turnHead(base, createRng(3)).pose).toEqual(turnHead(base, createRng(3)).pose);
  });

  it('renders a head turned by |yaw| ≥ 30°: the nose tip moves far off the ears’ midpoint', () => {
    const renderer = createFaceRenderer({ size: 64, supersample: 1 });
    const base = scene(2);
    // The nose tip's offset from the midpoint of the ears, in ear-to-ear distances: about
    // sin(yaw) times the nose's depth over the head's width.
    const offset = (s: FaceScene): number => {
      const p = renderer.render(s).landmarks2d;
      const x = (i: number): number => p[2 * i];
      const mid = (x(LANDMARK.earLeft) + x(LANDMARK.earRight)) / 2;
      return (x(LANDMARK.noseTip) - mid) / Math.abs(x(LANDMARK.earLeft) - x(LANDMARK.earRight));
    };
    const front = offset({ ...base, pose: { yaw: 0, pitch: 0, roll: 0 } });
    const turned = turnHead({ ...base, pose: { yaw: 0, pitch: 0, roll: 0 } }, createRng(5));
    const rendered = renderer.render(turned);
    expect(Math.abs(rendered.label.pose.yaw)).toBeGreaterThanOrEqual(30);
    const atThirty = offset({ ...base, pose: { yaw: 30, pitch: 0, roll: 0 } });
    expect(Math.abs(front)).toBeLessThan(0.05);
    expect(Math.abs(offset(turned))).toBeGreaterThanOrEqual(Math.abs(atThirty) - 1e-6);
    expect(Math.abs(atThirty)).toBeGreaterThan(0.2);
  });

  it('rejects bad ranges and scenes', () => {
    expect(() => turnHead(scene(1), createRng(1), [40, 30])).toThrow(
      /yaw range must be \[min, max\] with 0 <= min <= max <= 90, got \[40,30\]/,
    );
    expect(() => turnHead(null as never, createRng(1))).toThrow(FreeAvatarError);
  });
});

describe('occludeFace', () => {
  it('puts a hand over the face in place of other occluders, and it is drawn', () => {
    const base: FaceScene = { ...scene(4), occluders: [{ kind: 'hair', seed: 9 }] };
    const covered = occludeFace(base, createRng(2));
    expect(covered.occluders).toEqual([{ kind: 'hand', seed: expect.any(Number) }]);
    const renderer = createFaceRenderer({ size: 48, supersample: 1 });
    const clean = renderer.render({ ...base, occluders: [] });
    const rendered = renderer.render(covered);
    expect(rendered.label.occluders).toEqual(['hand']);
    const changed = rendered.image.data.filter((v, i) => v !== clean.image.data[i]).length;
    expect(changed).toBeGreaterThan(100);
    expect(occludeFace(base, createRng(2), ['microphone']).occluders).toEqual([
      { kind: 'microphone', seed: expect.any(Number) },
    ]);
    expect(() => occludeFace(base, createRng(2), ['glove' as never])).toThrow(
      /kinds must be a non-empty list of hand, microphone, hair, got \["glove"\]/,
    );
  });
});

describe('darkenLight', () => {
  it('dims the light and the background, so the picture gets much darker', () => {
    const base = scene(6);
    const dark = darkenLight(base, createRng(1));
    expect(dark.light!.ambient).toBeGreaterThanOrEqual(0.04);
    expect(dark.light!.ambient).toBeLessThanOrEqual(0.08);
    const [x, y, z] = dark.light!.direction;
    expect(Math.hypot(x, y, z)).toBeCloseTo(1, 6);
    expect((Math.acos(z) * 180) / Math.PI).toBeGreaterThanOrEqual(45);
    const flat = base.background as unknown as { kind: 'flat'; color: readonly number[] };
    expect((dark.background as unknown as { color: number[] }).color).toEqual(
      flat.color.map((c) => c * 0.25),
    );
    const renderer = createFaceRenderer({ size: 48, supersample: 1 });
    const before = meanLevel(renderer.render(base).image);
    const after = meanLevel(renderer.render(dark).image);
    expect(after).toBeLessThan(before / 2);
    expect(base.light).not.toBe(dark.light); // the input scene is untouched
  });

  it('dims picture backgrounds too and checks its options', () => {
    const picture: RgbImage = { width: 2, height: 1, data: Uint8Array.of(200, 100, 40, 8, 4, 0) };
    const dark = darkenLight({ ...scene(6), background: picture }, createRng(1), {
      background: 0.5,
    });
    expect([...(dark.background as RgbImage).data]).toEqual([100, 50, 20, 4, 2, 0]);
    expect(() => darkenLight(scene(6), createRng(1), { background: 2 })).toThrow(
      /background must be a factor in 0\.\.1, got 2/,
    );
    expect(() => darkenLight(scene(6), createRng(1), { ambient: [0.5, 0.1] })).toThrow(
      /ambient must be \[min, max\]/,
    );
  });
});
