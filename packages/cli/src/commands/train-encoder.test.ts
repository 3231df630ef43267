import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, writeImageFile, type RgbImage } from '@freeavatar/core';
import { createProgram } from '../program.js';
import { interruptOnSigint } from '../terminal/interrupt.js';
import { resumeCommand, runTrainEncoder, type TrainEncoderOptions } from './train-encoder.js';
import { exists, logRows } from './test-utils/cli-helpers.js';

/** A tiny encoder, so that a few steps take well under a second. */
const TINY = { imageSize: 32, patchSize: 8, dim: 32, depth: 1, heads: 2, mlpRatio: 2 };
const SMALL_MAE = { decoderDim: 32, decoderHeads: 2 };

function blob(seed: number, size = 40): RgbImage {
  const rng = createRng(seed);
  const [cx, cy, r] = [rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), rng.uniform(0.15, 0.3)];
  const [base, spot] = [0, 1].map(() => [rng.int(256), rng.int(256), rng.int(256)]);
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = Math.exp(-((x / size - cx) ** 2 + (y / size - cy) ** 2) / (r * r));
      for (let c = 0; c < 3; c++) {
        data[(y * size + x) * 3 + c] = Math.round(base[c] * (1 - inside) + spot[c] * inside);
      }
    }
  }
  return { width: size, height: size, data };
}

let root = '';
let faces = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fa-train-'));
  faces = join(root, 'faces');
  for (let i = 0; i < 5; i++) await writeImageFile(join(faces, `f${i}.png`), blob(i));
  const url = 'http://example.com/img/';
  const face = (name: string): string => `${url}${name},0.1,0.9,0.1,0.9`;
  await writeFile(
    join(root, 'fec.csv'),
    [
      `${face('f0.png')},${face('f1.png')},${face('f2.png')},ONE_CLASS_TRIPLET,w1,3,w2,3`,
      `${face('f2.png')},${face('f3.png')},${face('f4.png')},TWO_CLASS_TRIPLET,w1,1,w2,1`,
      `${face('f0.png')},${face('gone.png')},${face('f4.png')},TWO_CLASS_TRIPLET,w1,1`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const mae = (out: string, extra: Partial<TrainEncoderOptions> = {}): TrainEncoderOptions => ({
  stage: 'mae',
  data: faces,
  out,
  preset: TINY,
  mae: SMALL_MAE,
  steps: 2,
  batch: 2,
  seed: 7,
  backend: 'wasm',
  ...extra,
});

describe('runTrainEncoder', () => {
  it('runs MAE, writes log, checkpoint and model, resumes, and is deterministic', async () => {
    const out = join(root, 'mae');
    const before = tf.memory().numTensors;
    const lines: string[] = [];
    const events: { done: number; metrics?: Record<string, number> }[] = [];
    const first = await runTrainEncoder(
      mae(out, { log: (l) => lines.push(l), onProgress: (e) => events.push(e) }),
    );
    expect(first).toMatchObject({ stopped: 'completed', step: 2, startStep: 0, steps: 2 });
    expect(first.model).toBe(join(out, 'model', 'model.json'));
    expect(await exists(first.checkpoint)).toBe(true);
    expect(await exists(first.model as string)).toBe(true);
    expect(lines).toContain(`data: image folder ${faces} (5 images)`);
    expect(Object.keys(events.at(-1)?.metrics ?? {})).toEqual(['loss', 'img/s', 'lr']);
    const rows = await logRows(out);
    expect(rows.map((r) => r.step)).toEqual([1, 2]);
    expect(rows.every((r) => Number.isFinite(r.loss) && r.loss > 0)).toBe(true);

    const resumed = await runTrainEncoder(mae(out, { steps: 3, resume: true }));
    expect(resumed).toMatchObject({ stopped: 'completed', step: 3, startStep: 2 });
    expect((await logRows(out)).map((r) => r.step)).toEqual([1, 2, 3]);

    const again = join(root, 'mae-again');
    await runTrainEncoder(mae(again));
    expect((await logRows(again)).map((r) => r.loss)).toEqual(rows.map((r) => r.loss));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on an aborted signal with a checkpoint and says how to resume', async () => {
    const out = join(root, 'mae-abort');
    const controller = new AbortController();
    const summary = await runTrainEncoder(
      mae(out, {
        steps: 50,
        signal: controller.signal,
        onProgress: (e) => e.metrics && controller.abort(),
      }),
    );
    expect(summary).toMatchObject({ stopped: 'aborted', step: 1, model: undefined });
    expect(await exists(summary.checkpoint)).toBe(true);
    expect(summary.resumeCommand).toMatch(/ --resume$/);
    expect(summary.resumeCommand).toContain(`--out ${out}`);
    const resumed = await runTrainEncoder(mae(out, { steps: 2, resume: true }));
    expect(resumed).toMatchObject({ stopped: 'completed', step: 2, startStep: 1 });
  });

  it('fine-tunes on FEC triplets from the MAE model', async () => {
    const lines: string[] = [];
    const summary = await runTrainEncoder({
      stage: 'triplet',
      fec: join(root, 'fec.csv'),
      images: faces,
      init: join(root, 'mae', 'model', 'model.json'),
      out: join(root, 'triplet'),
      steps: 2,
      batch: 2,
      seed: 7,
      backend: 'wasm',
      log: (l) => lines.push(l),
    });
    expect(summary).toMatchObject({ stage: 'triplet', stopped: 'completed', step: 2 });
    expect(await exists(summary.model as string)).toBe(true);
    expect(lines.some((l) => /2 of 3 FEC rows kept; skipped 1 with missing images/.test(l))).toBe(
      true,
    );
  });

  it('names missing and misplaced data flags', async () => {
    const out = join(root, 'bad');
    await expect(runTrainEncoder(mae(out, { data: undefined }))).rejects.toThrow(
      /--stage mae needs --data DIR/,
    );
    await expect(runTrainEncoder(mae(out, { fec: 'x.csv' }))).rejects.toThrow(
      /--fec is not used by --stage mae/,
    );
    await expect(runTrainEncoder(mae(out, { data: join(root, 'nowhere') }))).rejects.toThrow(
      /Cannot read image folder .*nowhere/,
    );
    await expect(
      runTrainEncoder(mae(out, { data: join(root, 'mae', 'checkpoint') })),
    ).rejects.toThrow(/holds no images/);
    const triplet = { stage: 'triplet', out, preset: TINY, backend: 'wasm' } as const;
    await expect(runTrainEncoder({ ...triplet, fec: join(root, 'fec.csv') })).rejects.toThrow(
      /--stage triplet needs --fec CSV and --images DIR/,
    );
    await expect(
      runTrainEncoder({ ...triplet, fec: join(root, 'fec.csv'), images: join(root, 'mae') }),
    ).rejects.toThrow(/no usable triplets in .*fec\.csv.*0 of 3 FEC rows kept/);
    await expect(
      runTrainEncoder({
        ...triplet,
        fec: join(root, 'fec.csv'),
        images: faces,
        init: join(root, 'none.json'),
      }),
    ).rejects.toThrow(/none\.json/);
  });
});

describe('resumeCommand', () => {
  it('repeats every flag that shapes the run, with defaults filled in', () => {
    expect(resumeCommand({ stage: 'triplet', out: 'runs/t 1', fec: 'a.csv', images: 'img' })).toBe(
      "freeavatar train encoder --stage triplet --preset tiny --out 'runs/t 1' --fec a.csv " +
        '--images img --steps 5000 --batch 16 --seed 0 --resume',
    );
    expect(
      resumeCommand({
        stage: 'expression',
        out: 'runs/e',
        synth: true,
        convStem: 3,
        targetWeights: 'perceptual',
        augment: true,
      }),
    ).toBe(
      'freeavatar train encoder --stage expression --preset tiny --out runs/e --synth ' +
        '--steps 600 --batch 32 --conv-stem 3 --target-weights perceptual --augment --seed 0 ' +
        '--resume',
    );
    expect(
      resumeCommand({
        stage: 'expression',
        out: 'runs/e',
        synth: true,
        augment: 'recipes/augment.json',
        scene: 'recipes/scene.json',
      }),
    ).toContain('--augment recipes/augment.json --scene recipes/scene.json');
    expect(
      resumeCommand({ stage: 'mae', out: 'runs/m', synth: true, renderWorker: false }),
    ).toContain('--synth --steps 3000 --batch 32 --no-render-worker --seed 0');
  });

  it('names options that are not an object or lack a known stage or out', async () => {
    expect(() => resumeCommand(null as never)).toThrow(/options must be an object, got null/);
    expect(() => resumeCommand({ stage: 'x', out: 'runs/x' } as never)).toThrow(
      /options\.stage must be one of mae, triplet, expression, head-fit, eye-reader, got the string "x"/,
    );
    await expect(runTrainEncoder({ stage: 'mae', data: 'faces/' } as never)).rejects.toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
  });
});

describe('interruptOnSigint', () => {
  it('aborts on the first SIGINT, calls onSecond on the next, and stops listening', () => {
    let seconds = 0;
    let firsts = 0;
    const listeners = process.listenerCount('SIGINT');
    const interrupt = interruptOnSigint({ onFirst: () => firsts++, onSecond: () => seconds++ });
    expect(interrupt.signal.aborted).toBe(false);
    process.emit('SIGINT');
    expect(interrupt.signal.aborted).toBe(true);
    process.emit('SIGINT');
    expect([firsts, seconds]).toEqual([1, 1]);
    interrupt.dispose();
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it('names options that are not an object', () => {
    expect(() => interruptOnSigint(42 as never)).toThrow(
      /options must be an object, got the number 42/,
    );
  });
});

describe('freeavatar train encoder', () => {
  it('trains the tiny preset from the command line and prints where the model is', async () => {
    const out = join(root, 'cli');
    const lines: string[] = [];
    await createProgram((l) => lines.push(l)).parseAsync(
      [
        'train',
        'encoder',
        '--stage',
        'mae',
        '--data',
        faces,
        '--out',
        out,
        '--steps',
        '1',
        '--batch',
        '2',
        '--backend',
        'wasm',
      ],
      { from: 'user' },
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^mae: completed at step 1\/1, last loss \d/),
    );
    expect(lines).toContain(`model: ${join(out, 'model', 'model.json')}`);
    expect(await exists(join(out, 'log.jsonl'))).toBe(true);
  });
});
