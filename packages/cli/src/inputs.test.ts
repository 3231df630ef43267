import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInput } from './inputs.js';

describe('classifyInput', () => {
  it('tells images, videos and folders apart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-inputs-'));
    await mkdir(join(dir, 'frames'));
    await writeFile(join(dir, 'frames', 'b.png'), '');
    await writeFile(join(dir, 'frames', 'a.jpg'), '');
    await writeFile(join(dir, 'frames', 'notes.txt'), '');
    await writeFile(join(dir, 'clip.MP4'), '');
    expect(await classifyInput(join(dir, 'frames', 'a.jpg'))).toEqual({
      kind: 'image',
      path: join(dir, 'frames', 'a.jpg'),
    });
    expect((await classifyInput(join(dir, 'clip.MP4'))).kind).toBe('video');
    const folder = await classifyInput(join(dir, 'frames'));
    expect(folder.kind === 'directory' && folder.images.map((p) => p.slice(-5))).toEqual([
      'a.jpg',
      'b.png',
    ]);
  });

  it('names the path it cannot use', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fa-inputs-'));
    await writeFile(join(dir, 'data.bin'), '');
    await expect(classifyInput(join(dir, 'missing.png'))).rejects.toThrow(
      /No such file or folder: .*missing\.png/,
    );
    await expect(classifyInput(join(dir, 'data.bin'))).rejects.toThrow(
      /Cannot tell what .*data\.bin is/,
    );
    await mkdir(join(dir, 'empty'));
    await expect(classifyInput(join(dir, 'empty'))).rejects.toThrow(/holds no images/);
  });

  it('names a path that is not a string', async () => {
    await expect(classifyInput(42 as never)).rejects.toThrow(
      /path must be a non-empty string, got the number 42/,
    );
  });
});
