import { copyFile, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { tripletImagePath, writeTripletDataset } from '@freeavatar/synth';
import { fecTripletSet } from './fec-set.js';

let root: string;
let data: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'eval-fec-'));
  data = join(root, 'triplets');
  await writeTripletDataset({ out: data, count: 3, size: 48, split: 'test', seed: 2 });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fecTripletSet', () => {
  it('reads a dataset written by synth, with its emotion and identity labels', async () => {
    const set = await fecTripletSet({ data, size: 40 });
    expect(set.triplets).toHaveLength(3);
    expect(set.faces).toHaveLength(9);
    for (const face of set.faces) {
      expect(face.image).toMatchObject({ width: 40, height: 40 });
      expect(face.emotion).toMatch(/^[a-z]+$/);
      expect(face.identity).toMatch(/^identity-\d+$/);
      expect(face.source).toMatch(/^triplet-000000\d-[123]\.png$/);
    }
    expect(set.details).toMatchObject({ source: 'fec', count: 3, skippedMissingImages: 0 });
    const first = await fecTripletSet({ data: join(data, 'triplets.csv'), count: 1 });
    expect(first.triplets).toHaveLength(1);
    expect(first.triplets[0].type).toBe(set.triplets[0].type);
  });

  it('skips rows whose images are missing and reads plain FEC data without labels', async () => {
    const copy = join(root, 'plain');
    await mkdir(join(copy, 'images'), { recursive: true });
    await writeFile(join(copy, 'faces.csv'), await readFile(join(data, 'triplets.csv')));
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 3; k++) {
        await copyFile(join(data, tripletImagePath(i, k)), join(copy, tripletImagePath(i, k)));
      }
    }
    await unlink(join(copy, tripletImagePath(1, 0)));
    const set = await fecTripletSet({ data: copy });
    expect(set.triplets).toHaveLength(2);
    expect(set.details).toMatchObject({ skippedMissingImages: 1 });
    expect(set.description).toMatch(/skipped 1 with missing images/);
    expect(set.faces.every((f) => f.emotion === undefined && f.identity === undefined)).toBe(true);
  });

  it('says what is missing', async () => {
    await expect(fecTripletSet({ data: join(root, 'nowhere') })).rejects.toSatisfy(
      (e: unknown) => e instanceof FreeAvatarError && e.code === 'FILE_NOT_FOUND',
    );
    const empty = join(root, 'empty');
    await mkdir(empty);
    await expect(fecTripletSet({ data: empty })).rejects.toThrow(/holds no FEC-format CSV/);
    await writeFile(join(empty, 'a.csv'), '');
    await writeFile(join(empty, 'b.csv'), '');
    await expect(fecTripletSet({ data: empty })).rejects.toThrow(/several CSVs \(a\.csv, b\.csv\)/);
    await expect(fecTripletSet({ data: join(empty, 'a.csv') })).rejects.toSatisfy(
      (e: unknown) => e instanceof FreeAvatarError && e.code === 'UNSUPPORTED_IMAGE',
    );
    await expect(fecTripletSet({ data, count: 0 })).rejects.toThrow(/count must be a positive/);
  });
});
