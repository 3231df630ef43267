import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeImageFile } from '@freeavatar/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facesToBatch } from './image-batch.js';
import { imageFolderBatches, listImageFiles, shuffledFileBatches } from './image-folder.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-folder-'));
  // Five images whose grey level encodes their index; one of them in a sub-folder.
  for (let i = 0; i < 5; i++) {
    const data = new Uint8Array(24 * 32 * 3).fill(i * 50);
    const file = i === 4 ? join(dir, 'sub', `img${i}.png`) : join(dir, `img${i}.png`);
    await writeImageFile(file, { width: 32, height: 24, data });
  }
  await writeFile(join(dir, 'broken.jpg'), 'not an image');
  await writeFile(join(dir, 'notes.txt'), 'ignored');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const levels = (batch: tf.Tensor4D): number[] =>
  Array.from(tf.tidy(() => tf.mean(batch, [1, 2, 3]).dataSync())).map((v) =>
    Math.round((v * 255) / 50),
  );

describe('listImageFiles', () => {
  it('lists image files recursively, sorted', async () => {
    const files = await listImageFiles(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'broken.jpg',
      'img0.png',
      'img1.png',
      'img2.png',
      'img3.png',
      join('sub', 'img4.png'),
    ]);
    expect(await listImageFiles(dir, { recursive: false })).toHaveLength(5);
    await expect(listImageFiles(join(dir, 'missing'))).rejects.toThrow(/Cannot read image folder/);
  });
});

describe('imageFolderBatches', () => {
  it('covers every readable image once per epoch, skips broken files, and seeks', async () => {
    const files = await listImageFiles(dir);
    const skipped: string[] = [];
    const source = imageFolderBatches(files, {
      imageSize: 16,
      batchSize: 5,
      seed: 3,
      onSkip: (f) => skipped.push(f),
    });
    const before = tf.memory().numTensors;
    const batches: number[][] = [];
    for await (const batch of source(0)) {
      expect(batch.shape).toEqual([5, 16, 16, 3]);
      batches.push(levels(batch));
      batch.dispose();
      if (batches.length === 2) break;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(skipped.map((f) => f.slice(dir.length + 1))).toEqual(['broken.jpg']);
    expect([...batches[0]].sort()).toEqual([0, 1, 2, 3, 4]);
    const again = source(0)[Symbol.asyncIterator]();
    const first = (await again.next()).value as tf.Tensor4D;
    expect(levels(first)).toEqual(batches[0]);
    first.dispose();
    await again.return?.();
  });
});

describe('facesToBatch', () => {
  it('accepts tensors in 0–255 or 0–1 and image lists, resizing to a square', async () => {
    const before = tf.memory().numTensors;
    const bytes = tf.fill([2, 40, 60, 3], 255, 'int32') as tf.Tensor4D;
    const unit = tf.fill([1, 8, 8, 3], 0.5) as tf.Tensor4D;
    const a = await facesToBatch(bytes, 16);
    const b = await facesToBatch(unit, 8);
    const c = await facesToBatch([{ width: 4, height: 4, data: new Uint8Array(48).fill(51) }], 8);
    expect(a.shape).toEqual([2, 16, 16, 3]);
    expect(tf.tidy(() => tf.max(a).dataSync()[0])).toBeCloseTo(1, 5);
    expect(tf.tidy(() => tf.mean(b).dataSync()[0])).toBeCloseTo(0.5, 5);
    expect(tf.tidy(() => tf.mean(c).dataSync()[0])).toBeCloseTo(0.2, 5);
    tf.dispose([bytes, unit, a, b, c]);
    expect(tf.memory().numTensors).toBe(before);
    await expect(facesToBatch([], 8)).rejects.toThrow(/non-empty array/);
    const bad = tf.zeros([4, 4, 3]);
    await expect(facesToBatch(bad as never, 8)).rejects.toThrow(
      /\[n, h, w, 3\] with n ≥ 1, got \[4,4,3\]/,
    );
    bad.dispose();
  });
});

describe('imageFolderBatches and shuffledFileBatches on bad input', () => {
  it('name the argument that is wrong', () => {
    expect(() => imageFolderBatches(null as never, { imageSize: 8 })).toThrow(
      /files must be an array, got null/,
    );
    expect(() => shuffledFileBatches(['a.png'], null as never)).toThrow(
      /options must be an object, got null/,
    );
    expect(() => shuffledFileBatches(['a.png'], {} as never)).toThrow(
      /options.imageSize must be a positive integer, got undefined/,
    );
  });
});
