import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFile, writeImageFile } from '@freeavatar/core';
import { ExpressionIndex, defaultModelUrl } from '@freeavatar/expression-encoder';
import { createProgram } from '../program.js';
import { writeVideo } from '../video/ffmpeg.js';
import { runEmbed, type EmbeddedFaceMetadata, type EmbeddingRecord } from './embed.js';
import {
  ASTRONAUT,
  ASTRONAUT_FACE,
  greyImage,
  saveRandomModel,
  shifted,
} from './test-utils/encoder-fixture.js';

let dir = '';
let model = '';
let frames = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-embed-'));
  model = await saveRandomModel(dir);
  frames = join(dir, 'frames');
  await writeImageFile(join(frames, 'a-astronaut.png'), await readImageFile(ASTRONAUT));
  await writeImageFile(join(frames, 'b-grey.png'), greyImage());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const records = async (file: string): Promise<EmbeddingRecord[]> =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
const norm = (v: readonly number[]): number => Math.hypot(...v);

describe('runEmbed', () => {
  it('embeds every face of a folder and an image, with an index and crops', async () => {
    const out = join(dir, 'out', 'faces.jsonl');
    const index = join(dir, 'out', 'faces.faidx');
    const crops = join(dir, 'out', 'crops');
    const before = tf.memory().numTensors;
    const summary = await runEmbed({
      inputs: [frames, ASTRONAUT_FACE, join(frames, 'a-astronaut.png')],
      out,
      model,
      index,
      crops,
      backend: 'wasm',
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(summary).toMatchObject({ images: 3, faces: 2, dim: 16, index });
    const lines = await records(out);
    expect(lines.map((l) => l.id)).toEqual([
      `${join(frames, 'a-astronaut.png')}#0`,
      `${ASTRONAUT_FACE}#0`,
    ]);
    for (const line of lines) {
      expect(line.embedding).toHaveLength(16);
      expect(norm(line.embedding)).toBeCloseTo(1, 5);
      expect(line.face).toBe(0);
      expect(line.box.width).toBeGreaterThan(20);
      expect(line.frame).toBeUndefined();
    }
    expect(lines[0].box.x).toBeGreaterThan(150);
    expect(lines[0].box.x).toBeLessThan(220);

    const loaded = await ExpressionIndex.load<EmbeddedFaceMetadata>(index);
    expect(loaded.size).toBe(2);
    const item = loaded.get(lines[0].id);
    expect(item?.metadata).toMatchObject({
      source: resolve(frames, 'a-astronaut.png'),
      kind: 'image',
      face: 0,
      box: lines[0].box,
    });
    for (let j = 0; j < 16; j++) expect(item?.embedding[j]).toBeCloseTo(lines[0].embedding[j], 6);
    const crop = await readImageFile(item?.metadata?.crop as string);
    expect([crop.width, crop.height]).toEqual([64, 64]);
  });

  it('embeds the frames of a video with frame numbers and timestamps', async () => {
    const video = join(dir, 'actor.mp4');
    const astronaut = await readImageFile(ASTRONAUT);
    await writeVideo(
      video,
      [0, 6, 12].map((dx) => shifted(astronaut, dx)),
      10,
    );
    const out = join(dir, 'video.jsonl');
    const index = join(dir, 'video.faidx');
    const summary = await runEmbed({ inputs: [video], out, model, index, backend: 'wasm' });
    expect(summary).toMatchObject({ images: 3, faces: 3 });
    const lines = await records(out);
    expect(lines.map((l) => [l.id, l.frame, l.timestampMs])).toEqual([
      [`${video}@0#0`, 0, 0],
      [`${video}@1#0`, 1, 100],
      [`${video}@2#0`, 2, 200],
    ]);
    const loaded = await ExpressionIndex.load<EmbeddedFaceMetadata>(index);
    expect(loaded.get(`${video}@2#0`)?.metadata).toMatchObject({ kind: 'video', frame: 2 });
    expect(loaded.get(`${video}@2#0`)?.metadata?.crop).toBeUndefined();
    expect(lines.every((l) => l.fps === undefined)).toBe(true);

    // Sampled at --fps: frames counted at that rate, and the rate recorded in both files.
    const sampled = join(dir, 'video-5fps.jsonl');
    const sampledIndex = join(dir, 'video-5fps.faidx');
    await runEmbed({
      inputs: [video],
      out: sampled,
      model,
      index: sampledIndex,
      fps: 5,
      backend: 'wasm',
    });
    const sampledLines = await records(sampled);
    expect(sampledLines.map((l) => [l.frame, l.timestampMs, l.fps])).toEqual([
      [0, 0, 5],
      [1, 200, 5],
    ]);
    const sampledLoaded = await ExpressionIndex.load<EmbeddedFaceMetadata>(sampledIndex);
    expect(sampledLoaded.get(`${video}@1#0`)?.metadata).toMatchObject({ frame: 1, fps: 5 });
  });

  it('writes the same records with the faces found on this thread as on the worker', async () => {
    const video = join(dir, 'same.mp4');
    const astronaut = await readImageFile(ASTRONAUT);
    await writeVideo(
      video,
      [0, 6, 12].map((dx) => shifted(astronaut, dx)),
      10,
    );
    const run = async (cropWorker: boolean) => {
      const out = join(dir, `same-${cropWorker}.jsonl`);
      await runEmbed({ inputs: [video, ASTRONAUT], out, model, backend: 'wasm', cropWorker });
      return records(out);
    };
    const [local, remote] = [await run(false), await run(true)];
    expect(remote).toHaveLength(4);
    expect(remote).toEqual(local);
  });

  it('names a missing input and a missing model', async () => {
    const out = join(dir, 'bad.jsonl');
    await expect(runEmbed({ inputs: [join(dir, 'nope.png')], out, model })).rejects.toThrow(
      /No such file or folder: .*nope\.png/,
    );
    await expect(
      runEmbed({ inputs: [ASTRONAUT_FACE], out, model: join(dir, 'missing', 'model.json') }),
    ).rejects.toThrow(/missing\/model\.json/);
  });

  it.skipIf(existsSync(fileURLToPath(defaultModelUrl())))(
    'fails with the encoder message while the package ships no default weights',
    async () => {
      await expect(
        runEmbed({ inputs: [ASTRONAUT_FACE], out: join(dir, 'default.jsonl') }),
      ).rejects.toThrow(
        /default expression-encoder weights are not present.*On the command line: --model/,
      );
    },
  );

  it('names options that are not an object, and inputs that are not an array', async () => {
    await expect(runEmbed(null as never)).rejects.toThrow(/options must be an object, got null/);
    await expect(runEmbed({ inputs: 'a.png', out: 'a.jsonl' } as never)).rejects.toThrow(
      /options\.inputs must be an array, got the string "a\.png"/,
    );
  });
});

describe('freeavatar embed', () => {
  it('prints the count and where it wrote', async () => {
    const lines: string[] = [];
    const out = join(dir, 'cli.jsonl');
    await createProgram((l) => lines.push(l)).parseAsync(
      ['embed', ASTRONAUT_FACE, '--out', out, '--model', model, '--backend', 'wasm'],
      { from: 'user' },
    );
    expect(lines).toContainEqual(expect.stringMatching(/^1 faces in 1 image, 16-d embeddings/));
    expect(lines.at(-1)).toBe(`wrote ${out}`);
    expect(await records(out)).toHaveLength(1);
  });
});
