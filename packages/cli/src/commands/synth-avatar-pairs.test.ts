import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreeAvatarError, readImageFile } from '@freeavatar/core';
import { retarget } from '@freeavatar/synth';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram } from '../program.js';
import { avatarPairImagePath, runSynthAvatarPairs } from './synth-avatar-pairs.js';

const root = await mkdtemp(join(tmpdir(), 'fa-avatar-pairs-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = createProgram((l) => lines.push(l));
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({ writeErr: () => {} });
    command.commands.forEach(quiet);
  };
  quiet(program);
  await program.parseAsync(['node', 'freeavatar', 'synth', 'avatar-pairs', ...args]);
  return lines;
}

describe('freeavatar synth avatar-pairs', () => {
  it('writes renders in shards with one label line each: rig, ARKit weights, sampler kind', async () => {
    const out = join(root, 'robot');
    const lines = await run(
      ['--avatar', 'robot', '--count', '5', '--size', '24', '--seed', '3'].concat([
        '--shard-size',
        '2',
        '--out',
        out,
      ]),
    );
    expect(lines[0]).toMatch(/^5 robot pairs \(12 controls\) in 3 shards, /);
    expect(lines[1]).toBe(`wrote ${join(out, 'labels.jsonl')} and ${join(out, 'preview.png')}`);
    expect(await readdir(join(out, 'images'))).toEqual(['shard-0000', 'shard-0001', 'shard-0002']);
    const labels = (await readFile(join(out, 'labels.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(labels.map((l) => l.index)).toEqual([0, 1, 2, 3, 4]);
    for (const label of labels) {
      expect(label.file).toBe(avatarPairImagePath(label.index, 2));
      expect(label.rig).toHaveLength(12);
      expect(label.arkit).toHaveLength(52);
      const expected = retarget('robot', Float32Array.from(label.arkit));
      label.rig.forEach((v: number, c: number) => expect(v).toBeCloseTo(expected[c], 3));
      const image = await readImageFile(join(out, label.file));
      expect([image.width, image.height]).toEqual([24, 24]);
    }
    const meta = JSON.parse(await readFile(join(out, 'dataset.json'), 'utf8'));
    expect(meta.format).toBe('freeavatar-synth-avatar-pairs');
    expect(meta.controls[7]).toBe('jawDrop');
    expect(meta.retargeting.jawDrop).toBe('(jawOpen)^0.75');
  });

  it('is reproducible from the seed', async () => {
    const options = { avatar: 'toon' as const, count: 3, size: 16, seed: 8 };
    await runSynthAvatarPairs({ ...options, out: join(root, 'a') });
    await runSynthAvatarPairs({ ...options, out: join(root, 'b') });
    const a = await readFile(join(root, 'a', 'labels.jsonl'), 'utf8');
    expect(await readFile(join(root, 'b', 'labels.jsonl'), 'utf8')).toBe(a);
    const file = avatarPairImagePath(2, 1000);
    expect((await readImageFile(join(root, 'b', file))).data).toEqual(
      (await readImageFile(join(root, 'a', file))).data,
    );
  });

  it('refuses a folder that holds a dataset, and bad options', async () => {
    await expect(
      runSynthAvatarPairs({ avatar: 'toon', count: 1, size: 16, out: join(root, 'a') }),
    ).rejects.toThrow(/already holds a dataset/);
    await expect(
      runSynthAvatarPairs({ avatar: 'toon', count: 0, size: 16, out: join(root, 'c') }),
    ).rejects.toThrow(FreeAvatarError);
    await expect(run(['--avatar', 'cat', '--count', '1', '--out', root])).rejects.toThrow(
      /Allowed choices are human, toon, robot/,
    );
  });

  it('names options that are not an object, and a bad render index or shard size', async () => {
    await expect(runSynthAvatarPairs(null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
    await expect(
      runSynthAvatarPairs({ avatar: 'toon', count: 1, size: 16 } as never),
    ).rejects.toThrow(/options\.out must be a non-empty string, got undefined/);
    expect(() => avatarPairImagePath(-1, 1000)).toThrow(
      /index must be an integer >= 0, got the number -1/,
    );
    expect(() => avatarPairImagePath(0, 0)).toThrow(
      /shardSize must be a positive integer, got the number 0/,
    );
  });
});
