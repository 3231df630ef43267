import { Command } from 'commander';
import {
  writeFaceDataset,
  type FaceDatasetOptions,
  type FaceDatasetSummary,
} from '@freeavatar/synth';
import { integerArg } from './option-parsers.js';
import { addStreamOptions, datasetAction } from './synth-stream-options.js';

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
  return addStreamOptions(command).action(
    datasetAction(
      out,
      (common, flags: { shardSize: number; landmarks: boolean }) =>
        runSynthFaces({ ...common, shardSize: flags.shardSize, landmarks: flags.landmarks }),
      (summary) => [
        `${summary.count} images of ${summary.identities} identities in ${summary.shards} ${summary.shards === 1 ? 'shard' : 'shards'}, ` +
          `${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(0)} images/s)`,
        `emotions: ${Object.entries(summary.byEmotion)
          .map(([e, n]) => `${e} ${n}`)
          .join(', ')}`,
        `wrote ${summary.labels} and ${summary.preview}`,
      ],
    ),
  );
}
