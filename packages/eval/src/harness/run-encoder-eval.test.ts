import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@freeavatar/core';
import { writeTripletDataset } from '@freeavatar/synth';
import { MAE_NOT_GIVEN } from './default-methods.js';
import {
  encoderEvalCommand,
  encoderEvalPerturbations,
  runEncoderEval,
} from './run-encoder-eval.js';
import { valueMethod } from './test-utils/fake-set.js';

let root: string;
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  root = await mkdtemp(join(tmpdir(), 'eval-run-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runEncoderEval', () => {
  it('runs the built-in methods on synthetic test triplets, clean and perturbed, and frees every tensor', async () => {
    const out = join(root, 'real');
    const lines: string[] = [];
    const tasks = new Set<string>();
    const before = tf.memory().numTensors;
    const { evaluation, files, backend, perturbations } = await runEncoderEval({
      out,
      count: 2,
      seed: 3,
      include: ['geometry', 'mae', 'encoder'],
      perturb: ['yaw'],
      worst: 2,
      log: (l) => lines.push(l),
      onProgress: (e) => tasks.add(e.task),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(backend).toBe('wasm');
    expect(evaluation.data).toMatchObject({ triplets: 2, faces: 6 });
    expect(evaluation.data.facesWithoutDetection).toBeLessThanOrEqual(6);
    const [mesh, mae, ours] = evaluation.methods;
    expect(mesh.name).toBe('face mesh geometry');
    expect(mesh.featureLength).toBe(1404);
    expect(mesh.scores!.triplets.total).toBe(2);
    expect(mae).toMatchObject({ name: 'MAE features (stage 1)', reason: MAE_NOT_GIVEN });
    expect(ours.name).toBe('FreeAvatar encoder');
    expect(lines[0]).toMatch(/^data: 2 synthetic FEC-style triplets of the test split/);
    expect(perturbations.map((p) => p.id)).toEqual(['yaw']);
    for (const p of perturbations) {
      expect(p.evaluation!.data).toMatchObject({ triplets: 2, faces: 6 });
      expect(p.evaluation!.data.details.perturbation).toBe(p.id);
      expect(p.evaluation!.methods[0].scores!.worst).toEqual([]);
      expect(p.example).toMatchObject({ width: 112, height: 112 });
    }
    expect(lines).toContainEqual(expect.stringMatching(/^perturbation yaw: \d+ s$/));
    expect(tasks).toContain('eval:render');
    expect(tasks).toContain('eval:yaw:render');
    expect(tasks).toContain('eval:yaw:detect');
    const written = files.map((f) => f.slice(out.length + 1));
    expect(written).toContain('report.md');
    expect(written).toContain('robustness.png');
    expect(written).toContain('perturbations.png');
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain(
      `npx freeavatar eval encoder --count 2 --seed 3 --perturb yaw --out ${out}`,
    );
    expect(md).toContain('## Robustness');
    expect(md).toContain('## The fine-tuned embedding against its baselines');
  });

  it('runs image perturbations on FEC data and reports the scene ones as not run', async () => {
    const data = join(root, 'fec');
    await writeTripletDataset({ out: data, count: 2, size: 48, split: 'test', seed: 2 });
    const lines: string[] = [];
    const { perturbations, evaluation } = await runEncoderEval({
      out: join(root, 'fec-out'),
      data,
      size: 40,
      detect: false,
      methods: [valueMethod('first byte')],
      perturb: ['blur', 'dark'],
      log: (l) => lines.push(l),
    });
    expect(evaluation.data.triplets).toBe(2);
    const [blur, dark] = perturbations;
    expect(blur.evaluation!.methods[0].scores!.triplets.total).toBe(2);
    expect(blur.example).toMatchObject({ width: 40, height: 40 });
    expect(dark).toMatchObject({
      id: 'dark',
      evaluation: null,
      reason: 'it changes the rendered scene, so it needs synthetic data (not --data)',
    });
    expect(lines).toContain(
      'perturbation dark: not run (it changes the rendered scene, so it needs synthetic data (not --data))',
    );
  });

  it('runs given methods on the plain pictures and checks its options', async () => {
    const out = join(root, 'given');
    const { evaluation } = await runEncoderEval({
      out,
      quick: true,
      count: 1,
      size: 32,
      detect: false,
      methods: [valueMethod('first byte')],
      command: 'my command',
    });
    expect(evaluation.data.facesWithoutDetection).toBeNull();
    expect(evaluation.methods[0].scores!.triplets.total).toBe(1);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('my command');
    await expect(runEncoderEval({ out: '' })).rejects.toThrow(/out must be a folder path/);
    await expect(runEncoderEval({ out, data: root, seed: 2 })).rejects.toThrow(
      /seed chooses synthetic triplets/,
    );
    // The shared cropper gets the given options.
    await expect(
      runEncoderEval({
        out,
        quick: true,
        count: 1,
        size: 32,
        methods: [valueMethod('first byte')],
        faceCropper: { keypointFallback: 'yes' as unknown as boolean },
      }),
    ).rejects.toThrow(/keypointFallback must be a boolean, got yes/);
  });

  it('runs every perturbation in a full run and none in a quick one, unless told', () => {
    expect(encoderEvalPerturbations({ out: 'o' })).toEqual([
      'blur',
      'noise',
      'occlusion',
      'yaw',
      'dark',
    ]);
    expect(encoderEvalPerturbations({ out: 'o', quick: true })).toEqual([]);
    expect(encoderEvalPerturbations({ out: 'o', quick: true, perturb: ['dark'] })).toEqual([
      'dark',
    ]);
    expect(encoderEvalPerturbations({ out: 'o', perturb: [] })).toEqual([]);
    expect(() => encoderEvalPerturbations({ out: 'o', perturb: ['fog' as never] })).toThrow(
      "unknown perturbation 'fog'; expected one of blur, noise, occlusion, yaw, dark",
    );
    expect(() => encoderEvalPerturbations({ out: 'o', perturb: ['yaw', 'yaw'] })).toThrow(
      'perturb must not repeat an id, got yaw, yaw',
    );
    expect(() => encoderEvalPerturbations(null as never)).toThrow(
      /options must be an object, got null/,
    );
  });

  it('writes the command that reproduces a run', () => {
    expect(encoderEvalCommand({ out: 'o', quick: true })).toBe(
      'npx freeavatar eval encoder --quick --seed 1 --out o',
    );
    expect(encoderEvalCommand({ out: 'o', data: 'd', count: 5, size: 96, model: 'm.json' })).toBe(
      'npx freeavatar eval encoder --data d --count 5 --size 96 --model m.json --out o',
    );
    expect(encoderEvalCommand({ out: 'o' })).toBe(
      'npx freeavatar eval encoder --count 1000 --seed 1 --out o',
    );
    expect(
      encoderEvalCommand({
        out: 'o',
        count: 2000,
        model: 'runs/triplet/model/model.json',
        maeModel: 'runs/mae/model/model.json',
        perturb: ['blur', 'noise', 'occlusion', 'yaw', 'dark'],
      }),
    ).toBe(
      'npx freeavatar eval encoder --count 2000 --seed 1 --model runs/triplet/model/model.json ' +
        '--mae-model runs/mae/model/model.json --perturb all --out o',
    );
    expect(encoderEvalCommand({ out: 'o', perturb: [] })).toBe(
      'npx freeavatar eval encoder --count 1000 --seed 1 --perturb none --out o',
    );
    expect(() => encoderEvalCommand({} as never)).toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
  });
});
