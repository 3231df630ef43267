import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAugmentOptions } from '@freeavatar/expression-encoder';
import { readAugmentConfig, readSceneConfig } from './training-configs.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'freeavatar-training-configs-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('readSceneConfig', () => {
  it('reads scene settings', async () => {
    const path = await file(
      'scene.json',
      JSON.stringify({ light: { ambient: [0.03, 0.5] }, occluderProbability: 0.3 }),
    );
    expect(await readSceneConfig(path)).toEqual({
      light: { ambient: [0.03, 0.5] },
      occluderProbability: 0.3,
    });
  });

  it('names an unknown key, a bad range, bad JSON and a missing file', async () => {
    await expect(readSceneConfig(await file('key.json', '{"lights": {}}'))).rejects.toThrow(
      /unknown key "lights"; expected some of expression, pose/,
    );
    const range = await file('range.json', '{"light": {"ambient": [0.5, 0.1]}}');
    await expect(readSceneConfig(range)).rejects.toThrow(
      /range\.json: ambient range must be 0 <= lo <= hi, got \[0\.5, 0\.1\]/,
    );
    await expect(readSceneConfig(await file('bad.json', '{light'))).rejects.toThrow(
      /--scene .*bad\.json is not valid JSON/,
    );
    await expect(readSceneConfig(await file('list.json', '[1]'))).rejects.toThrow(
      /must hold a JSON object/,
    );
    await expect(readSceneConfig(join(dir, 'none.json'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('names a path that is not a string', async () => {
    await expect(readSceneConfig(null as never)).rejects.toThrow(
      /path must be a non-empty string, got null/,
    );
  });
});

describe('readAugmentConfig', () => {
  it('reads a recipe and rejects a bad setting, naming the file', async () => {
    const good = await file('aug.json', '{"blur": {"maxSigma": 1}, "erasing": false}');
    expect(await readAugmentConfig(good)).toEqual({ blur: { maxSigma: 1 }, erasing: false });
    const bad = await file('aug-bad.json', '{"blur": {"sigma": 1}}');
    await expect(readAugmentConfig(bad)).rejects.toThrow(
      /--augment .*aug-bad\.json: augment\.blur has no setting "sigma"/,
    );
  });

  it('names a path that is not a string', async () => {
    await expect(readAugmentConfig(42 as never)).rejects.toThrow(
      /path must be a non-empty string, got the number 42/,
    );
  });
});

describe("the encoder's committed recipes", () => {
  const recipes = fileURLToPath(
    new URL('../../../expression-encoder/weights/recipes/', import.meta.url),
  );
  const AUGMENT_KEYS = Object.keys(resolveAugmentOptions({}));

  it('each read as an augmentation recipe or a scene file', async () => {
    const names = (await readdir(recipes)).filter((n) => n.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const name of names) {
      const path = join(recipes, name);
      const keys = Object.keys(JSON.parse(await readFile(path, 'utf8')) as object);
      const isAugment = keys.some((k) => AUGMENT_KEYS.includes(k));
      const read = isAugment ? readAugmentConfig(path) : readSceneConfig(path);
      await expect(read, name).resolves.toBeTypeOf('object');
    }
  });
});
