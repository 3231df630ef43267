import { importNode } from './runtime.js';

/** The SIMD binary that tfjs-backend-wasm loads in Node (threads are off in Node). */
const WASM_BINARY = 'tfjs-backend-wasm-simd.wasm';

/**
 * The folder (ending in `/`) holding the `.wasm` binaries of the installed
 * `@tensorflow/tfjs-backend-wasm`, resolved from `node_modules` the way Node resolves the
 * package itself. Node only.
 *
 * @throws Error saying what was looked for when the package or its binaries are missing.
 * @example
 * ```ts
 * setWasmPaths(await resolveWasmDirectory());
 * ```
 */
export async function resolveWasmDirectory(): Promise<string> {
  const { createRequire } = await importNode<typeof import('node:module')>('node:module');
  const path = await importNode<typeof import('node:path')>('node:path');
  const fs = await importNode<typeof import('node:fs')>('node:fs');
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  } catch (cause) {
    throw new Error('@tensorflow/tfjs-backend-wasm is not installed', { cause });
  }
  const dir = path.join(path.dirname(pkgJson), 'dist');
  if (!fs.existsSync(path.join(dir, WASM_BINARY)))
    throw new Error(`${WASM_BINARY} is missing from ${dir}`);
  return dir + path.sep;
}
