import { Command, InvalidArgumentError, Option } from 'commander';
import { isImageFileName, readImageFile, type RgbImage } from '@freeavatar/core';
import {
  writeFaceDataset,
  type DatasetSplit,
  type FaceDatasetOptions,
  type FaceDatasetSummary,
  type FaceStreamOptions,
} from '@freeavatar/synth';
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

/** Adds the options every `synth` dataset command shares. */
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

/** Reads the background photos of a folder (non-recursive, sorted by name). */
export async function readBackgroundPhotos(dir: string): Promise<RgbImage[]> {
  const { readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const names = (await readdir(dir)).filter(isImageFileName).sort();
  if (names.length === 0) throw new InvalidArgumentError(`no images in --background-photos ${dir}`);
  return Promise.all(names.map((name) => readImageFile(join(dir, name))));
}

/** The face-stream options a command line asks for. */
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

/** Options of {@link runSynthFaces}. */
export type SynthFacesCommandOptions = FaceDatasetOptions;

/**
 * `freeavatar synth faces`: renders a labelled face dataset (PNG shards, `labels.jsonl`,
 * `dataset.json`, `preview.png`); see `writeFaceDataset` in `@freeavatar/synth`.
 *
 * @example
 * ```ts
 * const summary = await runSynthFaces({ out: 'data/faces', count: 1000, size: 112, split: 'train', seed: 1 });
 * console.log(`${summary.count} images in ${summary.seconds.toFixed(1)} s`);
 * ```
 */
export function runSynthFaces(options: SynthFacesCommandOptions): Promise<FaceDatasetSummary> {
  return writeFaceDataset(options);
}

/**
 * The `synth faces` subcommand; `out` receives the summary lines.
 *
 * @example
 * ```ts
 * program.command('synth').addCommand(synthFacesCommand(console.log));
 * ```
 */
export function synthFacesCommand(out: (line: string) => void): Command {
  const command = new Command('faces')
    .description('Render a labelled synthetic face dataset: PNG shards + labels.jsonl')
    .requiredOption('--count <n>', 'number of images', integerArg('--count', 1, 10_000_000))
    .option(
      '--shard-size <n>',
      'images per shard folder',
      integerArg('--shard-size', 1, 1_000_000),
      1000,
    )
    .option('--landmarks', 'store the 468 projected landmarks in every label', false);
  addStreamOptions(command).action(
    async (
      flags: SynthStreamFlags & {
        count: number;
        out: string;
        size: number;
        shardSize: number;
        landmarks: boolean;
        supersample: number;
        overwrite: boolean;
      },
    ) => {
      const bar = createProgressBar();
      try {
        const summary = await runSynthFaces({
          ...(await streamOptions(flags)),
          out: flags.out,
          count: flags.count,
          size: flags.size,
          supersample: flags.supersample,
          shardSize: flags.shardSize,
          landmarks: flags.landmarks,
          overwrite: flags.overwrite,
          onProgress: bar.onProgress,
        });
        bar.stop();
        out(
          `${summary.count} images of ${summary.identities} identities in ${summary.shards} ${summary.shards === 1 ? 'shard' : 'shards'}, ` +
            `${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(0)} images/s)`,
        );
        out(
          `emotions: ${Object.entries(summary.byEmotion)
            .map(([e, n]) => `${e} ${n}`)
            .join(', ')}`,
        );
        out(`wrote ${summary.labels} and ${summary.preview}`);
      } finally {
        bar.stop();
      }
    },
  );
  return command;
}
