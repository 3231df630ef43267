import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreeAvatarError, readImageFile, type ProgressEvent } from '@freeavatar/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ARKIT_BLENDSHAPE_NAMES } from '../blendshapes/arkit.js';
import { createFaceRenderer } from '../render/face-renderer.js';
import { createEmotionCategorizer } from './emotion-category.js';
import type { FaceLabelRecord } from './label-record.js';
import { createFaceSceneStream } from './scene-stream.js';
import { writeFaceDataset } from './write-face-dataset.js';
import { writeTripletDataset } from './write-triplet-dataset.js';

const root = mkdtempSync(join(tmpdir(), 'freeavatar-synth-datasets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const categorizer = createEmotionCategorizer();
const stream = { split: 'val', seed: 3, identityCount: 3 } as const;

describe('writeFaceDataset', () => {
  it('writes sharded PNGs with one label line each, matching the images', async () => {
    const out = join(root, 'faces');
    const events: ProgressEvent[] = [];
    const summary = await writeFaceDataset({
      ...stream,
      out,
      count: 7,
      size: 32,
      shardSize: 3,
      landmarks: true,
      onProgress: (e) => events.push(e),
    });
    expect(summary.count).toBe(7);
    expect(summary.shards).toBe(3);
    expect(readdirSync(join(out, 'images')).sort()).toEqual([
      'shard-0000',
      'shard-0001',
      'shard-0002',
    ]);
    expect(readdirSync(join(out, 'images', 'shard-0002'))).toEqual(['face-0000006.png']);
    const lines = readFileSync(join(out, 'labels.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(7);
    const records = lines.map((l) => JSON.parse(l) as FaceLabelRecord);
    expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const renderer = createFaceRenderer({ size: 32, categorizer });
    const scenes = createFaceSceneStream(stream);
    for (const i of [0, 4, 6]) {
      const r = records[i];
      const expected = renderer.render(scenes.sceneAt(i));
      const image = await readImageFile(join(out, r.file));
      expect(image.data).toEqual(expected.image.data);
      expect(r.weights.length).toBe(52);
      r.weights.forEach((w, k) => expect(w).toBeCloseTo(expected.label.weights[k], 4));
      expect(r.emotion).toBe(expected.label.emotion);
      expect(r.identitySeed).toBe(expected.label.identitySeed);
      expect(r.source).toBe('rendered');
      expect(r.split).toBe('val');
      expect(r.pose.yaw).toBeCloseTo(expected.label.pose.yaw, 3);
      expect(r.landmarks2d?.length).toBe(936);
      expect(Array.isArray(r.occluders)).toBe(true);
    }
    const meta = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'));
    expect(meta.blendshapes).toEqual([...ARKIT_BLENDSHAPE_NAMES]);
    expect(meta.options.seed).toBe(3);
    expect((await readImageFile(summary.preview)).width).toBeGreaterThan(32);
    expect(events.at(-1)).toMatchObject({ task: 'synth:faces', done: 7, total: 7 });
    await expect(writeFaceDataset({ ...stream, out, count: 1, size: 32 })).rejects.toThrow(
      /already holds a dataset/,
    );
    await expect(
      writeFaceDataset({ ...stream, out, count: 1, size: 32, overwrite: true }),
    ).resolves.toMatchObject({ count: 1 });
  });

  it('stores what the crop hook returns and skips the renders it leaves out', async () => {
    const out = join(root, 'cropped');
    const seen: number[] = [];
    const summary = await writeFaceDataset({
      ...stream,
      out,
      count: 5,
      size: 32,
      shardSize: 2,
      crop: async (image) => {
        seen.push(image.width);
        if (seen.length === 2) return undefined;
        return { width: 8, height: 8, data: image.data.slice(0, 8 * 8 * 3) };
      },
    });
    expect(seen).toEqual([32, 32, 32, 32, 32]);
    expect(summary).toMatchObject({ count: 4, skipped: 1 });
    const records = readFileSync(join(out, 'labels.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as FaceLabelRecord);
    expect(records.map((r) => r.index)).toEqual([0, 2, 3, 4]);
    const expected = createFaceRenderer({ size: 32, categorizer }).render(
      createFaceSceneStream(stream).sceneAt(2),
    );
    const image = await readImageFile(join(out, records[1].file));
    expect(image.width).toBe(8);
    expect(image.data).toEqual(expected.image.data.slice(0, 8 * 8 * 3));
    records[1].weights.forEach((w, k) => expect(w).toBeCloseTo(expected.label.weights[k], 4));
    const meta = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'));
    expect(meta).toMatchObject({ count: 4, skipped: 1, size: 8, renderSize: 32 });
    await expect(
      writeFaceDataset({
        ...stream,
        out: join(root, 'none'),
        count: 2,
        size: 32,
        crop: async () => undefined,
      }),
    ).rejects.toThrow(/the crop left out all 2 renders/);
    await expect(
      writeFaceDataset({
        ...stream,
        out: join(root, 'both'),
        count: 2,
        size: 32,
        landmarks: true,
        crop: async (image) => image,
      }),
    ).rejects.toThrow(/crop cannot be combined with landmarks/);
  });

  it('rejects bad options before writing', async () => {
    const out = join(root, 'never');
    await expect(writeFaceDataset({ ...stream, out, count: 0, size: 32 })).rejects.toThrow(
      /count must be an integer in 1\.\.10000000, got 0/,
    );
    await expect(
      writeFaceDataset({ ...stream, out, count: 2, size: 32, shardSize: 0 }),
    ).rejects.toThrow(FreeAvatarError);
    expect(() => readdirSync(out)).toThrow();
  });
});

describe('writeTripletDataset', () => {
  it('writes an FEC-format CSV whose rows name the odd face', async () => {
    const out = join(root, 'triplets');
    const summary = await writeTripletDataset({ ...stream, out, count: 6, size: 32, categorizer });
    const rows = readFileSync(summary.csv, 'utf8').trim().split('\n');
    expect(rows.length).toBe(6);
    const details = readFileSync(join(out, 'triplets.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const files = new Set(readdirSync(summary.images));
    rows.forEach((row, i) => {
      const fields = row.split(',');
      expect(fields.length).toBe(18);
      for (let f = 0; f < 3; f++) {
        const [url, left, right, top, bottom] = fields.slice(5 * f, 5 * f + 5);
        expect(url).toBe(`images/triplet-000000${i}-${f + 1}.png`);
        expect(files.has(url.slice('images/'.length))).toBe(true);
        const box = [left, right, top, bottom].map(Number);
        expect(box.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(box[1]).toBeGreaterThan(box[0]);
        expect(box[3]).toBeGreaterThan(box[2]);
      }
      expect(fields[15]).toBe(`${details[i].type}_TRIPLET`);
      expect(fields[16]).toBe('expression-distance');
      expect(Number(fields[17])).toBe(details[i].negative + 1);
      expect(details[i].faces.length).toBe(3);
    });
    const total = Object.values(summary.byType).reduce((a, b) => a + b, 0);
    expect(total).toBe(6);
    expect(JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8')).format).toBe(
      'freeavatar-synth-triplets',
    );
  });
});
