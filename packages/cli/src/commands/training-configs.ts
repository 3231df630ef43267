import { readFile } from 'node:fs/promises';
import { FreeAvatarError, assertNonEmptyString, createRng } from '@freeavatar/core';
import { resolveAugmentOptions, type AugmentOptions } from '@freeavatar/expression-encoder';
import { sampleFaceScene, type FaceSceneOptions } from '@freeavatar/synth';

/**
 * The synth scene settings a training run may change: head pose, framing, light, expression
 * sampling and occluders (see `FaceSceneOptions` in `@freeavatar/synth`).
 *
 * @example
 * ```ts
 * const dim: SceneConfig = { light: { ambient: [0.03, 0.5], diffuse: [0.25, 0.9] } };
 * ```
 */
export type SceneConfig = Pick<
  FaceSceneOptions,
  'expression' | 'pose' | 'framing' | 'light' | 'occluderProbability' | 'occluderKinds'
>;

const SCENE_KEYS = [
  'expression',
  'pose',
  'framing',
  'light',
  'occluderProbability',
  'occluderKinds',
] as const;

async function readJsonObject(path: string, flag: string): Promise<Record<string, unknown>> {
  assertNonEmptyString(path, 'path');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `${flag} ${path}: cannot read the file`, {
      subject: path,
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${flag} ${path} is not valid JSON: ${(error as Error).message}`,
      { subject: path },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `${flag} ${path} must hold a JSON object`, {
      subject: path,
    });
  }
  return value as Record<string, unknown>;
}

function withContext<T>(flag: string, path: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FreeAvatarError('INVALID_ARGUMENT', `${flag} ${path}: ${message}`, {
      subject: path,
    });
  }
}

/**
 * Reads the synth scene settings of `--scene FILE`: a JSON object with any of `expression`,
 * `pose`, `framing`, `light`, `occluderProbability` and `occluderKinds`. One scene is drawn with
 * them at once, so a bad range fails here rather than in the middle of a run.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` for an unreadable file; `INVALID_ARGUMENT` for a
 *   `path` that is not a string, bad JSON, an unknown key or a value synth rejects, naming the
 *   file and the key.
 * @example
 * ```ts
 * const scene = await readSceneConfig('configs/scene-robust.json');
 * ```
 */
export async function readSceneConfig(path: string): Promise<SceneConfig> {
  const value = await readJsonObject(path, '--scene');
  for (const key of Object.keys(value)) {
    if (!(SCENE_KEYS as readonly string[]).includes(key)) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `--scene ${path}: unknown key "${key}"; expected some of ${SCENE_KEYS.join(', ')}`,
        { subject: path },
      );
    }
  }
  const scene = value as SceneConfig;
  withContext('--scene', path, () => sampleFaceScene(createRng(0), 'train', scene));
  return scene;
}

/**
 * Reads the augmentation recipe of `--augment FILE`: a JSON {@link AugmentOptions} object (each
 * augmentation a partial override of its defaults or `false`), checked at once.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` for an unreadable file; `INVALID_ARGUMENT` for a
 *   `path` that is not a string, bad JSON or a setting the recipe rejects, naming the file.
 * @example
 * ```ts
 * const augment = await readAugmentConfig('configs/augment-light.json');
 * ```
 */
export async function readAugmentConfig(path: string): Promise<AugmentOptions> {
  const value = (await readJsonObject(path, '--augment')) as AugmentOptions;
  withContext('--augment', path, () => resolveAugmentOptions(value));
  return value;
}
