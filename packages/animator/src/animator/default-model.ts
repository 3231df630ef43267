import { FreeAvatarError, importNode, isNode, nodeIo, type ModelSource } from '@freeavatar/core';

/**
 * Where the package's shipped animator network lives: `weights/animator/model.json` at the
 * package root.
 *
 * @example
 * ```ts
 * import { defaultAnimatorModelUrl } from '@freeavatar/animator';
 * defaultAnimatorModelUrl().href; // file:///…/@freeavatar/animator/weights/animator/model.json
 * ```
 */
export function defaultAnimatorModelUrl(): URL {
  return new URL('../../weights/animator/model.json', import.meta.url);
}

/**
 * Resolves the `'default'` animator model to the shipped weights, checking in Node that they
 * exist (in browsers the URL is returned as it is).
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` naming the expected path when the package has no
 *   shipped weights.
 * @example
 * ```ts
 * const net = await loadAnimatorNetwork(await resolveDefaultAnimatorModel());
 * ```
 */
export async function resolveDefaultAnimatorModel(): Promise<ModelSource> {
  const url = defaultAnimatorModelUrl();
  if (!isNode() || url.protocol !== 'file:') return url;
  const { fs } = await nodeIo();
  const { fileURLToPath } = await importNode<typeof import('node:url')>('node:url');
  const path = fileURLToPath(url);
  const present = await fs.stat(path).then(
    () => true,
    () => false,
  );
  if (!present) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `The default animator weights are not present (expected ${path}). ` +
        'Pass `model` as a path, URL or IOHandler of a saved animator network, or an AnimatorNetwork.',
      { subject: path },
    );
  }
  return path;
}
