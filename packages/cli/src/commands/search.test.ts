import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFile, writeImageFile, type RgbImage } from '@freeavatar/core';
import { ExpressionIndex } from '@freeavatar/expression-encoder';
import { createProgram } from '../program.js';
import { writeVideo } from '../video/ffmpeg.js';
import { runEmbed } from './embed.js';
import { cutSquare } from './face-crops.js';
import { runSearch } from './search.js';
import {
  ASTRONAUT,
  ASTRONAUT_FACE,
  greyImage,
  saveRandomModel,
  shifted,
} from './test-utils/encoder-fixture.js';

let dir = '';
let model = '';
let index = '';
let video = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-search-'));
  model = await saveRandomModel(dir);
  const astronaut = await readImageFile(ASTRONAUT);
  video = join(dir, 'actor.mp4');
  await writeVideo(
    video,
    [0, 10].map((dx) => shifted(astronaut, dx)),
    10,
  );
  index = join(dir, 'all.faidx');
  await runEmbed({
    inputs: [ASTRONAUT, ASTRONAUT_FACE, video],
    out: join(dir, 'all.jsonl'),
    model,
    index,
    backend: 'wasm',
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Mean of one contact-sheet cell (96 px, 2 px gaps), to tell filled cells from empty ones. */
function cellMean(sheet: RgbImage, column: number): number {
  let sum = 0;
  for (let y = 2; y < 98; y++) {
    for (let x = 2 + column * 98; x < 98 + column * 98; x++) {
      const i = (y * sheet.width + x) * 3;
      sum += sheet.data[i] + sheet.data[i + 1] + sheet.data[i + 2];
    }
  }
  return sum / (96 * 96 * 3);
}

describe('runSearch', () => {
  it('finds the indexed copy of the query first and draws query and results', async () => {
    const out = join(dir, 'result');
    const before = tf.memory().numTensors;
    const summary = await runSearch({ index, query: ASTRONAUT_FACE, k: 3, model, out });
    expect(tf.memory().numTensors).toBe(before);
    expect(summary.indexSize).toBe(4);
    expect(summary.query.faces).toBe(1);
    expect(summary.hits).toHaveLength(3);
    expect(summary.hits[0].id).toBe(`${ASTRONAUT_FACE}#0`);
    expect(summary.hits[0].score).toBeGreaterThan(0.9999);
    const scores = summary.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(summary.missingCrops).toBe(0);

    const sheet = await readImageFile(summary.contactSheet as string);
    expect([sheet.width, sheet.height]).toEqual([4 * 96 + 5 * 2, 96 + 2 * 2]);
    // Query first, framed in orange; every result cell holds a face, not the flat empty grey.
    expect(
      Array.from(sheet.data.subarray((3 * sheet.width + 3) * 3, (3 * sheet.width + 3) * 3 + 3)),
    ).toEqual([255, 160, 0]);
    for (let c = 1; c <= 3; c++) expect(Math.abs(cellMean(sheet, c) - 64)).toBeGreaterThan(3);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.hits.map((h: { id: string }) => h.id)).toEqual(summary.hits.map((h) => h.id));
  });

  it('reads saved crops, cuts video frames, and leaves moved sources empty', async () => {
    const custom = new ExpressionIndex();
    const crop = join(dir, 'saved-crop.png');
    await writeImageFile(crop, { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(250) });
    const box = { x: 150, y: 60, width: 90, height: 110 };
    const e = (k: number): number[] => Array.from({ length: 16 }, (_, j) => (j === k ? 1 : 0.01));
    custom.add('saved', e(0), { source: '/gone.png', kind: 'image', face: 0, box, score: 1, crop });
    custom.add('moved', e(1), {
      source: join(dir, 'gone.png'),
      kind: 'image',
      face: 0,
      box,
      score: 1,
    });
    custom.add('frame', e(2), { source: video, kind: 'video', frame: 1, face: 0, box, score: 1 });
    const file = join(dir, 'custom.faidx');
    await custom.save(file);
    const summary = await runSearch({
      index: file,
      query: ASTRONAUT_FACE,
      k: 3,
      model,
      out: join(dir, 'custom'),
    });
    expect(summary.missingCrops).toBe(1);
    const sheet = await readImageFile(summary.contactSheet as string);
    const column = (id: string): number => 1 + summary.hits.findIndex((h) => h.id === id);
    expect(cellMean(sheet, column('saved'))).toBeCloseTo(250, 0);
    expect(cellMean(sheet, column('moved'))).toBeCloseTo(64, 0);
    const frame = cutSquare(shifted(await readImageFile(ASTRONAUT), 10), box);
    const frameMean = frame.data.reduce((a, b) => a + b, 0) / frame.data.length;
    expect(Math.abs(cellMean(sheet, column('frame')) - frameMean)).toBeLessThan(8);
  });

  it('searches the embeddings file of `freeavatar embed --out` as it searches the index', async () => {
    const fromIndex = await runSearch({ index, query: ASTRONAUT_FACE, k: 4, model });
    const before = tf.memory().numTensors;
    const fromJsonl = await runSearch({
      index: join(dir, 'all.jsonl'),
      query: ASTRONAUT_FACE,
      k: 4,
      model,
      out: join(dir, 'from-jsonl'),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(fromJsonl.indexSize).toBe(4);
    expect(fromJsonl.hits.map((h) => h.id)).toEqual(fromIndex.hits.map((h) => h.id));
    fromJsonl.hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(fromIndex.hits[i].score, 5));
    // The metadata finds the faces again: images and the video's frames, so no empty cell.
    const kinds = fromJsonl.hits.map((h) => h.metadata?.kind).sort();
    expect(kinds).toEqual(['image', 'image', 'video', 'video']);
    expect(fromJsonl.missingCrops).toBe(0);
  });

  it('names the line of a bad record in an embeddings file', async () => {
    const lines = (await readFile(join(dir, 'all.jsonl'), 'utf8')).trim().split('\n');
    const write = async (name: string, text: string): Promise<string> => {
      await writeFile(join(dir, name), text);
      return join(dir, name);
    };
    const cases: [string, RegExp][] = [
      [`${lines[0]}\n{oops\n`, /line 2: not an embedding record .*\(not JSON\)/],
      [`${lines[0]}\n\n{"id":"a","source":"b.png"}\n`, /line 3: .*\(no face box\)/],
      [
        `${lines[0]}\n${lines[1].replace(/"embedding":\[[^\]]*\]/, '"embedding":[1,0]')}\n`,
        /line 2: .*a 2-d embedding after 16-d ones/,
      ],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const file = await write(`bad-${i}.jsonl`, text);
      await expect(runSearch({ index: file, query: ASTRONAUT_FACE, model })).rejects.toThrow(
        message,
      );
    }
    await expect(
      runSearch({ index: join(dir, 'none.jsonl'), query: ASTRONAUT_FACE, model }),
    ).rejects.toThrow(/Cannot read embeddings file .*none\.jsonl/);
  });

  it('names a missing index or query, an index of another width, and a query without a face', async () => {
    await expect(
      runSearch({ index: join(dir, 'no.faidx'), query: ASTRONAUT_FACE, model }),
    ).rejects.toThrow(/Cannot read index file .*no\.faidx/);
    await expect(runSearch({ index, query: join(dir, 'no.png'), model })).rejects.toThrow(
      /Cannot read image file .*no\.png/,
    );
    const narrow = new ExpressionIndex({ dim: 8 });
    narrow.add('x', [1, 0, 0, 0, 0, 0, 0, 0]);
    await narrow.save(join(dir, 'narrow.faidx'));
    await expect(
      runSearch({ index: join(dir, 'narrow.faidx'), query: ASTRONAUT_FACE, model }),
    ).rejects.toThrow(/holds 8-d embeddings but the model gives 16-d ones/);
    const grey = join(dir, 'grey.png');
    await writeImageFile(grey, greyImage());
    await expect(runSearch({ index, query: grey, model })).rejects.toThrow(
      /No face found in the query image .*grey\.png/,
    );
  });

  it('names options that are not an object or lack index or query', async () => {
    await expect(runSearch(null as never)).rejects.toThrow(/options must be an object, got null/);
    await expect(runSearch({ index: 'a.faidx' } as never)).rejects.toThrow(
      /options\.query must be a non-empty string, got undefined/,
    );
  });
});

describe('freeavatar search', () => {
  it('prints ranked results with scores and metadata', async () => {
    const lines: string[] = [];
    await createProgram((l) => lines.push(l)).parseAsync(
      ['search', '--index', index, '--query', ASTRONAUT_FACE, '--k', '2', '--model', model],
      { from: 'user' },
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^1\\. 1\\.0000  ${ASTRONAUT_FACE}#0  \\{"source":`));
    expect(lines[1]).toMatch(/^2\. /);
  });
});
