import { FreeAvatarError } from './errors.js';

/**
 * The TensorFlow.js backends FreeAvatar.js can run on, fastest kind first.
 *
 * @example
 * ```ts
 * for (const name of BACKEND_NAMES) console.log(name);
 * ```
 */
export const BACKEND_NAMES = ['webgpu', 'tensorflow', 'wasm', 'cpu'] as const;

/**
 * One of {@link BACKEND_NAMES}: `webgpu` (browser WebGPU, or Dawn in Node), `tensorflow`
 * (`@tensorflow/tfjs-node` / `-node-gpu`, when installed), `wasm` (SIMD WebAssembly) or `cpu`
 * (plain JavaScript).
 *
 * @example
 * ```ts
 * const prefer: BackendName[] = ['webgpu', 'wasm'];
 * await initBackend({ prefer });
 * ```
 */
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * Whether `name` is one of {@link BACKEND_NAMES}.
 *
 * @example
 * ```ts
 * isBackendName('wasm'); // true
 * isBackendName('webgl'); // false
 * ```
 */
export function isBackendName(name: unknown): name is BackendName {
  return typeof name === 'string' && (BACKEND_NAMES as readonly string[]).includes(name);
}

/**
 * Normalises a backend preference (one name, a list, or a comma-separated string such as the
 * `FREEAVATAR_BACKEND` environment variable) into a list without duplicates.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` naming an unknown backend, or for an empty list.
 * @example
 * ```ts
 * parseBackendPreference('webgpu, wasm'); // ['webgpu', 'wasm']
 * ```
 */
export function parseBackendPreference(
  prefer: BackendName | readonly BackendName[] | string,
): BackendName[] {
  const items =
    typeof prefer === 'string'
      ? prefer.split(',').map((s) => s.trim())
      : Array.isArray(prefer)
        ? prefer
        : [prefer];
  const out: BackendName[] = [];
  for (const item of items as unknown[]) {
    if (!isBackendName(item)) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `Unknown backend ${JSON.stringify(item)}; expected one of ${BACKEND_NAMES.join(', ')}`,
        { subject: String(item) },
      );
    }
    if (!out.includes(item)) out.push(item);
  }
  if (out.length === 0) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `The backend preference is empty; expected one or more of ${BACKEND_NAMES.join(', ')}`,
    );
  }
  return out;
}
