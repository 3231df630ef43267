import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeImageFile, type RgbImage } from '@freeavatar/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fecTriplet, fileNameOfUrl, majorityAnswer, parseFecCsv, splitCsvLine } from './fec-csv.js';
import { fecTripletBatches, readFecTriplets } from './fec-dataset.js';
import { cropBox } from './image-batch.js';

const URL = 'http://farm1.staticflickr.com/1/';
const face = (name: string, box = '0.1,0.9,0.1,0.9') => `${URL}${name},${box}`;
const CSV = [
  // 1: all present, majority 3 (5 of 6).
  `${face('a.jpg')},${face('b.jpg')},${face('c.jpg')},ONE_CLASS_TRIPLET,w1,3,w2,3,w3,3,w4,3,w5,2,w6,3`,
  // 2: missing image d.jpg.
  `${face('a.jpg')},${face('d.jpg')},${face('c.jpg')},TWO_CLASS_TRIPLET,w1,1,w2,1`,
  // 3: tie → no majority.
  `${face('a.jpg')},${face('b.jpg')},${face('c.jpg')},THREE_CLASS_TRIPLET,w1,1,w2,2`,
  // 4: malformed type.
  `${face('a.jpg')},${face('b.jpg')},${face('c.jpg')},FOUR_CLASS_TRIPLET,w1,1`,
  // 5: quoted URL with a comma and a query, majority 1; two missing files (e.jpg twice is one).
  `"${URL}x,y.jpg?size=big",0.2,0.8,0.1,0.7,${face('e.jpg')},${face('e.jpg')},TWO_CLASS_TRIPLET,w1,1`,
  // 6: bad box.
  `${face('a.jpg', '0.9,0.1,0.1,0.9')},${face('b.jpg')},${face('c.jpg')},ONE_CLASS_TRIPLET,w1,1`,
  // 7: present, majority 1, spelled without the _TRIPLET suffix.
  `${face('b.jpg')},${face('c.jpg')},${face('a.jpg')},THREE_CLASS,w1,1,w2,1,w3,2`,
  '',
].join('\n');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-fec-'));
  const solid = (r: number, g: number, b: number): RgbImage => {
    const data = new Uint8Array(40 * 30 * 3);
    for (let i = 0; i < 40 * 30; i++) data.set([r, g, b], i * 3);
    return { width: 40, height: 30, data };
  };
  await writeImageFile(join(dir, 'images', 'a.jpg'), solid(250, 0, 0));
  await writeImageFile(join(dir, 'images', 'b.jpg'), solid(0, 250, 0));
  await writeImageFile(join(dir, 'images', 'c.jpg'), solid(0, 0, 250));
  await writeFile(join(dir, 'fec.csv'), CSV);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseFecCsv', () => {
  it('parses faces, boxes, types and annotations; reports malformed lines', () => {
    const { rows, malformed } = parseFecCsv(CSV);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 5, 7]);
    expect(malformed.map((m) => m.line)).toEqual([4, 6]);
    expect(malformed[0].reason).toMatch(/got "FOUR_CLASS_TRIPLET"/);
    expect(malformed[1].reason).toMatch(/face 1 box must have right > left/);
    expect(rows[0].faces[0]).toEqual({
      url: `${URL}a.jpg`,
      file: 'a.jpg',
      box: { left: 0.1, right: 0.9, top: 0.1, bottom: 0.9 },
    });
    expect(rows[0].annotations).toHaveLength(6);
    expect(rows[3].faces[0].file).toBe('x,y.jpg');
    expect(rows[4].type).toBe('THREE_CLASS');
  });

  it('takes the majority answer as the odd one out', () => {
    const { rows } = parseFecCsv(CSV);
    expect(majorityAnswer(rows[0].annotations)).toEqual({ answer: 3, agreement: 5 / 6 });
    expect(majorityAnswer(rows[2].annotations)).toBeUndefined();
    const t = fecTriplet(rows[0]);
    expect([t?.anchor.file, t?.positive.file, t?.negative.file]).toEqual([
      'a.jpg',
      'b.jpg',
      'c.jpg',
    ]);
    const t7 = fecTriplet(rows[4]);
    expect([t7?.anchor.file, t7?.positive.file, t7?.negative.file]).toEqual([
      'c.jpg',
      'a.jpg',
      'b.jpg',
    ]);
  });

  it('splits quoted fields and maps URLs to file names', () => {
    expect(splitCsvLine('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
    expect(fileNameOfUrl('https://x.org/p/q%20r.jpg?w=1#f')).toBe('q r.jpg');
  });
});

describe('readFecTriplets', () => {
  it('keeps rows whose images exist and counts every skip, never failing on them', async () => {
    const { triplets, summary } = await readFecTriplets(join(dir, 'fec.csv'), join(dir, 'images'));
    expect(triplets.map((t) => t.line)).toEqual([1, 7]);
    expect(summary).toMatchObject({
      rows: 7,
      triplets: 2,
      malformed: 2,
      noMajority: 1,
      missingImages: 2,
      missingFiles: 3,
      byType: { ONE_CLASS: 1, TWO_CLASS: 0, THREE_CLASS: 1 },
    });
    expect(summary.message).toBe(
      '2 of 7 FEC rows kept; skipped 2 with missing images (3 files), 1 without a majority, 2 malformed',
    );
    const strict = await readFecTriplets(join(dir, 'fec.csv'), join(dir, 'images'), {
      minAgreement: 0.8,
    });
    expect(strict.triplets.map((t) => t.line)).toEqual([1]);
  });

  it('fails clearly when the CSV or folder is missing', async () => {
    await expect(readFecTriplets(join(dir, 'nope.csv'), dir)).rejects.toThrow(
      /Cannot read FEC CSV .*nope.csv/,
    );
    await expect(readFecTriplets(join(dir, 'fec.csv'), join(dir, 'nope'))).rejects.toThrow(
      /Cannot read FEC image folder/,
    );
  });

  it('yields seeded, seekable batches of cropped faces', async () => {
    const { triplets } = await readFecTriplets(join(dir, 'fec.csv'), join(dir, 'images'));
    const source = fecTripletBatches(triplets, join(dir, 'images'), {
      imageSize: 16,
      batchSize: 3,
      seed: 2,
    });
    const before = tf.memory().numTensors;
    const seen: string[][] = [];
    let count = 0;
    for await (const batch of source(0)) {
      expect(batch.anchor.shape).toEqual([3, 16, 16, 3]);
      // Solid images: the crop's centre pixel tells which file the anchor came from.
      const centre = tf.tidy(() =>
        (
          batch.negative.slice([0, 8, 8, 0], [3, 1, 1, 3]).reshape([3, 3]) as tf.Tensor2D
        ).arraySync(),
      );
      seen.push(centre.map((rgb) => ['r', 'g', 'b'][rgb.indexOf(Math.max(...rgb))]));
      expect(batch.types).toHaveLength(3);
      tf.dispose([batch.anchor, batch.positive, batch.negative]);
      if (++count === 2) break;
    }
    expect(tf.memory().numTensors).toBe(before);
    // Triplet 1's negative is c (blue), triplet 7's is b (green); 6 draws = 3 epochs of 2.
    expect(seen.flat().sort()).toEqual(['b', 'b', 'b', 'g', 'g', 'g']);
    // Seeking to step 1 gives the same second batch.
    for await (const batch of source(1)) {
      const centre = tf.tidy(() =>
        (
          batch.negative.slice([0, 8, 8, 0], [3, 1, 1, 3]).reshape([3, 3]) as tf.Tensor2D
        ).arraySync(),
      );
      expect(centre.map((rgb) => ['r', 'g', 'b'][rgb.indexOf(Math.max(...rgb))])).toEqual(seen[1]);
      tf.dispose([batch.anchor, batch.positive, batch.negative]);
      break;
    }
  });
});

describe('fecTripletBatches with a face cropper', () => {
  it('uses the aligned crop of the face inside the box, and the box crop when none is found', async () => {
    const { triplets } = await readFecTriplets(join(dir, 'fec.csv'), join(dir, 'images'));
    const white = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(255) };
    const calls: number[] = [];
    const cropper = {
      // A faked detector: in red images (a.jpg) one face at the centre; elsewhere none, or one
      // outside the box.
      detect: async (image: RgbImage) => {
        calls.push(image.width);
        const red = image.data[0] > 200;
        const box = red
          ? { x: 15, y: 10, width: 10, height: 10 }
          : { x: 0, y: 0, width: 2, height: 2 };
        return [{ box, crop: white }] as never;
      },
    };
    const source = fecTripletBatches(triplets, join(dir, 'images'), {
      imageSize: 8,
      batchSize: 2,
      seed: 1,
      cropper,
    });
    for await (const batch of source(0)) {
      const all = tf.tidy(() => tf.concat([batch.anchor, batch.positive, batch.negative]));
      const means = tf.tidy(() => (tf.mean(all, [1, 2]) as tf.Tensor2D).arraySync());
      // Every red face became the white aligned crop; green and blue stay box crops.
      const kinds = means.map(([r, g, b]) =>
        r > 0.9 && g > 0.9 && b > 0.9 ? 'aligned' : r > 0.5 ? 'red' : 'other',
      );
      expect(kinds.filter((k) => k === 'aligned')).toHaveLength(2);
      expect(kinds).not.toContain('red');
      tf.dispose([all, batch.anchor, batch.positive, batch.negative]);
      break;
    }
    // One detection per image file, cached.
    expect(calls).toHaveLength(3);
  });
});

describe('cropBox', () => {
  it('crops the box widened to a square, black outside the image', () => {
    // Left half red, right half blue, 20×10.
    const data = new Uint8Array(20 * 10 * 3);
    for (let y = 0; y < 10; y++)
      for (let x = 0; x < 20; x++) data.set(x < 10 ? [255, 0, 0] : [0, 0, 255], (y * 20 + x) * 3);
    const before = tf.memory().numTensors;
    const crop = cropBox(
      { width: 20, height: 10, data },
      { left: 0.05, right: 0.45, top: 0.1, bottom: 0.9 },
      8,
    );
    expect(crop.shape).toEqual([8, 8, 3]);
    const v = crop.arraySync();
    expect(v[4][4][0]).toBeGreaterThan(0.9); // inside the red half
    expect(v[4][4][2]).toBeLessThan(0.1);
    crop.dispose();
    const wide = cropBox(
      { width: 20, height: 10, data },
      { left: 0.4, right: 0.6, top: 0.4, bottom: 0.6 },
      8,
      3,
    );
    // Side 4 px × 4 = 16 px tall: rows above and below the image are black.
    expect(wide.arraySync()[0][4]).toEqual([0, 0, 0]);
    wide.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() =>
      cropBox({ width: 20, height: 10, data }, { left: 0.5, right: 0.4, top: 0, bottom: 1 }, 8),
    ).toThrow(/right > left/);
  });
});

describe('the FEC helpers on bad input', () => {
  it('name the argument that is wrong', () => {
    expect(() => fileNameOfUrl(42 as never)).toThrow(/url must be a string, got the number 42/);
    expect(() => majorityAnswer(null as never)).toThrow(/annotations must be an array, got null/);
    expect(() => fecTriplet({} as never)).toThrow(/row.faces must be an array, got undefined/);
    expect(() => fecTripletBatches(null as never, 'images', { imageSize: 8 })).toThrow(
      /triplets must be an array, got null/,
    );
    expect(() => fecTripletBatches([], 'images', {} as never)).toThrow(
      /options.imageSize must be a positive integer, got undefined/,
    );
    const box = { left: 0, right: 1, top: 0, bottom: 1 };
    expect(() => cropBox(null as never, box, 8)).toThrow(/image must have integer width/);
    const image = { width: 1, height: 1, data: new Uint8Array(3) };
    expect(() => cropBox(image, 'x' as never, 8)).toThrow(/box must be an object/);
  });
});
