/**
 * File helpers shared by the dataset writers (Node only). Internal.
 */
import { FreeAvatarError, encodeImage, type RgbImage } from '@freeavatar/core';

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

/** The name of the metadata file every dataset folder holds. */
export const DATASET_FILE = 'dataset.json';

/**
 * Creates `out` and refuses to write into a folder that already holds a dataset unless
 * `overwrite` is set.
 */
export async function prepareOutput(out: string, overwrite: boolean): Promise<void> {
  const { fs, path } = await nodeIo();
  if (!overwrite) {
    const existing = await fs.stat(path.join(out, DATASET_FILE)).catch(() => undefined);
    if (existing) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `${out} already holds a dataset (${DATASET_FILE}); choose another folder or pass overwrite`,
        { subject: out },
      );
    }
  }
  await fs.mkdir(out, { recursive: true });
}

/**
 * PNG writes in flight, at most `limit` at a time: encoding runs on libuv's thread pool while
 * the caller renders the next image.
 */
export class PendingWrites {
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;

  constructor(private readonly limit = 8) {}

  /** Queues `image` to be encoded and written to `file`; waits while the queue is full. */
  async add(file: string, image: RgbImage): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const { fs } = await nodeIo();
    const job = encodeImage(image, 'png')
      .then((bytes) => fs.writeFile(file, bytes))
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
    while (this.pending.size >= this.limit) await Promise.race(this.pending);
  }

  /** Waits for every queued write; rethrows the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure !== undefined) throw this.failure;
  }
}

/** A JSON copy of options without image data (photo backgrounds become a count). */
export function describeOptions(options: object): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(options, (key, value: unknown) => {
      if (key === 'photos' && Array.isArray(value)) return `${value.length} photos`;
      if (key === 'renderer' || key === 'categorizer' || key === 'distance') return undefined;
      if (typeof value === 'function') return undefined;
      return value;
    }),
  ) as Record<string, unknown>;
}
