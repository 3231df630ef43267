import { FreeAvatarError, isNode, importNode, type ModelSource } from '@freeavatar/core';
import { AVATAR_IDS, type AvatarId } from '@freeavatar/synth';

/** Prefix of the names that pick a shipped renderer, e.g. `'default:robot'`. */
const DEFAULT_PREFIX = 'default:';

/**
 * A renderer to load: `'default:<avatar>'` (the package's shipped renderer for that avatar),
 * or a path, URL or IOHandler of a saved renderer.
 *
 * @example
 * ```ts
 * const source: NeuralRendererSource = 'default:toon';
 * ```
 */
export type NeuralRendererSource = `default:${AvatarId}` | ModelSource;

/**
 * Where the package's shipped renderer for an avatar lives:
 * `weights/renderers/<avatar>/model.json` at the package root.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for an unknown avatar.
 * @example
 * ```ts
 * import { defaultRendererUrl } from '@freeavatar/animator';
 * defaultRendererUrl('robot').href;
 * // file:///…/@freeavatar/animator/weights/renderers/robot/model.json
 * ```
 */
export function defaultRendererUrl(avatar: AvatarId): URL {
  if (!(AVATAR_IDS as readonly string[]).includes(avatar)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `unknown avatar ${JSON.stringify(avatar)}; expected one of ${AVATAR_IDS.join(', ')}`,
      { subject: String(avatar) },
    );
  }
  return new URL(`../../weights/renderers/${avatar}/model.json`, import.meta.url);
}

/**
 * Resolves a {@link NeuralRendererSource}: `'default:<avatar>'` becomes the shipped file (a
 * path in Node, checked to exist; a URL elsewhere); anything else is returned unchanged.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for `default:` with an unknown avatar,
 *   `MODEL_LOAD_FAILED` when the shipped file is missing.
 * @example
 * ```ts
 * import { resolveRendererSource } from '@freeavatar/animator';
 * const source = await resolveRendererSource('default:human');
 * // '/…/weights/renderers/human/model.json'
 * ```
 */
export async function resolveRendererSource(source: NeuralRendererSource): Promise<ModelSource> {
  if (typeof source !== 'string' || !source.startsWith(DEFAULT_PREFIX)) return source;
  const url = defaultRendererUrl(source.slice(DEFAULT_PREFIX.length) as AvatarId);
  if (!isNode() || url.protocol !== 'file:') return url;
  const { fileURLToPath } = await importNode<typeof import('node:url')>('node:url');
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
  const path = fileURLToPath(url);
  const present = await fs.stat(path).then(
    () => true,
    () => false,
  );
  if (!present) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `The shipped ${source} renderer is not present (expected ${path}). ` +
        'Train one (freeavatar train renderer) and pass its model.json path.',
      { subject: path },
    );
  }
  return path;
}
