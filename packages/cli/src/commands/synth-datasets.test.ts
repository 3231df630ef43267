import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readImageFile, writeImageFile } from '@freeavatar/core';
import { fecTripletBatches, readFecTriplets } from '@freeavatar/expression-encoder';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram } from '../program.js';
import { runSynthFaces } from './synth-faces.js';
import { runSynthTriplets } from './synth-triplets.js';

const ASTRONAUT = new URL('../../../face-crop/fixtures/astronaut.png', import.meta.url).pathname;
const root = await mkdtemp(join(tmpdir(), 'fa-synth-cli-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await createProgram((l) => lines.push(l)).parseAsync(['node', 'freeavatar', 'synth', ...args]);
  return lines;
}

describe('freeavatar synth faces', () => {
  it('writes a labelled face dataset and prints what it wrote', async () => {
    const out = join(root, 'faces');
    const lines = await run(
      ['faces', '--count', '5', '--size', '32', '--split', 'val', '--seed', '2'].concat([
        '--out',
        out,
        '--shard-size',
        '2',
        '--identities',
        '2',
      ]),
    );
    expect(lines[0]).toMatch(/^5 images of [12] identities in 3 shards, /);
    expect(lines[1]).toMatch(/^emotions: neutral \d+, happy \d+/);
    expect(lines[2]).toBe(`wrote ${join(out, 'labels.jsonl')} and ${join(out, 'preview.png')}`);
    const labels = (await readFile(join(out, 'labels.jsonl'), 'utf8')).trim().split('\n');
    expect(labels.map((l) => JSON.parse(l).split)).toEqual(['val', 'val', 'val', 'val', 'val']);
    expect(await readdir(join(out, 'images'))).toEqual(['shard-0000', 'shard-0001', 'shard-0002']);
  });

  it("stores face-crop's aligned crops of the renders with --crop-size", async () => {
    const out = join(root, 'crops');
    const before = tf.memory().numTensors;
    const lines = await run(
      ['faces', '--count', '4', '--size', '112', '--crop-size', '48', '--seed', '5'].concat([
        '--out',
        out,
        '--occluders',
        '0',
      ]),
    );
    expect(tf.memory().numTensors).toBe(before);
    const records = (await readFile(join(out, 'labels.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; index: number });
    const meta = JSON.parse(await readFile(join(out, 'dataset.json'), 'utf8'));
    expect(meta).toMatchObject({ count: records.length, size: 48, renderSize: 112 });
    expect(records.length + meta.skipped).toBe(4);
    expect(records.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(new RegExp(`^${records.length} images of `));
    const crop = await readImageFile(join(out, records[0].file));
    expect([crop.width, crop.height]).toEqual([48, 48]);
  }, 60_000);

  it('crops backgrounds from a folder of photos', async () => {
    const photos = join(root, 'photos');
    const data = new Uint8Array(40 * 30 * 3).map((_, i) => (i * 7) % 251);
    await writeImageFile(join(photos, 'a.png'), { width: 40, height: 30, data });
    const out = join(root, 'faces-photos');
    await run([
      'faces',
      '--count',
      '2',
      '--size',
      '32',
      '--out',
      out,
      '--background-photos',
      photos,
    ]);
    const meta = JSON.parse(await readFile(join(out, 'dataset.json'), 'utf8'));
    expect(meta.options.background.photos).toBe('1 photos');
  });

  it('rejects bad numbers with a message naming the option', async () => {
    const program = createProgram();
    let stderr = '';
    const synth = program.commands.find((c) => c.name() === 'synth');
    for (const c of [program, synth, ...(synth?.commands ?? [])]) {
      c?.exitOverride();
      c?.configureOutput({ writeErr: (t) => (stderr += t), writeOut: () => {} });
    }
    await expect(
      program.parseAsync(['node', 'freeavatar', 'synth', 'faces', '--count', '0', '--out', 'x']),
    ).rejects.toThrow();
    expect(stderr).toMatch(/--count must be an integer in 1\.\.10000000, got 0/);
    await expect(
      program.parseAsync([
        'node',
        'freeavatar',
        'synth',
        'triplets',
        '--count',
        '2',
        '--out',
        'x',
        '--types',
        '1,0',
      ]),
    ).rejects.toThrow();
    expect(stderr).toMatch(/--types must be three weights >= 0/);
  });

  it('names options that are not an object or lack out', async () => {
    await expect(runSynthFaces(null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
    await expect(runSynthFaces({ count: 1, size: 32 } as never)).rejects.toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
  });
});

describe('freeavatar synth triplets', () => {
  it('writes an FEC CSV that the expression encoder reads in full', async () => {
    const out = join(root, 'triplets');
    const lines = await run(
      ['triplets', '--count', '6', '--size', '32', '--seed', '4', '--out', out].concat([
        '--identities',
        '3',
      ]),
    );
    expect(lines[0]).toMatch(/^6 triplets \(ONE_CLASS \d+, TWO_CLASS \d+, THREE_CLASS \d+\)/);
    const { triplets, summary } = await readFecTriplets(
      join(out, 'triplets.csv'),
      join(out, 'images'),
    );
    expect(summary).toMatchObject({
      rows: 6,
      triplets: 6,
      malformed: 0,
      noMajority: 0,
      missingImages: 0,
    });
    const details = (await readFile(join(out, 'triplets.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    triplets.forEach((t, i) => {
      const d = details[i];
      expect(t.type).toBe(d.type);
      expect(t.negative.file).toBe(d.files[d.negative].slice('images/'.length));
      expect([t.anchor.file, t.positive.file].sort()).toEqual(
        [d.files[d.anchor], d.files[d.positive]]
          .map((f: string) => f.slice('images/'.length))
          .sort(),
      );
      expect(t.agreement).toBe(1);
    });
    const image = await readImageFile(join(out, 'images', triplets[0].anchor.file));
    expect(image.width).toBe(32);
    const before = tf.memory().numTensors;
    const batches = fecTripletBatches(triplets, join(out, 'images'), {
      imageSize: 24,
      batchSize: 2,
    });
    for await (const batch of batches(0)) {
      expect(batch.anchor.shape).toEqual([2, 24, 24, 3]);
      expect(batch.types.length).toBe(2);
      tf.dispose([batch.anchor, batch.positive, batch.negative]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names options that are not an object or lack out', async () => {
    await expect(runSynthTriplets(42 as never)).rejects.toThrow(
      /options must be an object, got the number 42/,
    );
    await expect(runSynthTriplets({ count: 1, size: 32 } as never)).rejects.toThrow(
      /options\.out must be a non-empty string, got undefined/,
    );
  });
});

describe('freeavatar synth triplets --photos', () => {
  it('reenacts the photos of a folder, skipping those without a face', async () => {
    const photos = join(root, 'portraits');
    await mkdir(photos, { recursive: true });
    await copyFile(ASTRONAUT, join(photos, 'astronaut.png'));
    const noise = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 3) };
    for (let i = 0; i < noise.data.length; i++) noise.data[i] = (i * 7919) % 251;
    await writeImageFile(join(photos, 'noise.png'), noise);
    const out = join(root, 'reenacted');
    const lines = await run(
      ['triplets', '--count', '2', '--size', '40', '--seed', '4', '--out', out].concat([
        '--photos',
        photos,
      ]),
    );
    expect(lines).toContain('faces: 1 reenacted photos (astronaut.png)');
    expect(lines).toContain('skipped 1 photos without a face: noise.png');
    const meta = JSON.parse(await readFile(join(out, 'dataset.json'), 'utf8'));
    expect(meta.faces).toBe('reenacted photos: astronaut.png');
    const { summary } = await readFecTriplets(join(out, 'triplets.csv'), join(out, 'images'));
    expect(summary).toMatchObject({ rows: 2, triplets: 2, missingImages: 0 });
  });

  it('names the folder when it holds no images', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(
      run(['triplets', '--count', '1', '--out', join(root, 'x'), '--photos', empty]),
    ).rejects.toThrow(`no images in --photos ${empty}`);
  });
});
