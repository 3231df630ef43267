import { describe, expect, it } from 'vitest';
import { createRng } from '@freeavatar/core';
import { pearsonCorrelation } from '../metrics/rig.js';
import {
  VIEW_SUBSETS,
  keyControlsByView,
  viewKeySection,
  viewKeyTable,
  type ActorView,
} from './view-scores.js';

const controls = ['open', 'blink', 'other'];
const keyControls = { jaw: 'open', blink: 'blink', smile: null, brow: null, pucker: null };

/**
 * 40 clear actors whose prediction is the truth, 30 with a hand over the face whose prediction
 * is noise, and 10 turned 40° with the truth again.
 */
function actors() {
  const rng = createRng(4);
  const predicted: number[][] = [];
  const truth: number[][] = [];
  const views: ActorView[] = [];
  for (let i = 0; i < 80; i++) {
    const t = [rng.next(), rng.next(), 0.5];
    const hand = i >= 40 && i < 70;
    truth.push(t);
    predicted.push(hand ? [rng.next(), rng.next(), 0.5] : [...t]);
    views.push({ yaw: i >= 70 ? -40 : i % 20, occluder: hand ? 'hand' : null });
  }
  return { predicted, truth, views };
}

/** The actors' scores with 200-resample intervals. */
function withIntervals(extra: { minActors?: number } = {}) {
  return keyControlsByView({
    controls,
    ...actors(),
    keyControls,
    intervals: { resamples: 200, seed: 2 },
    ...extra,
  });
}

describe('keyControlsByView', () => {
  it('scores each subset of actors on its own, by hand', () => {
    const { predicted, truth, views } = actors();
    const rows = keyControlsByView({ controls, predicted, truth, views, keyControls });
    expect(rows.map((r) => r.id)).toEqual(VIEW_SUBSETS.map((s) => s.id));
    const by = (id: string) => rows.find((r) => r.id === id)!;
    expect(by('all').actors).toBe(80);
    expect(by('clear').actors).toBe(40);
    expect(by('uncovered').actors).toBe(50);
    expect(by('wide-yaw').actors).toBe(10);
    expect(by('hand').actors).toBe(30);
    expect(by('microphone').actors).toBe(0);
    // exact predictions on clear views
    expect(by('clear').key.jaw!.pearson).toBeCloseTo(1, 10);
    expect(by('clear').key.blink!.control).toBe('blink');
    // the hand's rows alone: r of the noise against the truth
    const hand = views.flatMap((v, i) => (v.occluder === 'hand' ? [i] : []));
    expect(by('hand').key.blink!.pearson).toBeCloseTo(
      pearsonCorrelation(
        hand.map((i) => predicted[i][1]),
        hand.map((i) => truth[i][1]),
      )!,
      10,
    );
    expect(by('all').key.jaw!.pearson!).toBeLessThan(1);
    expect(by('all').key.jaw!.pearson!).toBeGreaterThan(by('hand').key.jaw!.pearson!);
    // too few actors, or no control for the slot: no figure
    expect(by('wide-yaw').key.jaw).toBeNull();
    expect(by('microphone').key.blink).toBeNull();
    expect(by('all').key.smile).toBeNull();
    expect(by('all').key.jaw!.pearsonInterval).toBeNull();
  });

  it('gives intervals when asked, and honours minActors', () => {
    const rows = withIntervals({ minActors: 5 });
    const all = rows[0].key.jaw!;
    expect(all.pearsonInterval!.low).toBeLessThanOrEqual(all.pearson!);
    expect(all.pearsonInterval!.high).toBeGreaterThanOrEqual(all.pearson!);
    expect(rows.find((r) => r.id === 'wide-yaw')!.key.jaw!.pearson).toBeCloseTo(1, 10);
  });

  it('names what is wrong with its input', () => {
    const { predicted, truth, views } = actors();
    const input = { controls, predicted, truth, views, keyControls };
    expect(() => keyControlsByView({ ...input, views: views.slice(1) })).toThrow(
      /one entry per actor, got 80, 80 and 79/,
    );
    expect(() =>
      keyControlsByView({ ...input, keyControls: { ...keyControls, jaw: 'x' } }),
    ).toThrow(/key control 'x' \(jaw\) is not one of the controls/);
    expect(() => keyControlsByView({ ...input, minActors: 2 })).toThrow(/minActors must be/);
    expect(() => keyControlsByView({ ...input, truth: [[0, 1], ...truth.slice(1)] })).toThrow(
      /truth\[0\] has 2 values, expected 3/,
    );
    expect(() => keyControlsByView(null as never)).toThrow(/input must be an object, got null/);
  });
});

describe('viewKeyTable and viewKeySection', () => {
  it('write a row per avatar and subset, and the clear views with their intervals', () => {
    const rows = withIntervals();
    const table = viewKeyTable([{ avatar: 'toy', rows }]);
    expect(table).toMatch(/\| toy: all actors +\| +80 \| +-?\d\.\d{3} \|/);
    expect(table).toMatch(/\| toy: microphone over the face +\| +0 \| +— \|/);
    const md = viewKeySection({ toy: rows }).join('\n');
    expect(md).toContain('### Key controls by how the actor was seen');
    expect(md).toMatch(/- toy \(40 actors\): jaw 1\.000 \(1\.000–1\.000\), blink 1\.000/);
    expect(viewKeySection({})).toEqual([]);
    expect(() => viewKeyTable([])).toThrow(/at least one avatar/);
    expect(() => viewKeySection({ toy: 'x' } as never)).toThrow(
      /byAvatar\.toy must be an array, got the string "x"/,
    );
  });
});
