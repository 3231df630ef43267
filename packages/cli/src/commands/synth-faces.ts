import { Command } from 'commander';
import { assertNonEmptyString, assertObject, initBackend } from '@freeavatar/core';
import { createFaceCropper } from '@freeavatar/face-crop';
import {
  writeFaceDataset,
  type FaceDatasetOptions,
  type FaceDatasetSummary,
} from '@freeavatar/synth';
import { integerArg } from './option-parsers.js';
import { addStreamOptions, datasetAction } from './synth-stream-options.js';

/** Options of {@link runSynthFaces}. */
export interface SynthFacesCommandOptions extends Omit<FaceDatasetOptions, 'crop'> {
  /**
   * Store face-crop's aligned crop of each render, this many pixels square, instead of the
   * render: the crops that users and the evaluation feed the encoder. Renders in which no face is
   * found are skipped and counted. Default: store the renders.
   */
  cropSize?: number;
}

/**
 * `freeavatar synth faces`: renders a labelled face dataset (PNG shards, `labels.jsonl`,
 * `dataset.json`, `preview.png`); see `writeFaceDataset` in `@freeavatar/synth`. With `cropSize`,
 * each render passes through face-crop (one face, aligned on its landmarks) and its crop is
 * stored.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object or lacks `out`, and
 *   for the options `writeFaceDataset` rejects.
 * @example
 * ```ts
 * const summary = await runSynthFaces({
 *   out: 'data/faces', count: 1000, size: 112, split: 'train', seed: 1,
 * });
 * console.log(`${summary.count} images in ${summary.seconds.toFixed(1)} s`);
 * const crops = await runSynthFaces({
 *   out: 'data/crops', count: 1000, size: 112, split: 'train', seed: 1, cropSize: 112,
 * });
 * console.log(`${crops.skipped} renders without a face found`);
 * ```
 */
export async function runSynthFaces(
  options: SynthFacesCommandOptions,
): Promise<FaceDatasetSummary> {
  assertObject(options, 'options');
  assertNonEmptyString(options.out, 'options.out');
  const { cropSize, ...rest } = options;
  if (cropSize === undefined) return writeFaceDataset(rest);
  await initBackend();
  const cropper = await createFaceCropper({ cropSize, maxFaces: 1 });
  try {
    return await writeFaceDataset({
      ...rest,
      crop: async (image) => (await cropper.detect(image))[0]?.crop,
    });
  } finally {
    cropper.dispose();
  }
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
    .option('--landmarks', 'store the 468 projected landmarks in every label', false)
    .option(
      '--crop-size <px>',
      "store face-crop's aligned crop of each render, this many pixels square (32..512), not the render",
      integerArg('--crop-size', 32, 512),
    );
  return addStreamOptions(command).action(
    datasetAction(
      out,
      (common, flags: { shardSize: number; landmarks: boolean; cropSize?: number }) =>
        runSynthFaces({
          ...common,
          shardSize: flags.shardSize,
          landmarks: flags.landmarks,
          cropSize: flags.cropSize,
        }),
      (summary) => [
        `${summary.count} images of ${summary.identities} identities in ${summary.shards} ${summary.shards === 1 ? 'shard' : 'shards'}, ` +
          `${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(0)} images/s)` +
          (summary.skipped > 0 ? `; ${summary.skipped} renders without a face found, skipped` : ''),
        `emotions: ${Object.entries(summary.byEmotion)
          .map(([e, n]) => `${e} ${n}`)
          .join(', ')}`,
        `wrote ${summary.labels} and ${summary.preview}`,
      ],
    ),
  );
}
