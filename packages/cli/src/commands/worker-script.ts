import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The URL of a worker script of this folder, `name` without extension: the built `.js` beside
 * the calling module, or, when the caller runs from the sources (as the tests run them), the
 * built copy in the package's `dist`; `undefined` when neither exists (not built yet).
 *
 * @example
 * ```ts
 * const script = workerScript('synth-batch-worker', import.meta.url);
 * if (script !== undefined) new Worker(script, { workerData });
 * ```
 */
export function workerScript(name: string, callerUrl: string): URL | undefined {
  const candidates = [
    new URL(`./${name}.js`, callerUrl),
    new URL(`../../dist/commands/${name}.js`, callerUrl),
  ];
  return candidates.find((url) => existsSync(fileURLToPath(url)));
}
