import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import {
  isImageFileName,
  readImageFile,
  type ProgressCallback,
  type RgbImage,
} from '@freeavatar/core';
import type { DatasetSplit, FaceStreamOptions } from '@freeavatar/synth';
import { createProgressBar } from '../terminal/progress-bar.js';
import { integerArg, numberArg } from './option-parsers.js';

/** Command-line options the face and triplet generators share. */
export interface SynthStreamFlags {
  split: DatasetSplit;
  seed: number;
  identities?: number;
  identityReuse?: number;
  occluders: number;
  backgroundPhotos?: string;
}

/**
 * Adds the options every `synth` dataset command shares (`--out`, `--size`, `--split`,
 * `--seed`, identities, occluders, backgrounds, supersampling, `--overwrite`).
 *
 * @example
 * ```ts
 * addStreamOptions(new Command('faces')).parse(['--out', 'data'], { from: 'user' });
 * ```
 */
export function addStreamOptions(command: Command): Command {
  return command
    .requiredOption('--out <dir>', 'output folder')
    .option('--size <px>', 'image side in pixels (16..1024)', integerArg('--size', 16, 1024), 112)
    .addOption(
      new Option('--split <name>', 'identities of this split')
        .choices(['train', 'val', 'test'])
        .default('train'),
    )
    .option('--seed <k>', 'seed of the whole dataset', integerArg('--seed', 0, 2 ** 31 - 1), 0)
    .option(
      '--identities <n>',
      'draw from the first n identities of the split (default: unbounded)',
      integerArg('--identities', 1, 1_000_000),
    )
    .option(
      '--identity-reuse <n>',
      'about how many images show each identity of a block (1..256, default 16)',
      integerArg('--identity-reuse', 1, 256),
    )
    .option(
      '--occluders <p>',
      'probability of a hand, microphone or hair over the face',
      numberArg('--occluders', 0, 1),
      0.2,
    )
    .option('--background-photos <dir>', 'folder of photos to crop backgrounds from')
    .option(
      '--supersample <k>',
      'anti-aliasing samples per pixel side (1..4)',
      integerArg('--supersample', 1, 4),
      2,
    )
    .option('--overwrite', 'write into a folder that already holds a dataset', false);
}

/**
 * Reads the background photos of a folder (non-recursive, sorted by name).
 *
 * @throws InvalidArgumentError when the folder holds no images.
 * @example
 * ```ts
 * const photos = await readBackgroundPhotos('backgrounds/');
 * ```
 */
export async function readBackgroundPhotos(dir: string): Promise<RgbImage[]> {
  const { readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const names = (await readdir(dir)).filter(isImageFileName).sort();
  if (names.length === 0) throw new InvalidArgumentError(`no images in --background-photos ${dir}`);
  return Promise.all(names.map((name) => readImageFile(join(dir, name))));
}

/**
 * The face-stream options a command line asks for.
 *
 * @example
 * ```ts
 * const options = await streamOptions({ split: 'train', seed: 1, occluders: 0.2 });
 * ```
 */
export async function streamOptions(flags: SynthStreamFlags): Promise<FaceStreamOptions> {
  const photos = flags.backgroundPhotos
    ? await readBackgroundPhotos(flags.backgroundPhotos)
    : undefined;
  return {
    split: flags.split,
    seed: flags.seed,
    identityCount: flags.identities,
    identityReuse: flags.identityReuse,
    occluderProbability: flags.occluders,
    ...(photos ? { background: { photos } } : {}),
  };
}

/**
 * What every `synth` dataset command passes on to its writer: the face-stream options, the
 * output folder and size, and a progress callback.
 */
export interface SynthDatasetCommon extends FaceStreamOptions {
  out: string;
  count: number;
  size: number;
  supersample: number;
  overwrite: boolean;
  onProgress: ProgressCallback;
}

/** The parsed flags of a `synth` dataset command: the shared ones and the command's own. */
export type SynthDatasetFlags<Own> = SynthStreamFlags & {
  count: number;
  out: string;
  size: number;
  supersample: number;
  overwrite: boolean;
} & Own;

/**
 * The action of a `synth` dataset command: shows a progress bar while `write` renders the
 * dataset from the shared options (and the command's `Own` flags), then prints `report`'s lines
 * to `out`.
 *
 * @example
 * ```ts
 * addStreamOptions(command).action(
 *   datasetAction(console.log, (common) => writeFaceDataset(common), (s) => [`${s.count} images`]),
 * );
 * ```
 */
export function datasetAction<Own, Summary>(
  out: (line: string) => void,
  write: (common: SynthDatasetCommon, flags: Own) => Promise<Summary>,
  report: (summary: Summary) => readonly string[],
): (flags: SynthDatasetFlags<Own>) => Promise<void> {
  return async (flags) => {
    const bar = createProgressBar();
    try {
      const common: SynthDatasetCommon = {
        ...(await streamOptions(flags)),
        out: flags.out,
        count: flags.count,
        size: flags.size,
        supersample: flags.supersample,
        overwrite: flags.overwrite,
        onProgress: bar.onProgress,
      };
      const summary = await write(common, flags);
      bar.stop();
      for (const line of report(summary)) out(line);
    } finally {
      bar.stop();
    }
  };
}
