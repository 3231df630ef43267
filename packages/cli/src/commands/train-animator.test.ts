import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNeuralRenderer,
  loadAnimatorNetwork,
  saveNeuralRenderer,
} from '@freeavatar/animator';
import { ExpressionModel, saveExpressionModel } from '@freeavatar/expression-encoder';
import { createProgram } from '../program.js';
import { addAvatarResumeCommand, runAddAvatar } from './add-avatar.js';
import { animatorResumeCommand, runTrainAnimator } from './train-animator.js';
import { exists, parseFailing } from './test-utils/cli-helpers.js';

let root = '';
let encoder = '';
let renderers = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fa-train-animator-'));
  // The tiny encoder preset with random weights, and width-16 renderers at its 64 px.
  const model = ExpressionModel.create('tiny', 1);
  encoder = join(root, 'encoder', 'model.json');
  await saveExpressionModel(model, encoder);
  model.dispose();
  renderers = join(root, 'renderers');
  for (const avatar of ['toon', 'robot'] as const) {
    const renderer = createNeuralRenderer({ avatar, imageSize: 64, width: 16, seed: 1 });
    // One as `<avatar>/model.json`, one as a `train renderer` run folder.
    const file =
      avatar === 'toon'
        ? join(renderers, avatar, 'model.json')
        : join(renderers, avatar, 'renderer', 'model.json');
    await saveNeuralRenderer(renderer, file);
    renderer.dispose();
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const base = (out: string) =>
  ({
    encoder,
    renderers,
    out,
    avatars: 'toon',
    steps: 2,
    batch: 2,
    seed: 3,
    width: 32,
    neutralCount: 2,
  }) as const;

describe('runTrainAnimator and runAddAvatar', () => {
  it('trains an animator, then adds an avatar leaving the shared weights as they were', async () => {
    const out = join(root, 'animator');
    const before = tf.memory().numTensors;
    const summary = await runTrainAnimator({ ...base(out), backend: 'wasm' });
    expect(summary).toMatchObject({ stopped: 'completed', step: 2, startStep: 0 });
    expect(summary.avatars).toEqual(['toon']);
    expect(summary.model).toBe(join(out, 'animator', 'model.json'));
    const rows = (await readFile(join(out, 'log.jsonl'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(Object.keys(JSON.parse(rows[0]))).toEqual(
      expect.arrayContaining(['loss', 'rig', 'image', 'perceptual', 'symmetry']),
    );
    expect(tf.memory().numTensors).toBe(before);

    const added = await runAddAvatar({
      animator: summary.model!,
      avatar: 'robot',
      renderer: join(renderers, 'robot', 'renderer', 'model.json'),
      encoder,
      out: join(root, 'add-robot'),
      steps: 2,
      batch: 2,
      seed: 4,
    });
    expect(added).toMatchObject({ stopped: 'completed', step: 2, avatars: ['toon', 'robot'] });
    expect(tf.memory().numTensors).toBe(before);
    const first = await loadAnimatorNetwork(summary.model!);
    const second = await loadAnimatorNetwork(added.model!);
    expect(first.neutralFeature).toHaveLength(128);
    expect(Array.from(second.neutralFeature!)).toEqual(Array.from(first.neutralFeature!));
    for (const name of Object.keys(first.params)) {
      expect(Array.from(second.params[name].dataSync()), name).toEqual(
        Array.from(first.params[name].dataSync()),
      );
    }
    expect(second.avatarParamNames('robot')).toHaveLength(3);
    first.dispose();
    second.dispose();

    await expect(
      runAddAvatar({
        animator: added.model!,
        avatar: 'toon',
        renderer: join(renderers, 'toon', 'model.json'),
        encoder,
        out: join(root, 'never'),
      }),
    ).rejects.toThrow(/already drives toon; its avatars: toon, robot/);
    await expect(
      runAddAvatar({
        animator: summary.model!,
        avatar: 'robot',
        renderer: join(renderers, 'toon', 'model.json'),
        encoder,
        out: join(root, 'never'),
      }),
    ).rejects.toThrow(/is the toon renderer, not the robot one/);
    expect(tf.memory().numTensors).toBe(before);
    expect(await exists(join(root, 'never'))).toBe(false);
  });

  it('goes on training a trained network with --init, for the cycles asked', async () => {
    const first = await runTrainAnimator({ ...base(join(root, 'init-first')), backend: 'wasm' });
    const { width: _, ...flags } = base(join(root, 'init-more'));
    const before = tf.memory().numTensors;
    const more = await runTrainAnimator({ ...flags, init: first.model!, cycles: 1, seed: 5 });
    expect(more).toMatchObject({ stopped: 'completed', step: 2, avatars: ['toon'] });
    expect(tf.memory().numTensors).toBe(before);
    const [a, b] = [
      await loadAnimatorNetwork(first.model!),
      await loadAnimatorNetwork(more.model!),
    ];
    expect(b.config).toEqual(a.config);
    const changed = Object.keys(a.params).filter(
      (name) =>
        tf.tidy(() => tf.max(tf.abs(tf.sub(a.params[name], b.params[name]))).dataSync()[0]) > 0,
    );
    expect(changed).toContain('shared/input/kernel');
    expect(changed).toContain('avatar/toon/head/kernel');
    a.dispose();
    b.dispose();

    const out = join(root, 'never');
    await expect(runTrainAnimator({ ...base(out), init: first.model! })).rejects.toThrow(
      '--width shapes a new network and --init goes on training a trained one: give one of them',
    );
    await expect(
      runTrainAnimator({ ...flags, out, avatars: 'toon,robot', init: first.model! }),
    ).rejects.toThrow(
      `--init ${first.model!} drives toon; the run trains toon, robot (give --avatars toon)`,
    );
    await expect(
      runTrainAnimator({ ...flags, out, init: join(root, 'missing.json') }),
    ).rejects.toThrow(/missing\.json/);
    await expect(runTrainAnimator({ ...flags, out, cycles: 0 })).rejects.toThrow(
      'cycles must be an integer in 1..1000000, got 0',
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(await exists(out)).toBe(false);
  });

  it('names a missing renderer, bad numbers and unknown avatars', async () => {
    const out = join(root, 'bad');
    await expect(runTrainAnimator({ ...base(out), avatars: 'toon,human' })).rejects.toThrow(
      /no neural renderer for human in .*renderers: expected .*human\/model\.json or .*human\/renderer\/model\.json/,
    );
    await expect(runTrainAnimator({ ...base(out), avatars: 'toon,cat' })).rejects.toThrow(
      'unknown avatar "cat"; expected one of human, toon, robot',
    );
    await expect(runTrainAnimator({ ...base(out), steps: 0 })).rejects.toThrow(
      'steps must be an integer in 1..100000000, got 0',
    );
    await expect(runTrainAnimator({ ...base(out), rigL1: Number.NaN })).rejects.toThrow(
      '--rig-l1 must be a finite number ≥ 0, got NaN',
    );
    await expect(runTrainAnimator({ ...base(out), rigL1MinShare: 2 })).rejects.toThrow(
      '--rig-l1-min-share must be a number in 0..1, got 2',
    );
    await expect(runTrainAnimator({ ...base(out), rigL1MinShare: 0.03 })).rejects.toThrow(
      /--rig-l1-min-share chooses the controls of the rig absolute-error term, which is off/,
    );
    expect(await exists(out)).toBe(false);
  });

  it('writes resume commands with every flag that shapes the run', () => {
    expect(animatorResumeCommand({ encoder: 'default', renderers: 'my r', out: 'runs/a' })).toBe(
      "freeavatar train animator --encoder default --renderers 'my r' --out runs/a " +
        '--avatars human,toon,robot --steps 2000 --batch 16 --seed 0 --resume',
    );
    expect(
      animatorResumeCommand({
        encoder: 'e.json',
        renderers: 'r',
        out: 'o',
        rigL1: 2,
        rigL1MinShare: 0.03,
        width: 64,
      }),
    ).toBe(
      'freeavatar train animator --encoder e.json --renderers r --out o ' +
        '--avatars human,toon,robot --steps 2000 --batch 16 --seed 0 --width 64 --rig-l1 2 ' +
        '--rig-l1-min-share 0.03 --resume',
    );
    expect(
      animatorResumeCommand({
        encoder: 'e.json',
        renderers: 'r',
        out: 'o',
        init: 'a b/model.json',
        cycles: 4,
      }),
    ).toBe(
      'freeavatar train animator --encoder e.json --renderers r --out o ' +
        "--avatars human,toon,robot --steps 2000 --batch 16 --seed 0 --init 'a b/model.json' " +
        '--cycles 4 --resume',
    );
    expect(
      addAvatarResumeCommand({ animator: 'a.json', avatar: 'robot', renderer: 'r.json', out: 'o' }),
    ).toBe(
      'freeavatar add-avatar --animator a.json --avatar robot --renderer r.json --out o ' +
        '--encoder default --steps 500 --batch 16 --seed 0 --resume',
    );
  });
});

describe('freeavatar train animator / add-avatar', () => {
  it('trains from the command line and prints the model and avatars', async () => {
    const out = join(root, 'cli');
    const lines: string[] = [];
    await createProgram((l) => lines.push(l)).parseAsync(
      ['train', 'animator', '--encoder', encoder, '--renderers', renderers, '--out', out].concat([
        '--avatars',
        'robot',
        '--steps',
        '1',
        '--batch',
        '1',
        '--width',
        '16',
        '--rig-l1',
        '2',
        '--rig-l1-min-share',
        '0.1',
        '--backend',
        'wasm',
      ]),
      { from: 'user' },
    );
    const row = JSON.parse((await readFile(join(out, 'log.jsonl'), 'utf8')).trim());
    expect(row.rigL1).toBeGreaterThan(0);
    expect(lines).toContainEqual(
      expect.stringMatching(/^animator: completed at step 1\/1, last loss \d/),
    );
    expect(lines).toContain(`model: ${join(out, 'animator', 'model.json')}`);
    expect(lines).toContain('avatars: robot');
    // the robot's blink is shown by about a fifth of the actors, its round mouth by fewer than 0.1
    const l1Line = lines.find((l) => l.startsWith('rig absolute error on robot: all but '));
    expect(l1Line).toMatch(/mouthRound.*\(shown by under 0\.1 of 4096 actors\)/);
    expect(l1Line).not.toMatch(/\bblink\b/);
  });

  it('names bad flags', async () => {
    const base = ['train', 'animator', '--renderers', renderers, '--out', join(root, 'never')];
    expect(await parseFailing([...base, '--avatars', 'robot,cat'])).toMatch(
      /unknown avatar "cat"; expected one of human, toon, robot/,
    );
    expect(await parseFailing([...base, '--batch', '0'])).toMatch(
      /--batch must be an integer in 1\.\.1024, got 0/,
    );
    expect(await parseFailing([...base, '--rig-l1', '-1'])).toMatch(
      /--rig-l1 must be a number in 0\.\.1000000, got -1/,
    );
    expect(await parseFailing([...base, '--cycles', '0'])).toMatch(
      /--cycles must be an integer in 1\.\.1000000, got 0/,
    );
    expect(await parseFailing([...base, '--rig-l1-min-share', '2'])).toMatch(
      /--rig-l1-min-share must be a number in 0\.\.1, got 2/,
    );
    expect(await parseFailing(['add-avatar', '--animator', 'a.json', '--avatar', 'robot'])).toMatch(
      /required option '--renderer <model>' not specified/,
    );
    expect(await exists(join(root, 'never'))).toBe(false);
  });
});
