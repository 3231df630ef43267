import { importNode } from './runtime.js';

/** The slice of the WebGPU `GPUAdapter` interface that backend selection reads. */
export interface GpuAdapterLike {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, number> | object;
  requestDevice(descriptor?: object): Promise<unknown>;
}

/** The slice of the WebGPU `GPU` interface (`navigator.gpu`) that backend selection uses. */
export interface GpuLike {
  /** Set on the `navigator.gpu` that {@link installNodeWebGpu} provides: what it runs on. */
  readonly freeavatarDescription?: string;
  requestAdapter(options?: Record<string, unknown>): Promise<GpuAdapterLike | null>;
}

interface DawnModule {
  create(
    flags: string[],
  ): GpuLike & { getPreferredCanvasFormat?(): string; wgslLanguageFeatures?: unknown };
  globals: Record<string, unknown>;
}

/**
 * The WebGPU entry point of this JavaScript realm, if any.
 *
 * @example
 * ```ts
 * const hasWebGpu = navigatorGpu() !== undefined;
 * ```
 */
export function navigatorGpu(): GpuLike | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu ?? undefined;
}

/**
 * A short text naming an adapter, such as `llvmpipe-llvm-15-0-6-256-bits- OpenGL version OpenGL
 * ES 3.2 Mesa 22.3.6`.
 *
 * @example
 * ```ts
 * const adapter = await navigator.gpu.requestAdapter();
 * if (adapter) console.log(describeAdapter(adapter));
 * ```
 */
export function describeAdapter(adapter: GpuAdapterLike): string {
  const info = adapter.info ?? {};
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (s) => typeof s === 'string' && s.length > 0,
  );
  return parts.length > 0 ? parts.join(' ') : 'unnamed adapter';
}

/**
 * The Dawn backends to try, in order: `FREEAVATAR_WEBGPU_BACKEND` (comma-separated Dawn backend
 * names such as `vulkan` or `opengles`) when set; else the platform default, then (on Linux)
 * OpenGL ES, which runs on Mesa's software rasterizer where no GPU driver is installed.
 */
function dawnBackends(
  env: Record<string, string | undefined>,
  platform: string,
): (string | null)[] {
  const chosen = env.FREEAVATAR_WEBGPU_BACKEND?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (chosen && chosen.length > 0) return chosen;
  return platform === 'linux' ? [null, 'opengles'] : [null];
}

function installNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator !== undefined && g.navigator !== null) {
    Object.defineProperty(g.navigator, 'gpu', {
      value: gpu,
      configurable: true,
      writable: true,
      enumerable: true,
    });
  } else {
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu },
      configurable: true,
      writable: true,
      enumerable: false,
    });
  }
}

/**
 * Provides WebGPU to Node through the optional `webgpu` package (Dawn): installs its globals
 * (`GPUBufferUsage`, ...) and a `navigator.gpu` whose `requestAdapter` asks for the feature
 * level the chosen Dawn backend supports (`compatibility` for OpenGL ES). Keeps an existing
 * `navigator.gpu`. On Linux without a GPU it uses Mesa through EGL, setting
 * `EGL_PLATFORM=surfaceless` when unset.
 *
 * @returns a description of the adapter found.
 * @throws Error saying why no adapter could be had.
 * @example
 * ```ts
 * console.log(await installNodeWebGpu()); // e.g. "llvmpipe ... (Dawn opengles backend)"
 * await import('@tensorflow/tfjs-backend-webgpu');
 * ```
 */
export async function installNodeWebGpu(): Promise<string> {
  const existing = navigatorGpu();
  if (existing) {
    const adapter = await existing.requestAdapter();
    if (!adapter) throw new Error('navigator.gpu is set but returned no adapter');
    return existing.freeavatarDescription ?? describeAdapter(adapter);
  }
  let dawn: DawnModule;
  try {
    const specifier = 'webgpu';
    dawn = (await import(/* @vite-ignore */ specifier)) as DawnModule;
  } catch (cause) {
    throw new Error(
      `the optional package "webgpu" (Dawn for Node) is not installed: npm install webgpu (${(cause as Error).message})`,
      { cause },
    );
  }
  const proc = await importNode<typeof import('node:process')>('node:process');
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis))
      Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  const tried: string[] = [];
  for (const backend of dawnBackends(proc.env, proc.platform)) {
    const flags = backend === null ? [] : [`backend=${backend}`];
    if (backend === 'opengles' || backend === 'opengl') proc.env.EGL_PLATFORM ??= 'surfaceless';
    const featureLevel = backend === 'opengles' || backend === 'opengl' ? 'compatibility' : 'core';
    const dawnGpu = dawn.create(flags);
    const adapter = await dawnGpu.requestAdapter({ featureLevel });
    if (!adapter) {
      tried.push(`${backend ?? 'default'}: no adapter`);
      continue;
    }
    const description = `${describeAdapter(adapter)} (Dawn ${backend ?? 'default'} backend)`;
    installNavigatorGpu({
      freeavatarDescription: description,
      requestAdapter: (options) => dawnGpu.requestAdapter({ featureLevel, ...options }),
      getPreferredCanvasFormat: () => dawnGpu.getPreferredCanvasFormat?.() ?? 'rgba8unorm',
      wgslLanguageFeatures: dawnGpu.wgslLanguageFeatures,
    } as GpuLike);
    return description;
  }
  throw new Error(
    `Dawn found no adapter (${tried.join('; ')}). On Linux without a GPU install Mesa (libegl-dev libgl1-mesa-dri) for the OpenGL ES path`,
  );
}
