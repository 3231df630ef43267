import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomTrack } from '../test-utils/tracks.js';
import { parseAnimationCsv } from './animation-csv.js';
import { parseAnimationJson } from './animation-json.js';
import { writeAnimationFiles } from './write-animation-files.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fa-animation-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeAnimationFiles', () => {
  it('writes JSON, a CSV per avatar, GLBs and the Live Link Face CSV for the human', async () => {
    const human = randomTrack('human', 3, 30, 1);
    const robot = randomTrack('robot', 3, 30, 2);
    const out = join(dir, 'take');
    const written = await writeAnimationFiles(out, [human, robot]);
    const names = [
      'animation.json',
      'animation-human.csv',
      'human.glb',
      'human.livelink.csv',
      'animation-robot.csv',
      'robot.glb',
    ];
    expect(written).toEqual(names.map((n) => join(out, n)));
    expect((await readdir(out)).sort()).toEqual([...names].sort());
    const tracks = parseAnimationJson(await readFile(join(out, 'animation.json'), 'utf8'));
    expect(tracks.map((t) => t.avatar)).toEqual(['human', 'robot']);
    const csv = parseAnimationCsv(await readFile(join(out, 'animation-robot.csv'), 'utf8'), {
      avatar: 'robot',
    });
    expect(csv.frames).toHaveLength(3);
    const glb = await readFile(join(out, 'robot.glb'));
    expect(glb.subarray(0, 4).toString('latin1')).toBe('glTF');
    expect((await readFile(join(out, 'human.livelink.csv'), 'utf8')).startsWith('Timecode,')).toBe(
      true,
    );
  });

  it('writes animation.csv for one track, only the formats asked for, and skips what does not apply', async () => {
    const toon = randomTrack('toon', 2, 30, 3);
    const one = join(dir, 'one');
    expect(await writeAnimationFiles(one, [toon], { formats: ['csv'] })).toEqual([
      join(one, 'animation.csv'),
    ]);
    const custom = { ...toon, avatar: 'my-rig' };
    const two = join(dir, 'two');
    expect((await writeAnimationFiles(two, [custom])).map((p) => p.slice(two.length + 1))).toEqual([
      'animation.json',
      'animation.csv',
    ]);
  });

  it('names formats a track cannot take and bad arguments, writing nothing', async () => {
    const toon = randomTrack('toon', 2, 30, 3);
    const bad = join(dir, 'bad');
    await expect(writeAnimationFiles(bad, [toon], { formats: ['livelink'] })).rejects.toThrow(
      /needs an ARKit-52 track \(such as 'human'\); got toon/,
    );
    await expect(
      writeAnimationFiles(bad, [{ ...toon, avatar: 'my-rig' }], { formats: ['glb'] }),
    ).rejects.toThrow(/track 'my-rig' is not one/);
    await expect(writeAnimationFiles(bad, [toon], { formats: ['fbx' as never] })).rejects.toThrow(
      /unknown format 'fbx'/,
    );
    await expect(writeAnimationFiles(bad, [toon, toon])).rejects.toThrow(
      /two tracks for avatar 'toon'/,
    );
    await expect(writeAnimationFiles(bad, [toon, { ...toon, avatar: '../x' }])).rejects.toThrow(
      /outside the folder/,
    );
    await expect(writeAnimationFiles(bad, [])).rejects.toThrow(/non-empty array of tracks/);
    await expect(readdir(bad)).rejects.toThrow();
  });
});
