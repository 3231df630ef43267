import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, parseBackendPreference, type BackendName } from './backend-names.js';
import { PREPARE, type PrepareOptions } from './backend-prepare.js';
import { assertArgument, FreeAvatarError } from './errors.js';
import { isNode } from './runtime.js';

/**
 * Options of {@link initBackend}.
 *
 * @example
 * ```ts
 * const options: InitBackendOptions = { prefer: ['webgpu', 'wasm', 'cpu'] };
 * await initBackend(options);
 * ```
 */
export interface InitBackendOptions extends PrepareOptions {
  /**
   * The backend, or backends in order of preference, to use. Default: the
   * `FREEAVATAR_BACKEND` environment variable (comma-separated) when set, else
   * {@link defaultBackendOrder}.
   */
  prefer?: BackendName | readonly BackendName[];
}

/**
 * What {@link initBackend} chose, and why.
 *
 * @example
 * ```ts
 * const choice: BackendChoice = await initBackend();
 * console.log(choice.name, choice.reasons.webgpu);
 * ```
 */
export interface BackendChoice {
  /** The backend now active in TensorFlow.js. */
  readonly name: BackendName;
  /** For every backend: what it is (the chosen one) or why it was not chosen. */
  readonly reasons: Readonly<Record<BackendName, string>>;
}

/**
 * One row of {@link listBackends}.
 *
 * @example
 * ```ts
 * const rows: BackendStatus[] = await listBackends();
 * const usable = rows.filter((row) => row.available).map((row) => row.name);
 * ```
 */
export interface BackendStatus {
  readonly name: BackendName;
  /** Whether the backend can be initialised here. */
  readonly available: boolean;
  /** What the backend runs on when available, else why it is not. */
  readonly detail: string;
  /** Whether it is the backend TensorFlow.js uses now. */
  readonly active: boolean;
}

/**
 * The order {@link initBackend} tries backends in when no preference is given. Node:
 * `tensorflow` (only present when the user installed `@tensorflow/tfjs-node[-gpu]`), `wasm`,
 * `cpu`; WebGPU is left out in Node because on machines without a GPU it runs on a software
 * rasterizer, slower than wasm; ask for it with `prefer: 'webgpu'`. Browsers: `webgpu`, `wasm`,
 * `cpu`.
 *
 * @example
 * ```ts
 * defaultBackendOrder(); // ['tensorflow', 'wasm', 'cpu'] in Node
 * ```
 */
export function defaultBackendOrder(): BackendName[] {
  return isNode() ? ['tensorflow', 'wasm', 'cpu'] : ['webgpu', 'wasm', 'cpu'];
}

function environmentPreference(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.FREEAVATAR_BACKEND?.trim();
  return value ? value : undefined;
}

function resolvePreference(prefer: InitBackendOptions['prefer']): BackendName[] {
  if (prefer !== undefined) return parseBackendPreference(prefer);
  const fromEnv = environmentPreference();
  if (fromEnv === undefined) return defaultBackendOrder();
  try {
    return parseBackendPreference(fromEnv);
  } catch (err) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `FREEAVATAR_BACKEND=${fromEnv}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'message' in err)
    return String((err as { message: unknown }).message);
  return String(err);
}

/**
 * Prepares `name` and creates its tfjs backend instance without making it the active backend.
 * Resolves to a description; rejects with the reason it cannot run here.
 */
async function makeReady(name: BackendName, options: PrepareOptions): Promise<string> {
  const description = await PREPARE[name](options);
  const engine = tf.engine();
  if (engine.registry[name] === undefined) {
    const factory = tf.findBackendFactory(name);
    if (!factory) throw new Error(`no ${name} backend is registered with TensorFlow.js`);
    engine.registry[name] = await factory();
  }
  return description;
}

/**
 * Picks and activates the TensorFlow.js backend: the first of the preferred backends that works
 * here. Preparing a backend includes what it needs to run: for `wasm` the binaries are found in
 * `node_modules` (offline) and the training kernels are registered
 * ({@link registerWasmTrainingKernels}); for `webgpu` in Node the optional `webgpu` package
 * (Dawn) provides `navigator.gpu`; `tensorflow` loads `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node` when installed.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for options that are not an object or an unknown
 *   backend name; `BACKEND_UNAVAILABLE` when none of the preferred backends works, naming each
 *   reason.
 * @example
 * ```ts
 * import { initBackend } from '@freeavatar/core';
 * const { name, reasons } = await initBackend({ prefer: ['webgpu', 'wasm'] });
 * console.log(`running on ${name}`, reasons);
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendChoice> {
  assertArgument(
    options !== null && typeof options === 'object' && !Array.isArray(options),
    `initBackend options must be an object such as { prefer: 'wasm' }, got ${JSON.stringify(options)}`,
  );
  const order = resolvePreference(options.prefer);
  const reasons = {} as Record<BackendName, string>;
  for (const name of BACKEND_NAMES) {
    if (!order.includes(name)) reasons[name] = `not in the preference list (${order.join(', ')})`;
  }
  let chosen: BackendName | undefined;
  for (const name of order) {
    if (chosen !== undefined) {
      reasons[name] = `not tried: ${chosen} comes first in the preference list`;
      continue;
    }
    try {
      const description = await makeReady(name, options);
      if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
      await tf.ready();
      reasons[name] = `chosen: ${description}`;
      chosen = name;
    } catch (err) {
      reasons[name] = `unavailable: ${messageOf(err)}`;
    }
  }
  if (chosen === undefined) {
    const why = order
      .map((name) => `${name}: ${reasons[name].replace(/^unavailable: /, '')}`)
      .join('; ');
    throw new FreeAvatarError('BACKEND_UNAVAILABLE', `No preferred backend is available (${why})`, {
      subject: order.join(','),
    });
  }
  const ordered = Object.fromEntries(BACKEND_NAMES.map((name) => [name, reasons[name]])) as Record<
    BackendName,
    string
  >;
  return { name: chosen, reasons: ordered };
}

/**
 * Probes every backend in {@link BACKEND_NAMES} and says which can run here, without changing
 * the active backend. Probing creates the backends that work (so a later {@link initBackend}
 * is quick) and, for `webgpu` in Node, installs `navigator.gpu` from the `webgpu` package.
 *
 * @example
 * ```ts
 * import { listBackends } from '@freeavatar/core';
 * for (const b of await listBackends()) console.log(b.name, b.available ? 'yes' : 'no', b.detail);
 * ```
 */
export async function listBackends(options: PrepareOptions = {}): Promise<BackendStatus[]> {
  const statuses: BackendStatus[] = [];
  for (const name of BACKEND_NAMES) {
    let available = false;
    let detail: string;
    try {
      detail = await makeReady(name, options);
      available = true;
    } catch (err) {
      detail = messageOf(err);
    }
    statuses.push({ name, available, detail, active: tf.engine().backendName === name });
  }
  return statuses;
}
