import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreeAvatarError, writeImageFile } from '@freeavatar/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelledFaceBatches, readLabelledFaces } from './labelled-faces.js';

let dir = '';
const record = (i: number): string =>
  JSON.stringify({ file: `images/face-${i}.png`, weights: [i / 10, 1 - i / 10, 0.5] });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-labelled-'));
  await mkdir(join(dir, 'images'));
  // Four faces whose grey level encodes their index; face 4 is listed but missing.
  for (let i = 0; i < 4; i++) {
    const data = new Uint8Array(32 * 32 * 3).fill(i * 60);
    await writeImageFile(join(dir, 'images', `face-${i}.png`), { width: 32, height: 32, data });
  }
  await writeFile(join(dir, 'labels.jsonl'), [0, 1, 2, 3, 4].map(record).join('\n') + '\n\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeLabels(name: string, text: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'labels.jsonl'), text);
  return folder;
}

describe('readLabelledFaces', () => {
  it('reads each record with its path resolved against the folder', async () => {
    const faces = await readLabelledFaces(dir);
    expect(faces).toHaveLength(5);
    expect(faces[2].file).toBe(join(dir, 'images', 'face-2.png'));
    expect(Array.from(faces[2].weights)).toEqual([0.2, 0.8, 0.5].map(Math.fround));
  });

  it('names the folder or the line that is wrong', async () => {
    await expect(readLabelledFaces(join(dir, 'nowhere'))).rejects.toThrow(/holds no labels.jsonl/);
    const notJson = await writeLabels('a', `${record(0)}\n{oops\n`);
    await expect(readLabelledFaces(notJson)).rejects.toThrow(/labels.jsonl line 2 is not JSON/);
    const noFile = await writeLabels('b', '{"weights":[1]}\n');
    await expect(readLabelledFaces(noFile)).rejects.toThrow(/line 1 has no "file" string/);
    const badWeights = await writeLabels('c', '{"file":"x.png","weights":[1,"a"]}\n');
    await expect(readLabelledFaces(badWeights)).rejects.toThrow(/no "weights" list of numbers/);
    const ragged = await writeLabels('d', `${record(0)}\n{"file":"x.png","weights":[1,2]}\n`);
    await expect(readLabelledFaces(ragged)).rejects.toThrow(
      /line 2 has 2 weights, the first record 3/,
    );
    const empty = await writeLabels('e', '\n');
    await expect(readLabelledFaces(empty)).rejects.toThrow(FreeAvatarError);
  });
});

describe('labelledFaceBatches', () => {
  it('pairs every image with its weights, skips unreadable files, and leaks nothing', async () => {
    const faces = await readLabelledFaces(dir);
    const skipped: string[] = [];
    const source = labelledFaceBatches(faces, {
      imageSize: 16,
      batchSize: 3,
      seed: 2,
      onSkip: (file) => skipped.push(file),
    });
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    let batches = 0;
    for await (const { images, targets } of source(0)) {
      expect(images.shape).toEqual([3, 16, 16, 3]);
      expect(targets.shape).toEqual([3, 3]);
      const levels = tf.tidy(() => tf.mean(images, [1, 2, 3]).dataSync());
      const t = targets.dataSync();
      levels.forEach((level, i) => {
        const index = Math.round((level * 255) / 60);
        seen.push(index);
        expect(t[3 * i]).toBeCloseTo(index / 10, 5);
        expect(t[3 * i + 1]).toBeCloseTo(1 - index / 10, 5);
      });
      tf.dispose([images, targets]);
      if (++batches === 4) break;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(skipped).toEqual([join(dir, 'images', 'face-4.png')]);
    // 12 images from 4 readable faces: each face three times.
    expect([0, 1, 2, 3].map((k) => seen.filter((s) => s === k).length)).toEqual([3, 3, 3, 3]);
    expect(() => labelledFaceBatches([], { imageSize: 16 })).toThrow(/at least one labelled face/);
  });
});
