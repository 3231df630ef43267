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

/** Imports a Node built-in module by name without letting bundlers follow the import. */
export async function importNode<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ name)) as T;
}
