import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@freeavatar/core';
import { encoderEvalCommand, runEncoderEval } from './run-encoder-eval.js';
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
  it('runs the built-in methods on synthetic test triplets and frees every tensor', async () => {
    const out = join(root, 'real');
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const { evaluation, files, backend } = await runEncoderEval({
      out,
      count: 2,
      seed: 3,
      include: ['geometry', 'encoder'],
      worst: 2,
      log: (l) => lines.push(l),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(backend).toBe('wasm');
    expect(evaluation.data).toMatchObject({ triplets: 2, faces: 6 });
    expect(evaluation.data.facesWithoutDetection).toBeLessThanOrEqual(6);
    const [mesh, ours] = evaluation.methods;
    expect(mesh.name).toBe('face mesh geometry');
    expect(mesh.featureLength).toBe(1404);
    expect(mesh.scores!.triplets.total).toBe(2);
    expect(ours.name).toBe('FreeAvatar encoder');
    expect(lines[0]).toMatch(/^data: 2 synthetic FEC-style triplets of the test split/);
    expect(files.map((f) => f.slice(out.length + 1))).toContain('report.md');
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`npx freeavatar eval encoder --count 2 --seed 3 --out ${out}`);
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
  });
});
