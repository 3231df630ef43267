import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backend-names.js';
import { importNode, isNode } from './runtime.js';
import { registerWasmTrainingKernels } from './wasm-training-kernels.js';
import { resolveWasmDirectory } from './wasm-paths.js';
import {
  describeAdapter,
  installNodeWebGpu,
  navigatorGpu,
  type GpuAdapterLike,
} from './webgpu-node.js';

/**
 * Options that shape how a backend is made ready (shared by `initBackend` and
 * `listBackends`).
 *
 * @example
 * ```ts
 * await initBackend({ prefer: 'wasm', wasmPaths: '/static/tfjs-wasm/' });
 * ```
 */
export interface PrepareOptions {
  /**
   * Where the tfjs-backend-wasm `.wasm` binaries are: a folder prefix (ending in `/`) or a map
   * from binary name to URL, as `setWasmPaths` takes. Default: resolved from `node_modules` in
   * Node; next to the bundled script in browsers.
   */
  wasmPaths?: string | Record<string, string>;
}

/** Makes a backend registered with tfjs and ready to initialise; resolves to a description. */
type Prepare = (options: PrepareOptions) => Promise<string>;

const TFJS_NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

async function prepareCpu(): Promise<string> {
  if (!tf.findBackendFactory('cpu')) throw new Error('the cpu backend is not registered');
  return 'plain JavaScript';
}

async function prepareWasm(options: PrepareOptions): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!tf.findBackend('wasm')) {
    const paths = options.wasmPaths ?? (isNode() ? await resolveWasmDirectory() : undefined);
    if (paths !== undefined) wasm.setWasmPaths(paths);
  }
  const kernels = await registerWasmTrainingKernels();
  const fixes =
    kernels.conv2DBackpropFilter && kernels.fastBatchMatMul
      ? 'with training kernels'
      : 'without training kernels';
  return `WebAssembly (SIMD when supported), ${fixes}`;
}

async function prepareTensorflow(): Promise<string> {
  if (tf.findBackendFactory('tensorflow')) return 'TensorFlow C library (already loaded)';
  if (!isNode()) throw new Error('@tensorflow/tfjs-node runs in Node.js only');
  const { createRequire } = await importNode<typeof import('node:module')>('node:module');
  const require = createRequire(import.meta.url);
  const missing: string[] = [];
  for (const specifier of TFJS_NODE_PACKAGES) {
    try {
      require.resolve(specifier);
    } catch {
      missing.push(`${specifier} is not installed`);
      continue;
    }
    try {
      await import(/* @vite-ignore */ specifier);
    } catch (cause) {
      missing.push(`${specifier} failed to load: ${(cause as Error).message}`);
      continue;
    }
    if (!tf.findBackendFactory('tensorflow')) {
      throw new Error(
        `${specifier} loaded but registered its backend with another copy of @tensorflow/tfjs-core; install the version matching @tensorflow/tfjs ${tf.version.tfjs}`,
      );
    }
    return `TensorFlow C library through ${specifier}`;
  }
  throw new Error(
    `${missing.join('; ')} (optional: npm install @tensorflow/tfjs-node, or -node-gpu for CUDA)`,
  );
}

async function prepareWebGpu(): Promise<string> {
  let description: string;
  if (isNode()) {
    description = await installNodeWebGpu();
  } else {
    const gpu = navigatorGpu();
    if (!gpu) throw new Error('this browser has no navigator.gpu (WebGPU is off or unsupported)');
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned no adapter');
    description = describeAdapter(adapter);
  }
  const module = await import('@tensorflow/tfjs-backend-webgpu');
  if (!tf.findBackendFactory('webgpu')) registerWebGpuFactory(module.WebGPUBackend);
  return description;
}

/**
 * Registers the `webgpu` backend factory when tfjs-backend-webgpu was imported before
 * `navigator.gpu` existed (it registers itself only when WebGPU is present at import time).
 */
function registerWebGpuFactory(
  WebGPUBackend: new (device: never, adapterInfo?: never) => tf.KernelBackend,
): void {
  tf.registerBackend(
    'webgpu',
    async () => {
      const gpu = navigatorGpu();
      const adapter = (await gpu?.requestAdapter({
        powerPreference: 'high-performance',
      })) as GpuAdapterLike | null;
      if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned no adapter');
      const limits = adapter.limits as Record<string, number>;
      const keys = [
        'maxComputeWorkgroupStorageSize',
        'maxComputeWorkgroupsPerDimension',
        'maxStorageBufferBindingSize',
        'maxBufferSize',
        'maxComputeWorkgroupSizeX',
        'maxComputeInvocationsPerWorkgroup',
      ];
      const requiredLimits = Object.fromEntries(keys.map((k) => [k, limits[k]]));
      const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
      const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
      return new WebGPUBackend(device as never, adapter.info as never);
    },
    3,
  );
}

/**
 * How each backend is made ready: registers it with tfjs and resolves to a description, or
 * rejects with the reason it cannot run here.
 *
 * @example
 * ```ts
 * const description = await PREPARE.wasm({});
 * ```
 */
export const PREPARE: Readonly<Record<BackendName, Prepare>> = {
  webgpu: prepareWebGpu,
  tensorflow: prepareTensorflow,
  wasm: prepareWasm,
  cpu: prepareCpu,
};
