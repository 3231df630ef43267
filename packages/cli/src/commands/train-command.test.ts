import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAvatarList, rendererPath } from './animator-training-models.js';
import { addCommonTrainFlags, barMetrics, shellQuote, trainingReport } from './train-command.js';

const summary = {
  title: 'animator',
  stopped: 'aborted',
  step: 3,
  startStep: 0,
  steps: 10,
  lastLoss: 0.12345,
  seconds: 4.25,
  backend: 'wasm',
  log: 'runs/a/log.jsonl',
  checkpoint: 'runs/a/checkpoint/model.json',
  model: 'runs/a/animator/model.json',
  resumeCommand: 'freeavatar train animator --resume',
} as const;

describe('training command helpers', () => {
  it('reports how a run stopped, where its files are, and how to resume', () => {
    expect(trainingReport(summary, ['avatars: toon'])).toEqual([
      'animator: interrupted at step 3/10, last loss 0.1235, 4.3 s of training on wasm',
      'log: runs/a/log.jsonl',
      'checkpoint: runs/a/checkpoint/model.json',
      'model: runs/a/animator/model.json',
      'avatars: toon',
      'resume with: freeavatar train animator --resume',
    ]);
    const done = trainingReport({
      ...summary,
      stopped: 'completed',
      lastLoss: undefined,
      model: undefined,
    });
    expect(done[0]).toBe('animator: completed at step 3/10, 4.3 s of training on wasm');
    expect(done.some((l) => l.startsWith('resume with'))).toBe(false);
    expect(done.some((l) => l.startsWith('model:'))).toBe(false);
  });

  it('quotes shell arguments only when needed', () => {
    expect(shellQuote('runs/a-1.json')).toBe('runs/a-1.json');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });

  it('keeps loss, throughput and learning rate for the progress bar', () => {
    const event = {
      task: 't',
      done: 1,
      total: 2,
      unit: 'steps',
      metrics: { loss: 1, samplesPerSecond: 5, learningRate: 0.1, rig: 3 },
    };
    expect(barMetrics(event, 'actors/s').metrics).toEqual({ loss: 1, 'actors/s': 5, lr: 0.1 });
    expect(barMetrics({ task: 't', done: 0, total: 1 }, 'x')).toEqual({
      task: 't',
      done: 0,
      total: 1,
    });
  });

  it('adds the shared flags with their defaults', () => {
    const command = addCommonTrainFlags(new Command('x'));
    command.parse(['--seed', '4', '--backend', 'cpu'], { from: 'user' });
    expect(command.opts()).toEqual({ seed: 4, resume: false, backend: 'cpu' });
  });

  it('parses avatar lists', () => {
    expect(parseAvatarList(' toon, robot ')).toEqual(['toon', 'robot']);
    expect(() => parseAvatarList('')).toThrow('the avatar list is empty');
    expect(() => parseAvatarList('toon,toon')).toThrow('an avatar appears twice in toon,toon');
  });

  it('finds renderers in a folder or among the shipped ones', async () => {
    await expect(rendererPath('default', 'robot')).resolves.toMatch(
      /weights\/renderers\/robot\/model\.json$/,
    );
    await expect(rendererPath('/nonexistent', 'toon')).rejects.toThrow(
      'no neural renderer for toon in /nonexistent: expected /nonexistent/toon/model.json or /nonexistent/toon/renderer/model.json',
    );
  });
});
