import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { FreeAvatarError, assertNonEmptyString, isImageFileName } from '@freeavatar/core';

const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.mov',
  '.mkv',
  '.webm',
  '.avi',
  '.m4v',
  '.mpg',
  '.mpeg',
]);

/** What a path given on the command line turned out to be. */
export type InputKind =
  | { readonly kind: 'image'; readonly path: string }
  | { readonly kind: 'video'; readonly path: string }
  | { readonly kind: 'directory'; readonly path: string; readonly images: readonly string[] };

/**
 * Decides whether a path is an image, a video or a folder of images (sorted by name).
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `path` is not a non-empty string,
 *   `FILE_NOT_FOUND` for a missing path, `UNSUPPORTED_IMAGE` for an unknown extension or an
 *   empty folder.
 * @example
 * ```ts
 * const input = await classifyInput('frames/');
 * if (input.kind === 'directory') console.log(input.images.length);
 * ```
 */
export async function classifyInput(path: string): Promise<InputKind> {
  assertNonEmptyString(path, 'path');
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new FreeAvatarError('FILE_NOT_FOUND', `No such file or folder: ${path}`, {
      subject: path,
      cause,
    });
  }
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter(isImageFileName).sort();
    if (names.length === 0)
      throw new FreeAvatarError('UNSUPPORTED_IMAGE', `Folder ${path} holds no images`, {
        subject: path,
      });
    return { kind: 'directory', path, images: names.map((n) => join(path, n)) };
  }
  if (isImageFileName(path)) return { kind: 'image', path };
  if (VIDEO_EXTENSIONS.has(extname(path).toLowerCase())) return { kind: 'video', path };
  throw new FreeAvatarError(
    'UNSUPPORTED_IMAGE',
    `Cannot tell what ${path} is: expected an image (.png, .jpg, ...), a video (.mp4, .mov, ...) or a folder`,
    { subject: path },
  );
}
