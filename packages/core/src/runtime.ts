import { assertNonEmptyString } from './arguments.js';
import { FreeAvatarError } from './errors.js';

/**
 * `true` when running under Node.js (not in a browser or a web worker).
 *
 * @example
 * ```ts
 * if (isNode()) console.log('reading from disk');
 * ```
 */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * Imports a Node built-in module by name without letting bundlers follow the import.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `name` is not a non-empty string or names no
 *   module that can be imported here.
 * @example
 * ```ts
 * const os = await importNode<typeof import('node:os')>('node:os');
 * ```
 */
export async function importNode<T>(name: string): Promise<T> {
  assertNonEmptyString(name, 'name');
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `Cannot import the Node module ${JSON.stringify(name)}: ${why}`,
      {
        subject: name,
        cause,
      },
    );
  }
}

/**
 * Node's file-system and path modules, imported so that browser bundlers do not follow them.
 *
 * @example
 * ```ts
 * const { fs, path } = await nodeIo();
 * await fs.mkdir(path.join('out', 'crops'), { recursive: true });
 * ```
 */
export async function nodeIo(): Promise<{
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
}> {
  const [fs, path] = await Promise.all([
    importNode<typeof import('node:fs/promises')>('node:fs/promises'),
    importNode<typeof import('node:path')>('node:path'),
  ]);
  return { fs, path };
}
