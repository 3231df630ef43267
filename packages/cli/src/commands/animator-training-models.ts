import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FreeAvatarError, type ModelSource } from '@freeavatar/core';
import {
  loadNeuralRenderer,
  resolveRendererSource,
  type NeuralRenderer,
} from '@freeavatar/animator';
import { createExpressionEncoder, type ExpressionEncoder } from '@freeavatar/expression-encoder';
import { AVATAR_IDS, type AvatarId } from '@freeavatar/synth';

/**
 * Parses an `--avatars` list (`human,toon,robot`): known synth avatars, each once.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an empty list, an unknown or repeated id.
 * @example
 * ```ts
 * parseAvatarList('toon, robot'); // ['toon', 'robot']
 * ```
 */
export function parseAvatarList(list: string | readonly string[]): AvatarId[] {
  const ids = (typeof list === 'string' ? list.split(',') : [...list])
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0) {
    throw new FreeAvatarError('INVALID_ARGUMENT', 'the avatar list is empty');
  }
  for (const id of ids) assertAvatarId(id);
  if (new Set(ids).size !== ids.length) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `an avatar appears twice in ${ids.join(',')}`);
  }
  return ids as AvatarId[];
}

/**
 * Checks that `id` is one of the synth avatars (training data comes from their renders).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming the id and the known ones.
 * @example
 * ```ts
 * assertAvatarId('robot');
 * ```
 */
export function assertAvatarId(id: string): asserts id is AvatarId {
  if (!(AVATAR_IDS as readonly string[]).includes(id)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `unknown avatar ${JSON.stringify(id)}; expected one of ${AVATAR_IDS.join(', ')}`,
    );
  }
}

/**
 * Loads the frozen encoder of an animator run (`'default'`: the shipped model); a failed
 * default load names the `--encoder` flag.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when the model cannot be loaded.
 * @example
 * ```ts
 * const encoder = await openTrainingEncoder('runs/triplet/model/model.json');
 * ```
 */
export async function openTrainingEncoder(
  source: 'default' | ModelSource,
): Promise<ExpressionEncoder> {
  try {
    return await createExpressionEncoder({ model: source });
  } catch (err) {
    if (source === 'default' && err instanceof FreeAvatarError) {
      throw new FreeAvatarError(
        err.code,
        `${err.message} On the command line: --encoder path/to/model.json.`,
        { subject: err.subject, cause: err },
      );
    }
    throw err;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Where an avatar's renderer is in a `--renderers` folder: `<dir>/<avatar>/model.json`, or a
 * `train renderer` run folder `<dir>/<avatar>/renderer/model.json`; for `dir` `'default'`, the
 * renderer the animator package ships for the avatar.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` naming the places looked at, `MODEL_LOAD_FAILED` when
 *   the package ships no renderer for the avatar.
 * @example
 * ```ts
 * await rendererPath('models/renderers', 'robot'); // 'models/renderers/robot/model.json'
 * ```
 */
export async function rendererPath(dir: string, avatar: AvatarId): Promise<string> {
  if (dir === 'default') return String(await resolveRendererSource(`default:${avatar}`));
  const candidates = [join(dir, avatar, 'model.json'), join(dir, avatar, 'renderer', 'model.json')];
  for (const path of candidates) if (await isFile(path)) return path;
  throw new FreeAvatarError(
    'FILE_NOT_FOUND',
    `no neural renderer for ${avatar} in ${dir}: expected ${candidates.join(' or ')}`,
    { subject: candidates[0] },
  );
}

/**
 * Loads one neural renderer and checks that it renders `avatar`.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` for a bad file, `INVALID_ARGUMENT` for a renderer
 *   of another avatar.
 * @example
 * ```ts
 * const renderer = await openRenderer('models/renderers/robot/model.json', 'robot');
 * ```
 */
export async function openRenderer(path: string, avatar: AvatarId): Promise<NeuralRenderer> {
  const renderer = await loadNeuralRenderer(path);
  if (renderer.avatar !== avatar) {
    renderer.dispose();
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${path} is the ${renderer.avatar} renderer, not the ${avatar} one`,
      { subject: path },
    );
  }
  return renderer;
}

/**
 * Loads the renderers of `avatars` from a `--renderers` folder (see {@link rendererPath}), all
 * of one image size. The caller disposes them.
 *
 * @throws FreeAvatarError when one is missing, unreadable, of another avatar, or of another size.
 * @example
 * ```ts
 * const renderers = await openRenderers('models/renderers', ['toon', 'robot']);
 * ```
 */
export async function openRenderers(
  dir: string,
  avatars: readonly AvatarId[],
): Promise<Record<string, NeuralRenderer>> {
  const out: Record<string, NeuralRenderer> = {};
  try {
    for (const avatar of avatars) {
      out[avatar] = await openRenderer(await rendererPath(dir, avatar), avatar);
    }
    const sizes = new Set(Object.values(out).map((r) => r.config.imageSize));
    if (sizes.size > 1) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `the renderers in ${dir} have different image sizes (${[...sizes].join(', ')}); train them at one size`,
      );
    }
    return out;
  } catch (err) {
    Object.values(out).forEach((r) => r.dispose());
    throw err;
  }
}
