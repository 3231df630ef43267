import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../program.js';
import {
  rendererResumeCommand,
  runTrainRenderer,
  type TrainRendererOptions,
} from './train-renderer.js';
import { exists, logRows, parseFailing } from './test-utils/cli-helpers.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fa-train-renderer-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A small robot renderer, so that a step takes a fraction of a second. */
const small = (out: string, extra: Partial<TrainRendererOptions> = {}): TrainRendererOptions => ({
  avatar: 'robot',
  out,
  steps: 2,
  batch: 2,
  size: 32,
  width: 16,
  seed: 3,
  heldOut: 4,
  backend: 'wasm',
  ...extra,
});

describe('runTrainRenderer', () => {
  it('writes log, checkpoint and model, scores held-out PSNR, resumes, and is deterministic', async () => {
    const out = join(root, 'robot');
    const before = tf.memory().numTensors;
    const first = await runTrainRenderer(small(out));
    expect(first.stopped).toBe('completed');
    expect([first.startStep, first.step]).toEqual([0, 2]);
    expect(first.model).toBe(join(out, 'renderer', 'model.json'));
    expect(await exists(first.model as string)).toBe(true);
    expect(await exists(first.checkpoint)).toBe(true);
    expect(first.heldOutPsnr).toBeGreaterThan(0);
    expect(Number.isFinite(first.heldOutPsnr)).toBe(true);
    const rows = await logRows(out);
    expect(rows.map((r) => r.step)).toEqual([1, 2]);

    const resumed = await runTrainRenderer(small(out, { steps: 3, resume: true }));
    expect([resumed.startStep, resumed.step]).toEqual([2, 3]);
    expect((await logRows(out)).map((r) => r.step)).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);

    const again = join(root, 'robot-again');
    await runTrainRenderer(small(again));
    expect((await logRows(again)).map((r) => r.loss)).toEqual(rows.map((r) => r.loss));
  });

  it('stops after the current step when the signal aborts, with a checkpoint', async () => {
    const out = join(root, 'aborted');
    const controller = new AbortController();
    controller.abort();
    const summary = await runTrainRenderer(small(out, { signal: controller.signal }));
    expect(summary.stopped).toBe('aborted');
    expect(summary.step).toBeLessThan(2);
    expect(summary.heldOutPsnr).toBeUndefined();
    expect(await exists(summary.checkpoint)).toBe(true);
    expect(summary.resumeCommand).toBe(
      `freeavatar train renderer --avatar robot --out ${out} --steps 2 --batch 2 --size 32 ` +
        '--width 16 --seed 3 --lr 0.002 --backend wasm --resume',
    );
  });

  it('rejects an unknown avatar and bad numbers with messages naming them', async () => {
    const out = join(root, 'bad');
    await expect(runTrainRenderer(small(out, { avatar: 'cat' }))).rejects.toThrow(
      'unknown avatar "cat"; expected one of human, toon, robot',
    );
    await expect(runTrainRenderer(small(out, { steps: 0 }))).rejects.toThrow(
      'steps must be an integer in 1..100000000, got 0',
    );
    await expect(runTrainRenderer(small(out, { batch: 1.5 }))).rejects.toThrow(
      'batch must be an integer in 1..1024, got 1.5',
    );
    await expect(runTrainRenderer(small(out, { size: 48 }))).rejects.toThrow(
      'size must be one of 8, 16, 32, 64, 128, 256, got 48',
    );
    await expect(runTrainRenderer(small(out, { lr: 0 }))).rejects.toThrow(
      'lr must be a positive number, got 0',
    );
    await expect(runTrainRenderer(small(out, { pool: -1 }))).rejects.toThrow(
      'pool must be an integer in 0..1000000, got -1',
    );
    expect(await exists(out)).toBe(false);
  });
});

describe('rendererResumeCommand', () => {
  it('fills in the defaults and quotes paths with spaces', () => {
    expect(rendererResumeCommand({ avatar: 'toon', out: 'my runs/toon' })).toBe(
      "freeavatar train renderer --avatar toon --out 'my runs/toon' --steps 2000 --batch 16 " +
        '--size 64 --width 128 --seed 0 --lr 0.002 --resume',
    );
  });

  it('carries the learning rate and the pool', () => {
    expect(rendererResumeCommand({ avatar: 'robot', out: 'r', lr: 0.001, pool: 64 })).toBe(
      'freeavatar train renderer --avatar robot --out r --steps 2000 --batch 16 ' +
        '--size 64 --width 128 --seed 0 --lr 0.001 --pool 64 --resume',
    );
  });

  it('names options that are not an object or lack avatar or out', async () => {
    expect(() => rendererResumeCommand(null as never)).toThrow(
      /options must be an object, got null/,
    );
    expect(() => rendererResumeCommand({ avatar: 'robot' } as never)).toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
    await expect(runTrainRenderer({ out: join(root, 'x') } as never)).rejects.toThrow(
      /options\.avatar must be a non-empty string, got undefined/,
    );
  });
});

describe('freeavatar train renderer', () => {
  it('trains from the command line and prints model and held-out PSNR', async () => {
    const out = join(root, 'cli');
    const lines: string[] = [];
    const args = ['train', 'renderer', '--avatar', 'robot', '--out', out, '--steps', '1'];
    await createProgram((l) => lines.push(l)).parseAsync(
      [...args, '--batch', '2', '--size', '16', '--width', '8', '--backend', 'wasm'],
      { from: 'user' },
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^robot renderer: completed at step 1\/1, last loss \d/),
    );
    expect(lines).toContain(`model: ${join(out, 'renderer', 'model.json')}`);
    expect(lines).toContainEqual(expect.stringMatching(/^held-out PSNR: \d+\.\d\d dB$/));
    expect(await exists(join(out, 'log.jsonl'))).toBe(true);
  });

  it('stops on Ctrl-C with a checkpoint, prints the resume command and sets exit code 130', async () => {
    const out = join(root, 'ctrl-c');
    const lines: string[] = [];
    const listeners = process.listenerCount('SIGINT');
    const run = createProgram((l) => lines.push(l)).parseAsync(
      ['train', 'renderer', '--avatar', 'robot', '--out', out, '--steps', '100000'].concat([
        '--batch',
        '1',
        '--size',
        '8',
        '--width',
        '8',
        '--backend',
        'wasm',
      ]),
      { from: 'user' },
    );
    while (process.listenerCount('SIGINT') === listeners) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const exitCode = process.exitCode;
    try {
      process.emit('SIGINT');
      await run;
      expect(process.exitCode).toBe(130);
    } finally {
      process.exitCode = exitCode;
    }
    expect(lines).toContainEqual(
      expect.stringMatching(/^robot renderer: interrupted at step \d+\/100000/),
    );
    expect(lines).toContain(
      `resume with: freeavatar train renderer --avatar robot --out ${out} --steps 100000 ` +
        '--batch 1 --size 8 --width 8 --seed 0 --lr 0.002 --backend wasm --resume',
    );
    expect(await exists(join(out, 'checkpoint', 'model.json'))).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it('lists the avatar ids for an unknown one and names bad numbers', async () => {
    const base = ['train', 'renderer', '--out', join(root, 'never')];
    expect(await parseFailing([...base, '--avatar', 'cat'])).toMatch(
      /unknown avatar cat; expected one of human, toon, robot/,
    );
    expect(await parseFailing([...base, '--avatar', 'robot', '--steps', 'x'])).toMatch(
      /--steps must be an integer in 1\.\.100000000, got x/,
    );
    expect(await parseFailing([...base, '--avatar', 'robot', '--size', '60'])).toMatch(
      /--size must be one of 8, 16, 32, 64, 128, 256, got 60/,
    );
    expect(await exists(join(root, 'never'))).toBe(false);
  });
});
