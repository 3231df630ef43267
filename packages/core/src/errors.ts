/**
 * The base class of every error FreeAvatar.js throws on purpose. `code` is stable and can be
 * matched on; `message` names the bad value and what was expected.
 *
 * @example
 * ```ts
 * import { FreeAvatarError } from '@freeavatar/core';
 * try {
 *   await readImageFile('missing.png');
 * } catch (err) {
 *   if (err instanceof FreeAvatarError && err.code === 'FILE_NOT_FOUND') console.log(err.message);
 * }
 * ```
 */
export class FreeAvatarError extends Error {
  /** A stable machine-readable code, such as `INVALID_ARGUMENT` or `UNSUPPORTED_IMAGE`. */
  readonly code: FreeAvatarErrorCode;
  /** The file, URL or argument the error is about, when there is one. */
  readonly subject: string | undefined;

  constructor(
    code: FreeAvatarErrorCode,
    message: string,
    options?: { subject?: string; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FreeAvatarError';
    this.code = code;
    this.subject = options?.subject;
  }
}

/** The codes a {@link FreeAvatarError} can carry. */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'FILE_NOT_FOUND',
  'UNSUPPORTED_IMAGE',
  'UNSUPPORTED_VIDEO',
  'MODEL_LOAD_FAILED',
  'BACKEND_UNAVAILABLE',
  'DISPOSED',
] as const;

/** One of {@link ERROR_CODES}. */
export type FreeAvatarErrorCode = (typeof ERROR_CODES)[number];

/**
 * Throws an `INVALID_ARGUMENT` {@link FreeAvatarError} unless `condition` holds.
 *
 * @example
 * ```ts
 * declare const size: number;
 * assertArgument(size >= 16, `size must be at least 16, got ${size}`);
 * ```
 */
export function assertArgument(condition: unknown, message: string): asserts condition {
  if (!condition) throw new FreeAvatarError('INVALID_ARGUMENT', message);
}
