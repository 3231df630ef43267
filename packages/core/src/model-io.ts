import * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, assertArgument } from './errors.js';
import { importNode, isNode } from './runtime.js';

/**
 * Where a model comes from: a file path (Node), an `http(s)://` or `file://` URL, or any
 * `tf.io.IOHandler` (e.g. `tf.io.browserFiles`, `tf.io.fromMemory`).
 */
export type ModelSource = string | URL | tf.io.IOHandler;

function isIOHandler(source: unknown): source is tf.io.IOHandler {
  return (
    typeof source === 'object' &&
    source !== null &&
    !(source instanceof URL) &&
    ('load' in source || 'save' in source)
  );
}

function isRemoteUrl(text: string): boolean {
  return /^(https?|blob|data):/i.test(text);
}

/**
 * An `IOHandler` that loads a tfjs model (`model.json` plus the weight shards listed in its
 * `weightsManifest`) from the file system, and saves one there. Node only.
 *
 * @param modelJsonPath - path of the `model.json` file.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fileSystemHandler } from '@freeavatar/core';
 * const model = await tf.loadGraphModel(fileSystemHandler('models/blazeface.json'));
 * ```
 */
export function fileSystemHandler(modelJsonPath: string): tf.io.IOHandler {
  assertArgument(
    typeof modelJsonPath === 'string' && modelJsonPath.length > 0,
    'modelJsonPath must be a non-empty string',
  );
  return {
    load: async () => {
      const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
      const path = await importNode<typeof import('node:path')>('node:path');
      let json: {
        modelTopology?: unknown;
        weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
        format?: string;
        generatedBy?: string;
        convertedBy?: string;
        signature?: unknown;
        userDefinedMetadata?: Record<string, unknown>;
        modelInitializer?: unknown;
        trainingConfig?: tf.io.TrainingConfig;
      };
      try {
        json = JSON.parse(await fs.readFile(modelJsonPath, 'utf8'));
      } catch (cause) {
        throw new FreeAvatarError(
          'MODEL_LOAD_FAILED',
          `Cannot read model file ${modelJsonPath}: ${(cause as Error).message}`,
          {
            subject: modelJsonPath,
            cause,
          },
        );
      }
      const dir = path.dirname(modelJsonPath);
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest ?? []) {
        weightSpecs.push(...group.weights);
        for (const shard of group.paths) {
          const shardPath = path.join(dir, shard);
          try {
            buffers.push(await fs.readFile(shardPath));
          } catch (cause) {
            throw new FreeAvatarError(
              'MODEL_LOAD_FAILED',
              `Missing weight shard ${shardPath} of ${modelJsonPath}`,
              {
                subject: shardPath,
                cause,
              },
            );
          }
        }
      }
      return {
        modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs,
        weightData: concatBytes(buffers),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy as string | undefined,
        signature: json.signature as object | undefined,
        userDefinedMetadata:
          json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
        modelInitializer: json.modelInitializer as object | undefined,
        trainingConfig: json.trainingConfig,
      };
    },
    save: async (artifacts) => {
      const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
      const path = await importNode<typeof import('node:path')>('node:path');
      const dir = path.dirname(modelJsonPath);
      await fs.mkdir(dir, { recursive: true });
      const base = path.basename(modelJsonPath).replace(/\.json$/i, '');
      const shardName = `${base}.weights.bin`;
      const weightData =
        artifacts.weightData === undefined
          ? new ArrayBuffer(0)
          : toArrayBuffer(artifacts.weightData);
      const manifest = [{ paths: [shardName], weights: artifacts.weightSpecs ?? [] }];
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: manifest,
      };
      // Write the weights first and the JSON last, each through a temporary file, so that an
      // interrupted save never leaves a model.json that points at missing or partial weights.
      await writeAtomic(fs, path.join(dir, shardName), new Uint8Array(weightData));
      await writeAtomic(fs, modelJsonPath, JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weightData.byteLength,
        },
      };
    },
  };
}

async function writeAtomic(
  fs: typeof import('node:fs/promises'),
  target: string,
  data: Uint8Array | string,
): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, target);
}

function concatBytes(parts: Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out.buffer;
}

function toArrayBuffer(data: tf.io.WeightData): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  return concatBytes((data as ArrayBuffer[]).map((b) => new Uint8Array(b)));
}

/**
 * Turns a {@link ModelSource} into what `tf.loadGraphModel` / `tf.loadLayersModel` accept: file
 * paths and `file://` URLs become a {@link fileSystemHandler} in Node; `http(s)` URLs stay URLs;
 * IOHandlers pass through.
 *
 * @example
 * ```ts
 * const handler = resolveModelSource('/models/encoder/model.json');
 * ```
 */
export function resolveModelSource(source: ModelSource): string | tf.io.IOHandler {
  if (isIOHandler(source)) return source;
  const text = source instanceof URL ? source.href : source;
  assertArgument(
    typeof text === 'string' && text.length > 0,
    'model source must be a path, a URL or an IOHandler',
  );
  if (isRemoteUrl(text)) return text;
  if (!isNode()) return text;
  const path = text.startsWith('file://') ? decodeURIComponent(new URL(text).pathname) : text;
  return fileSystemHandler(path);
}

/**
 * Loads a tfjs graph model (converted TensorFlow SavedModel) from any {@link ModelSource}.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` naming the source.
 * @example
 * ```ts
 * const model = await loadGraphModel('node_modules/@vladmandic/human/models/blazeface.json');
 * ```
 */
export async function loadGraphModel(source: ModelSource): Promise<tf.GraphModel> {
  try {
    return await tf.loadGraphModel(resolveModelSource(source));
  } catch (cause) {
    if (cause instanceof FreeAvatarError) throw cause;
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `Cannot load graph model ${describeSource(source)}: ${(cause as Error).message}`,
      {
        subject: describeSource(source),
        cause,
      },
    );
  }
}

/**
 * Loads a tfjs layers model from any {@link ModelSource}.
 *
 * @example
 * ```ts
 * const model = await loadLayersModel('checkpoints/model.json');
 * ```
 */
export async function loadLayersModel(source: ModelSource): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(resolveModelSource(source));
  } catch (cause) {
    if (cause instanceof FreeAvatarError) throw cause;
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `Cannot load layers model ${describeSource(source)}: ${(cause as Error).message}`,
      {
        subject: describeSource(source),
        cause,
      },
    );
  }
}

/**
 * A short text naming a {@link ModelSource}, for messages.
 *
 * @example
 * ```ts
 * describeSource(new URL('https://example.com/model.json')); // 'https://example.com/model.json'
 * ```
 */
export function describeSource(source: ModelSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  return 'IOHandler';
}
