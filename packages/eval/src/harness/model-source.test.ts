import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModelFile, modelFileInfo } from './model-source.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eval-model-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function modelJson(name: string, metadata: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify({ weightsManifest: [], userDefinedMetadata: metadata }));
  return path;
}

describe('modelFileInfo', () => {
  it('reads stage, steps and seed of a saved model and of a training checkpoint', async () => {
    const saved = await modelJson('saved.json', { stage: 'mae', steps: 2000, seed: 1, config: {} });
    expect(await modelFileInfo(saved)).toEqual({ path: saved, stage: 'mae', steps: 2000, seed: 1 });
    const checkpoint = await modelJson('checkpoint.json', {
      format: 'freeavatar-checkpoint',
      step: 345,
      seed: 2,
      extra: { stage: 'triplet' },
    });
    expect(await modelFileInfo(checkpoint)).toEqual({
      path: checkpoint,
      stage: 'triplet',
      steps: 345,
      seed: 2,
    });
  });

  it('knows only the path of URLs, handlers, missing files and files without metadata', async () => {
    expect(await modelFileInfo('https://example.org/model.json')).toEqual({
      path: 'https://example.org/model.json',
    });
    expect(await modelFileInfo(join(dir, 'missing.json'))).toEqual({
      path: join(dir, 'missing.json'),
    });
    const bare = join(dir, 'bare.json');
    await writeFile(bare, '{"weightsManifest": []}');
    expect(await modelFileInfo(bare)).toEqual({ path: bare });
    expect(await modelFileInfo({ load: async () => ({}) })).toEqual({ path: 'IOHandler' });
  });
});

describe('describeModelFile', () => {
  it('writes the path in backticks and the facts it has', () => {
    expect(describeModelFile({ path: 'm.json', stage: 'mae', steps: 20, seed: 1 })).toBe(
      '`m.json` (stage mae, 20 steps, seed 1)',
    );
    expect(describeModelFile({ path: 'm.json', seed: 4 })).toBe('`m.json` (seed 4)');
    expect(describeModelFile({ path: 'm.json' })).toBe('`m.json`');
    expect(() => describeModelFile(null as never)).toThrow(/info must be an object, got null/);
    expect(() => describeModelFile({} as never)).toThrow(
      /info\.path must be a string, got undefined/,
    );
  });
});
