import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnimatorNetwork, saveAnimatorNetwork } from '@freeavatar/animator';
import { readImageFile } from '@freeavatar/core';
import { ExpressionModel, saveExpressionModel } from '@freeavatar/expression-encoder';
import { ARKIT_BLENDSHAPE_NAMES, AVATARS, type ArkitTrack } from '@freeavatar/synth';
import { animatorPlots, curveAvatar } from './animator-plots.js';
import {
  animatorReportMarkdown,
  animatorResultsJson,
  writeAnimatorReport,
} from './animator-report.js';
import { clipRigs } from './clip-rigs.js';
import { animatorEvalCommand, runAnimatorEval } from './run-animator-eval.js';
import { VIEW_SUBSETS } from './view-scores.js';

const ASTRONAUT = new URL('../../../face-crop/fixtures/astronaut.png', import.meta.url).pathname;

let dir: string;
let model: string;
let encoder: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eval-animator-'));
  const enc = ExpressionModel.create(
    { imageSize: 32, patchSize: 8, dim: 32, depth: 1, heads: 2, mlpRatio: 2, embeddingDim: 16 },
    1,
  );
  encoder = join(dir, 'encoder', 'model.json');
  await saveExpressionModel(enc, encoder, { note: 'random weights for tests' });
  enc.dispose();
  const net = createAnimatorNetwork(
    {
      featureSize: 32,
      identitySize: 4,
      width: 16,
      blocks: 1,
      avatars: (['human', 'toon'] as const).map((id) => ({
        id,
        controls: AVATARS[id].rig.map((c) => c.name),
      })),
    },
    { seed: 1 },
  );
  net.neutralFeature = new Float32Array(32).fill(0.1);
  model = join(dir, 'animator', 'model.json');
  await saveAnimatorNetwork(net, model);
  net.dispose();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A 4-frame track: neutral, then the jaw opens, held. */
function track(): ArkitTrack {
  const jaw = ARKIT_BLENDSHAPE_NAMES.indexOf('jawOpen');
  return {
    format: 'freeavatar-arkit-track',
    version: 1,
    fps: 25,
    names: [...ARKIT_BLENDSHAPE_NAMES],
    frames: [0, 0, 0.6, 0.6].map((v, index) => {
      const weights = new Array<number>(52).fill(0);
      weights[jaw] = v;
      return { index, timeMs: index * 40, weights };
    }),
  };
}

describe('runAnimatorEval', () => {
  it('writes a report of held-out actors and a clip with a random tiny model, leaking no tensor', async () => {
    const image = await readImageFile(ASTRONAUT);
    const frames = [0, 1, 2, 3].map((i) => ({ image, timestampMs: i * 40 }));
    const out = join(dir, 'report');
    const before = tf.memory().numTensors;
    const summary = await runAnimatorEval({
      out,
      model,
      encoder,
      count: 5,
      baselineCount: 6,
      seed: 3,
      peers: ['kalidokit'],
      peerTrainCount: 6,
      clip: { path: 'astronaut.png ×4', frames, track: track(), calibrateSeconds: 0.05 },
    });
    expect(tf.memory().numTensors).toBe(before);
    const { heldOut, clip } = summary.report;
    expect(heldOut.scores.map((s) => s.avatar)).toEqual(['human', 'toon']);
    for (const s of heldOut.scores) {
      expect(s.samples).toBe(5);
      expect(s.model.mean.mae).toBeGreaterThan(0);
      expect(s.baseline.mean.mae).toBeGreaterThan(0);
      // the per-control median of the same 6 train actors: the constant with the least MAE
      expect(s.medianBaseline!.mean.mae).toBeGreaterThan(0);
      // a constant rig moves no control: each control whose truth moves counts as still
      expect(Object.values(s.baseline.perControl).every((e) => e.spread < 1e-6)).toBe(true);
      expect(s.baseline.stillControls.length).toBeGreaterThan(0);
      expect(Object.keys(s.model.perControl)).toHaveLength(AVATARS[s.avatar as 'toon'].rig.length);
      const c = heldOut.consistency[s.avatar]!;
      expect(Math.abs(c.truth)).toBeLessThanOrEqual(1);
      expect(Math.abs(c.predicted)).toBeLessThanOrEqual(1);
    }
    expect(heldOut.scores[1].key.jaw?.control).toBe('mouthOpen');
    // held-out actors are independent draws: their key r get bootstrap intervals
    const toonJaw = heldOut.scores[1].key.jaw!;
    expect(toonJaw.pearsonInterval!.level).toBe(0.95);
    expect(toonJaw.pearsonInterval!.low).toBeLessThanOrEqual(toonJaw.pearson!);
    expect(toonJaw.pearsonInterval!.high).toBeGreaterThanOrEqual(toonJaw.pearson!);
    // the same actors by view: each is uncovered or under one occluder kind
    const views = heldOut.byView!.human;
    expect(views.map((v) => v.id)).toEqual(VIEW_SUBSETS.map((v) => v.id));
    const count = (id: string) => views.find((v) => v.id === id)!.actors;
    expect(count('all')).toBe(5);
    expect(count('uncovered') + count('hand') + count('microphone') + count('hair')).toBe(5);
    expect(count('clear')).toBeLessThanOrEqual(count('uncovered'));
    // five actors are too few for a subset's r
    expect(views[0].key.jaw).toBeNull();
    expect(heldOut.peers!.trainCount).toBe(6);
    const [kalidokit] = heldOut.peers!.methods;
    expect(kalidokit.name).toBe('kalidokit + linear map');
    expect(kalidokit.found).toBeLessThanOrEqual(5);
    for (const s of heldOut.scores) {
      expect(s.peers.map((p) => p.name)).toEqual([
        'FreeAvatar animator, mirror-averaged',
        'kalidokit + linear map',
      ]);
      expect(s.peers[1].error.mean.mae).toBeGreaterThan(0);
      // the same network read on each crop and its mirror image: near, not equal
      const gap = Math.abs(s.peers[0].error.mean.mae - s.model.mean.mae);
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(0.1);
    }
    expect(clip!.frames).toBe(4);
    expect(clip!.faceFrames).toBe(4);
    // calibrated on the frames at 0 and 40 ms, then scored on all four
    expect(clip!.calibration).toEqual({ seconds: 0.05, frames: 2 });
    const human = clip!.scores[0];
    expect(human.calibrated!.model.mean.mae).toBeGreaterThan(0);
    expect(human.calibrated!.model.mean.mae).not.toBe(human.smoothed.model.mean.mae);
    expect(human.jitter.over).toBe('all');
    // a clip's frames are not independent samples: no intervals there
    expect(human.smoothed.key.jaw!.pearsonInterval).toBeNull();
    // the true jawOpen [0, 0, 0.6, 0.6] has second differences 0.6 and 0.6; the 51 others 0
    expect(human.jitter.truth).toBeCloseTo(0.6 / 52, 5);
    // a still picture: the prediction barely moves (only the tracked crop does)
    expect(human.jitter.raw).toBeLessThan(0.01);
    expect(summary.files.map((f) => f.slice(out.length + 1))).toEqual([
      'report.md',
      'results.json',
      'mae-per-avatar.png',
      'scatter-human.png',
      'scatter-toon.png',
      'clip-curves-human.png',
    ]);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain(
      `npx freeavatar eval animator --model ${model} --encoder ${encoder} --count 5 --peers kalidokit --peer-train-count 6 --calibrate 0.05 --seed 3 --out ${out}`,
    );
    expect(md).toContain('| human: animator, calibrated + smoothed');
    expect(md).toContain('on the 2 frames of the clip’s first 0.05 s');
    expect(md).toContain('| training mean rig');
    expect(md).toContain('| training median rig');
    expect(md).toContain('still controls ↓');
    expect(md).toContain('| FreeAvatar animator, mirror-averaged');
    expect(md).toContain('The mirror-averaged row is the same animator');
    expect(md).toContain('| human: training median rig');
    expect(md).toContain('| kalidokit + linear map');
    expect(md).toContain('95% bootstrap intervals (the actors resampled with replacement; "—"');
    expect(md).toMatch(/\| toon: lower bound +\| +-?\d\.\d{3} \|/);
    expect(md).toContain('| human: kalidokit + linear map');
    expect(md).toContain('### Key controls by how the actor was seen');
    expect(md).toMatch(/\| toon: all actors +\| +5 \| +— \|/);
    expect(md).toMatch(/kalidokit \+ linear map found \d of 5 test faces \(\d of 6 train faces\)/);
    expect(md).toContain('![Example clip, human avatar');
    expect(md).toMatch(/Measured at (commit|an unknown commit)/);
    const json = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(json.format).toBe('freeavatar-eval-animator');
    expect(json.heldOut.byView.toon[0]).toMatchObject({ id: 'all', actors: 5 });
    expect(json.heldOut.scores[0].model.mean.mae).toBeCloseTo(heldOut.scores[0].model.mean.mae, 10);
    const png = await readFile(join(out, 'mae-per-avatar.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('closes the clip source when calibration finds no face', async () => {
    let closed = false;
    const blank = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(128) };
    async function* frames(): AsyncGenerator<{ image: typeof blank; timestampMs: number }> {
      try {
        for (let i = 0; i < 4; i++) yield { image: blank, timestampMs: i * 40 };
      } finally {
        closed = true;
      }
    }
    await expect(
      runAnimatorEval({
        out: join(dir, 'no-face'),
        model,
        encoder,
        count: 2,
        baselineCount: 2,
        seed: 3,
        peers: [],
        mirrorAverage: false,
        clip: { path: 'blank ×4', frames: frames(), track: track(), calibrateSeconds: 0.05 },
      }),
    ).rejects.toThrow(/none of the 2 calibration frame\(s\) shows a face/);
    expect(closed).toBe(true);
  });

  it('names what is wrong with bad options', async () => {
    await expect(runAnimatorEval({ out: '' })).rejects.toThrow(/out must be a folder path/);
    await expect(runAnimatorEval({ out: dir, model, encoder, seed: -1 })).rejects.toThrow(
      /seed must be an integer/,
    );
    await expect(
      runAnimatorEval({ out: dir, model: join(dir, 'missing.json'), encoder }),
    ).rejects.toThrow(/missing\.json/);
    await expect(
      runAnimatorEval({ out: dir, model, encoder, count: 2, peers: ['nope' as 'kalidokit'] }),
    ).rejects.toThrow(/unknown rig peer 'nope'; expected one of kalidokit, geometry/);
    expect(animatorEvalCommand({ out: 'o', quick: true })).toBe(
      'npx freeavatar eval animator --quick --seed 1001 --out o',
    );
    expect(
      animatorEvalCommand({ out: 'o', count: 9, peers: ['geometry'], peerTrainCount: 32 }),
    ).toBe(
      'npx freeavatar eval animator --count 9 --peers geometry --peer-train-count 32 --seed 1001 --out o',
    );
    expect(animatorEvalCommand({ out: 'o', count: 9, peers: [] })).toContain('--peers none');
    expect(animatorEvalCommand({ out: 'o', quick: true, mirrorAverage: false })).toBe(
      'npx freeavatar eval animator --quick --no-mirror-average --seed 1001 --out o',
    );
    expect(() => animatorEvalCommand({} as never)).toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
  });

  it('names the bad argument of its report and plot helpers', async () => {
    await expect(clipRigs(null as never)).rejects.toThrow(/options must be an object, got null/);
    expect(() => animatorPlots(null as never, null as never, null, {})).toThrow(
      /scores must be an array, got null/,
    );
    expect(() => curveAvatar({} as never)).toThrow(/clip\.avatars must be an array/);
    expect(() => animatorReportMarkdown(null as never)).toThrow(/input must be an object/);
    expect(() => animatorResultsJson({} as never)).toThrow(/input\.plots must be an array/);
    await expect(writeAnimatorReport(join(dir, 'r'), {} as never, 'x' as never)).rejects.toThrow(
      /plots must be an array, got the string "x"/,
    );
  });
});
