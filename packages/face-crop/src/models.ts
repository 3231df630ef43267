import type * as tf from '@tensorflow/tfjs';
import { FreeAvatarError, isNode, loadGraphModel, type ModelSource } from '@freeavatar/core';

/**
 * File paths of the models shipped in `@vladmandic/human`.
 *
 * @example
 * ```ts
 * const { detector, mesh }: DefaultModelFiles = await locateDefaultModels();
 * ```
 */
export interface DefaultModelFiles {
  /** The human package's folder. */
  packageDir: string;
  detector: string;
  mesh: string;
}

const HUMAN_PACKAGE = '@vladmandic/human';

async function importNode<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ name)) as T;
}

/**
 * Finds `blazeface.json` and `facemesh.json` in the installed `@vladmandic/human` package
 * (Node only). The package's `exports` map hides its `package.json`, so this resolves the
 * package's main entry and walks up to the folder whose `package.json` names the package.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` outside Node or when the package is missing.
 * @example
 * ```ts
 * const files = await locateDefaultModels();
 * console.log(files.detector); // …/node_modules/@vladmandic/human/models/blazeface.json
 * ```
 */
export async function locateDefaultModels(): Promise<DefaultModelFiles> {
  if (!isNode()) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      'Default face models are only found automatically in Node.js; in a browser pass detectorModel and meshModel as URLs (e.g. where you serve @vladmandic/human/models/blazeface.json and facemesh.json) or IOHandlers',
    );
  }
  const { createRequire } = await importNode<typeof import('node:module')>('node:module');
  const path = await importNode<typeof import('node:path')>('node:path');
  const fs = await importNode<typeof import('node:fs')>('node:fs');
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(HUMAN_PACKAGE);
  } catch (cause) {
    throw new FreeAvatarError(
      'MODEL_LOAD_FAILED',
      `Cannot find the ${HUMAN_PACKAGE} package that ships the default face models; install it or pass detectorModel and meshModel`,
      {
        subject: HUMAN_PACKAGE,
        cause,
      },
    );
  }
  let dir = path.dirname(entry);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === HUMAN_PACKAGE
    )
      break;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new FreeAvatarError(
        'MODEL_LOAD_FAILED',
        `No package.json of ${HUMAN_PACKAGE} above ${entry}`,
        { subject: entry },
      );
    }
    dir = parent;
  }
  return {
    packageDir: dir,
    detector: path.join(dir, 'models', 'blazeface.json'),
    mesh: path.join(dir, 'models', 'facemesh.json'),
  };
}

/** The detector and landmark models, loaded. */
export interface FaceModels {
  detector: tf.GraphModel;
  mesh: tf.GraphModel;
}

/** Loads both models; `'default'` sources resolve through {@link locateDefaultModels}. */
export async function loadFaceModels(sources: {
  detectorModel: ModelSource | 'default';
  meshModel: ModelSource | 'default';
}): Promise<FaceModels> {
  const needDefault = sources.detectorModel === 'default' || sources.meshModel === 'default';
  const files = needDefault ? await locateDefaultModels() : undefined;
  const detectorSource =
    sources.detectorModel === 'default' ? files!.detector : sources.detectorModel;
  const meshSource = sources.meshModel === 'default' ? files!.mesh : sources.meshModel;
  const detector = await loadGraphModel(detectorSource);
  try {
    const mesh = await loadGraphModel(meshSource);
    return { detector, mesh };
  } catch (err) {
    detector.dispose();
    throw err;
  }
}
