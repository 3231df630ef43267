import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainAnimatorResult } from '@freeavatar/animator';
import {
  animatorResumeLine,
  animatorRunSummary,
  animatorSchedule,
  assertIntegerOption,
  checkAnimatorNumbers,
} from './animator-run.js';

const DEFAULTS = { steps: 300, batch: 4, neutral: 8 } as const;

describe('animator run flags', () => {
  it('checks integers and the learning rate, naming the bad value', () => {
    expect(() => checkAnimatorNumbers({ steps: 10, batch: 2, seed: 3, lr: 1e-3 })).not.toThrow();
    expect(() => checkAnimatorNumbers({ batch: 0 })).toThrow(
      'batch must be an integer in 1..1024, got 0',
    );
    expect(() => checkAnimatorNumbers({ seed: 1.5 })).toThrow(
      'seed must be an integer in 0..2147483647, got 1.5',
    );
    expect(() => checkAnimatorNumbers({ lr: -1 })).toThrow('lr must be a positive number, got -1');
    expect(() => assertIntegerOption('width', 9000, 1, 8192)).toThrow(
      'width must be an integer in 1..8192, got 9000',
    );
    expect(() => assertIntegerOption('width', undefined, 1, 8192)).not.toThrow();
  });

  it('writes the resume line with defaults filled in, extra flags before the run options', () => {
    expect(animatorResumeLine(['freeavatar', 'x', '--out', 'my runs'], {}, DEFAULTS)).toBe(
      "freeavatar x --out 'my runs' --steps 300 --batch 4 --seed 0 --resume",
    );
    const options = { steps: 9, batch: 2, seed: 5, lr: 0.01, checkpointMinutes: 3 };
    expect(
      animatorResumeLine(['f'], { ...options, backend: 'cpu' }, DEFAULTS, ['--width', '64']),
    ).toBe(
      'f --steps 9 --batch 2 --seed 5 --lr 0.01 --width 64 --checkpoint-minutes 3 ' +
        '--backend cpu --resume',
    );
  });

  it('turns the flags into a training schedule with a progress bar in actors per second', () => {
    const events: Record<string, unknown>[] = [];
    const schedule = animatorSchedule(
      { seed: 2, resume: true, onProgress: (e) => events.push({ ...e }) },
      'runs/a',
      DEFAULTS,
    );
    expect(schedule).toMatchObject({
      steps: 300,
      seed: 2,
      learningRate: 1e-3,
      outDir: 'runs/a',
      resume: true,
    });
    schedule.onProgress?.({
      task: 'train:animator',
      done: 1,
      total: 300,
      metrics: { loss: 0.5, samplesPerSecond: 12, learningRate: 1e-3 },
    });
    expect(events).toHaveLength(1);
    expect(Object.keys((events[0] as { metrics: object }).metrics)).toContain('actors/s');
  });

  it('summarises a run with its log, checkpoint and model paths', () => {
    const trained = {
      result: { step: 7, startStep: 2, stopped: 'aborted', seconds: 4.5, last: { loss: 0.25 } },
      model: undefined,
    } as unknown as TrainAnimatorResult;
    const summary = animatorRunSummary(trained, {
      title: 'animator',
      avatars: ['toon'],
      steps: 10,
      backend: 'cpu',
      outDir: 'runs/a',
      resumeCommand: 'f --resume',
    });
    expect(summary).toEqual({
      title: 'animator',
      avatars: ['toon'],
      stopped: 'aborted',
      step: 7,
      startStep: 2,
      steps: 10,
      lastLoss: 0.25,
      seconds: 4.5,
      backend: 'cpu',
      log: join('runs/a', 'log.jsonl'),
      checkpoint: join('runs/a', 'checkpoint', 'model.json'),
      model: undefined,
      resumeCommand: 'f --resume',
    });
  });
});
