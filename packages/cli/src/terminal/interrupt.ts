import { assertObject } from '@freeavatar/core';

/**
 * An abort signal tied to Ctrl-C; `dispose()` removes the handler.
 *
 * @example
 * ```ts
 * const interrupt: Interrupt = interruptOnSigint();
 * interrupt.signal.addEventListener('abort', () => console.error('stopping…'));
 * ```
 */
export interface Interrupt {
  /** Aborts on the first SIGINT. */
  readonly signal: AbortSignal;
  /** Stops listening for SIGINT. */
  dispose(): void;
}

/**
 * Options of {@link interruptOnSigint}.
 *
 * @example
 * ```ts
 * const options: InterruptOptions = { onFirst: () => console.error('stopping after this step') };
 * ```
 */
export interface InterruptOptions {
  /** Called on the first Ctrl-C, after the signal aborts (e.g. to say a checkpoint is coming). */
  readonly onFirst?: () => void;
  /** Called on a second Ctrl-C (default: exit at once with code 130). */
  readonly onSecond?: () => void;
}

/**
 * Turns the first Ctrl-C (SIGINT) into an aborted `AbortSignal`, so a long job can stop cleanly
 * after its current step; a second Ctrl-C gives up at once. While the handler is installed the
 * process does not exit on the first SIGINT.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is given but not an object.
 * @example
 * ```ts
 * declare const options: TrainEncoderOptions;
 * const interrupt = interruptOnSigint({ onFirst: () => console.error('stopping…') });
 * try {
 *   await runTrainEncoder({ ...options, signal: interrupt.signal });
 * } finally {
 *   interrupt.dispose();
 * }
 * ```
 */
export function interruptOnSigint(options: InterruptOptions = {}): Interrupt {
  // Through `unknown`: all its fields are optional, so asserting would narrow away their types.
  assertObject(options as unknown, 'options');
  const controller = new AbortController();
  const onSecond = options.onSecond ?? (() => process.exit(130));
  const handler = (): void => {
    if (controller.signal.aborted) {
      onSecond();
      return;
    }
    controller.abort();
    options.onFirst?.();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', handler) };
}
