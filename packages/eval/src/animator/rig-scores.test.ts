import { describe, expect, it } from 'vitest';
import { createRng } from '@freeavatar/core';
import { pearsonInterval } from '../metrics/bootstrap.js';
import { KEY_CONTROLS, keyControlsOf } from './key-controls.js';
import { avatarRigScores, meanRig, medianRig, rigCurves } from './rig-scores.js';
import { clipAvatarScores } from './clip-scores.js';
import { AVATARS } from '@freeavatar/synth';

const keys = { jaw: 'a', blink: null, smile: 'b', brow: null, pucker: null } as const;

describe('keyControlsOf', () => {
  it('uses the documented map for the shipped avatars, which names real controls', () => {
    for (const id of ['human', 'toon', 'robot'] as const) {
      const controls = AVATARS[id].rig.map((c) => c.name);
      expect(keyControlsOf(id, controls)).toEqual(KEY_CONTROLS[id]);
    }
    expect(() => keyControlsOf('toon', ['blink'])).toThrow(
      /avatar 'toon' has no control 'mouthOpen'/,
    );
  });

  it('matches names for other avatars, null where none fits', () => {
    expect(keyControlsOf('cat', ['earsUp', 'mouthOpen', 'eyeBlinkLeft', 'browsUp'])).toEqual({
      jaw: 'mouthOpen',
      blink: 'eyeBlinkLeft',
      smile: null,
      brow: 'browsUp',
      pucker: null,
    });
    expect(() => keyControlsOf('cat', [])).toThrow(/non-empty list of control names/);
  });
});

describe('rigCurves / meanRig', () => {
  it('transposes vectors into curves and averages them', () => {
    expect(
      rigCurves(
        ['a', 'b'],
        [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
      ),
    ).toEqual({
      a: Float32Array.from([0.1, 0.3]),
      b: Float32Array.from([0.2, 0.4]),
    });
    expect(
      Array.from(
        meanRig([
          [0, 1],
          [0.5, 0],
        ]),
      ),
    ).toEqual([0.25, 0.5]);
    expect(() => rigCurves(['a'], [[1, 2]])).toThrow(/vectors\[0\] has 2 values, expected 1/);
    expect(() => meanRig([[0, 1], [1]])).toThrow(/vectors\[1\] has 1 values, expected 2/);
    expect(() => meanRig([[NaN]])).toThrow(/must be finite/);
    expect(() => meanRig([])).toThrow(/non-empty/);
  });

  it('takes the per-control median, the middle pair averaged for even counts', () => {
    const rigs = [
      [0, 1],
      [0, 0],
      [0.9, 0.5],
    ];
    expect(Array.from(medianRig(rigs))).toEqual([0, 0.5]);
    expect(Array.from(medianRig([...rigs, [0.5, 0.75]]))).toEqual([0.25, 0.625]);
    expect(() => medianRig([[0, 1], [1]])).toThrow(/vectors\[1\] has 1 values, expected 2/);
    expect(() => medianRig([[NaN]])).toThrow(/must be finite/);
    expect(() => medianRig([])).toThrow(/non-empty/);
  });
});

describe('avatarRigScores', () => {
  it('scores predictions and the constant baseline on hand-made rigs', () => {
    const truth = [
      [0, 0.2],
      [0.5, 0.2],
      [1, 0.8],
    ];
    const predicted = [
      [0.1, 0.2],
      [0.5, 0.2],
      [0.9, 0.5],
    ];
    const s = avatarRigScores({
      avatar: 'x',
      controls: ['a', 'b'],
      predicted,
      truth,
      baseline: [0.5, 0.4],
      keyControls: keys,
    });
    expect(s.samples).toBe(3);
    expect(s.model.perControl.a.mae).toBeCloseTo(0.2 / 3, 6);
    expect(s.model.perControl.b.mae).toBeCloseTo(0.1, 6);
    expect(s.model.mean.mae).toBeCloseTo((0.2 / 3 + 0.1) / 2, 6);
    expect(s.model.perControl.a.pearson).toBeCloseTo(1, 6);
    // baseline: |0.5-0| + 0 + |0.5-1| over 3; b: 0.2, 0.2, 0.4
    expect(s.baseline.perControl.a.mae).toBeCloseTo(1 / 3, 6);
    expect(s.baseline.perControl.b.mae).toBeCloseTo(0.8 / 3, 6);
    expect(s.baseline.mean.pearson).toBeNull();
    expect(s.key.jaw).toEqual({
      control: 'a',
      pearson: s.model.perControl.a.pearson,
      pearsonInterval: null,
      mae: s.model.perControl.a.mae,
      baselineMae: s.baseline.perControl.a.mae,
    });
    expect(s.key.blink).toBeNull();
    expect(s.peers).toEqual([]);
    expect(s.medianBaseline).toBeNull();
    const m = avatarRigScores({
      avatar: 'x',
      controls: ['a', 'b'],
      predicted,
      truth,
      baseline: [0.5, 0.4],
      medianBaseline: [0, 0.2],
      keyControls: keys,
    });
    // median baseline: a: 0 + 0.5 + 1 over 3; b: 0 + 0 + 0.6 over 3
    expect(m.medianBaseline!.perControl.a.mae).toBeCloseTo(0.5, 6);
    expect(m.medianBaseline!.perControl.b.mae).toBeCloseTo(0.2, 6);
    expect(m.baseline).toEqual(s.baseline);
  });

  it('scores peers on the same samples against the same truth and baseline', () => {
    const truth = [
      [0, 1],
      [1, 0],
    ];
    const input = {
      avatar: 'x',
      controls: ['a', 'b'],
      predicted: truth,
      truth,
      baseline: [0.5, 0.5],
      keyControls: keys,
    };
    const s = avatarRigScores({
      ...input,
      peers: [
        {
          name: 'flat',
          predicted: [
            [0.5, 0.25],
            [0.5, 0.25],
          ],
        },
      ],
    });
    expect(s.model.mean.mae).toBe(0);
    expect(s.peers).toHaveLength(1);
    // a: 0.5, 0.5; b: 0.75, 0.25
    expect(s.peers[0].name).toBe('flat');
    expect(s.peers[0].error.perControl.a.mae).toBeCloseTo(0.5, 6);
    expect(s.peers[0].error.perControl.b.mae).toBeCloseTo(0.5, 6);
    expect(s.peers[0].key.jaw?.pearson).toBeNull();
    expect(s.peers[0].key.jaw?.baselineMae).toBeCloseTo(0.5, 6);
    expect(() =>
      avatarRigScores({ ...input, peers: [{ name: 'short', predicted: [[0, 0]] }] }),
    ).toThrow(/peer 'short' has 1 predictions, expected 2/);
  });

  it('gives the key controls of the model and the peers bootstrap intervals when asked', () => {
    const rng = createRng(4);
    const truth = Array.from({ length: 300 }, () => [rng.next(), rng.next()]);
    const predicted = truth.map(([a, b]) => [a + 0.3 * (rng.next() - 0.5), b]);
    const input = {
      avatar: 'x',
      controls: ['a', 'b'],
      predicted,
      truth,
      baseline: [0.5, 0.5],
      keyControls: keys,
      peers: [{ name: 'noisy', predicted: truth.map(([a, b]) => [a + (rng.next() - 0.5), b]) }],
    };
    const s = avatarRigScores({ ...input, intervals: { resamples: 500, seed: 2 } });
    const model = s.key.jaw!;
    const peer = s.peers[0].key.jaw!;
    expect(model.pearsonInterval).toEqual(
      pearsonInterval(rigCurves(['a', 'b'], predicted).a, rigCurves(['a', 'b'], truth).a, {
        resamples: 500,
        seed: 2,
      }),
    );
    expect(model.pearsonInterval!.low).toBeLessThan(model.pearson!);
    expect(model.pearsonInterval!.high).toBeGreaterThan(model.pearson!);
    // the noisier peer correlates less, and less surely
    expect(peer.pearsonInterval!.high).toBeLessThan(model.pearsonInterval!.low);
    expect(peer.pearsonInterval!.high - peer.pearsonInterval!.low).toBeGreaterThan(
      model.pearsonInterval!.high - model.pearsonInterval!.low,
    );
    expect(avatarRigScores(input).key.jaw!.pearsonInterval).toBeNull();
  });

  it('rejects mismatched input', () => {
    const base = { avatar: 'x', controls: ['a', 'b'], keyControls: keys };
    expect(() =>
      avatarRigScores({ ...base, predicted: [[0, 0]], truth: [], baseline: [0, 0] }),
    ).toThrow(/as many samples, got 1 and 0/);
    expect(() =>
      avatarRigScores({ ...base, predicted: [[0, 0]], truth: [[0, 0]], baseline: [0] }),
    ).toThrow(/baseline has 1 values, expected 2/);
    expect(() =>
      avatarRigScores({
        ...base,
        predicted: [[0, 0]],
        truth: [[0, 0]],
        baseline: [0, 0],
        medianBaseline: [0],
      }),
    ).toThrow(/medianBaseline has 1 values, expected 2/);
    expect(() =>
      avatarRigScores({
        ...base,
        keyControls: { ...keys, pucker: 'z' },
        predicted: [[0, 0]],
        truth: [[0, 0]],
        baseline: [0, 0],
      }),
    ).toThrow(/key control 'z' \(pucker\) is not a control of avatar 'x'/);
    expect(() => avatarRigScores(null as never)).toThrow(/input must be an object, got null/);
  });
});

describe('clipAvatarScores', () => {
  // truth: held at 0 for 5 frames, rises, held at 1 for 5 frames
  const t = [0, 0, 0, 0, 0, 0.5, 1, 1, 1, 1, 1];
  const vec = (a: number[]) => a.map((v) => [v, 0.3]);
  /** Scores curves of controls a (given) and b (constant 0.3) against `t`. */
  const score = (curves: {
    raw?: number[][];
    smoothed?: number[][];
    calibrated?: number[][];
  }): ReturnType<typeof clipAvatarScores> =>
    clipAvatarScores({
      avatar: 'x',
      controls: ['a', 'b'],
      raw: curves.raw ?? vec(t),
      smoothed: curves.smoothed ?? vec(t),
      truth: vec(t),
      calibrated: curves.calibrated,
      baseline: [0.5, 0.3],
      keyControls: keys,
    });

  it('measures jitter on held frames, smoothing and lag on hand-made curves', () => {
    const rawA = t.map((v, i) => v + (i % 2 === 0 ? 0.1 : -0.1)); // alternating noise
    const s = score({ raw: vec(rawA), smoothed: vec(t) });
    expect(s.jitter.over).toBe('held');
    expect(s.jitter.frames).toBe(10);
    // |x[t-1] - 2x[t] + x[t+1]| of ±0.1 alternating is 0.4 for control a, 0 for b
    expect(s.jitter.raw).toBeCloseTo(0.2, 6);
    expect(s.jitter.smoothed).toBe(0);
    expect(s.jitter.truth).toBe(0);
    expect(s.smoothed.model.mean.mae).toBe(0);
    expect(s.raw.model.perControl.a.mae).toBeCloseTo(0.1, 6);
    expect(s.lag.smoothed).toBe(0);
    const late = vec([0, 0, 0, 0, 0, 0, 0.5, 1, 1, 1, 1]);
    const lagged = score({ raw: late, smoothed: late });
    expect(lagged.lag.raw).toBe(1);
    expect(lagged.calibrated).toBeNull();
    expect(
      score({ raw: late, smoothed: late, calibrated: vec(t) }).calibrated!.model.mean.mae,
    ).toBe(0);
    expect(() => score({ calibrated: vec(t).slice(2) })).toThrow(
      /calibrated must have as many frames as truth \(11\), got 9/,
    );
    expect(() => score({ raw: vec(t).slice(1) })).toThrow(/as many frames, got 10, 11 and 11/);
    expect(() => clipAvatarScores({} as never)).toThrow(
      /input\.truth must be an array, got undefined/,
    );
  });
});
