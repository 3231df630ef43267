import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * A call that went wrong in a way a caller cannot read (not a FreeAvatarError), or that failed
 * and left tensors behind.
 */
export interface UnclearFailure {
  /** `name(argument)`, e.g. `contactSheet(null)`. */
  readonly call: string;
  /** The error's class and first line, or how many tensors a failed call left behind. */
  readonly error: string;
}

/** The wrong first arguments every public function is called with: none is valid anywhere. */
export const BAD_ARGUMENTS: readonly [string, unknown][] = [
  ['null', null],
  ['42', 42],
  ['"x"', 'x'],
  ['{}', {}],
];

type Callable = (argument: unknown) => unknown;

const isClass = (fn: Callable): boolean => /^class[\s{]/.test(Function.prototype.toString.call(fn));

/** Whatever a call gives back, or throws, or its promise settles to (within `timeoutMs`). */
async function outcomeOf(call: () => unknown, timeoutMs: number): Promise<unknown> {
  try {
    const result = call();
    if (!(result instanceof Promise)) return result;
    const timer = new Promise((resolve) => setTimeout(() => resolve(undefined), timeoutMs));
    return await Promise.race([result.catch((error: unknown) => ({ thrown: error })), timer]);
  } catch (error) {
    return { thrown: error };
  }
}

/**
 * Calls every function and class a module exports (those that take an argument) with each of
 * {@link BAD_ARGUMENTS} and lists the calls that throw, or reject with, anything but an error
 * named `FreeAvatarError` (those crash with a message that names nothing the caller passed),
 * and the failed calls that leave tensors behind. Returning (a function may take `{}` as empty
 * options) is not a failure here.
 */
export async function unclearFailures(
  module: Record<string, unknown>,
  timeoutMs = 10_000,
): Promise<UnclearFailure[]> {
  const failures: UnclearFailure[] = [];
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function') continue;
    const fn = value as Callable;
    const construct = isClass(fn);
    if (!construct && fn.length === 0) continue;
    for (const [label, bad] of BAD_ARGUMENTS) {
      const before = tf.memory().numTensors;
      const outcome = await outcomeOf(
        () => (construct ? new (fn as unknown as new (a: unknown) => unknown)(bad) : fn(bad)),
        timeoutMs,
      );
      if (outcome === null || typeof outcome !== 'object' || !('thrown' in outcome)) continue;
      const thrown = outcome.thrown as { name?: string; message?: string } | undefined;
      const left = tf.memory().numTensors - before;
      if (left !== 0) failures.push({ call: `${name}(${label})`, error: `left ${left} tensors` });
      if (thrown?.name === 'FreeAvatarError') continue;
      const kind = thrown?.constructor?.name ?? typeof thrown;
      const message = String(thrown?.message ?? thrown).split('\n')[0];
      failures.push({ call: `${name}(${label})`, error: `${kind}: ${message}` });
    }
  }
  return failures;
}

/**
 * Moves this process into a new scratch folder, so that bad-input calls that get as far as
 * writing (a path `"x"` is a valid path) write there and not into the repository; the returned
 * function moves back and deletes the folder.
 */
export async function enterScratchFolder(): Promise<() => Promise<void>> {
  const home = process.cwd();
  const scratch = await mkdtemp(join(tmpdir(), 'bad-input-'));
  process.chdir(scratch);
  return async () => {
    process.chdir(home);
    await rm(scratch, { recursive: true, force: true });
  };
}
