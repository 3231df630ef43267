/** Node's file-system and path modules, imported so that browser bundlers do not follow them. */
export async function nodeIo(): Promise<{
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
}> {
  const load = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);
  const [fs, path] = await Promise.all([load('node:fs/promises'), load('node:path')]);
  return {
    fs: fs as typeof import('node:fs/promises'),
    path: path as typeof import('node:path'),
  };
}
