import { Command, InvalidArgumentError } from 'commander';
import {
  TRIPLET_TYPES,
  writeTripletDataset,
  type SynthTripletType,
  type TripletDatasetOptions,
  type TripletDatasetSummary,
} from '@freeavatar/synth';
import { integerArg, numberArg } from './option-parsers.js';
import { addStreamOptions, datasetAction } from './synth-stream-options.js';

/** Parses `--types 1,1,1` (ONE_CLASS, TWO_CLASS, THREE_CLASS relative weights). */
function typeWeights(value: string): Record<SynthTripletType, number> {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (
    parts.length !== 3 ||
    parts.some((p) => !Number.isFinite(p) || p < 0) ||
    parts.every((p) => p === 0)
  ) {
    throw new InvalidArgumentError(
      `--types must be three weights >= 0 for ${TRIPLET_TYPES.join(', ')}, not all 0, got ${value}`,
    );
  }
  return { ONE_CLASS: parts[0], TWO_CLASS: parts[1], THREE_CLASS: parts[2] };
}

/** Options of {@link runSynthTriplets}. */
export type SynthTripletsCommandOptions = TripletDatasetOptions;

/**
 * `freeavatar synth triplets`: renders an FEC-format triplet dataset (`triplets.csv` +
 * `images/`), readable by the expression encoder's FEC reader; see `writeTripletDataset` in
 * `@freeavatar/synth`.
 *
 * @example
 * ```ts
 * const summary = await runSynthTriplets({ out: 'data/triplets', count: 500, size: 112, split: 'train', seed: 1 });
 * console.log(summary.csv, summary.byType);
 * ```
 */
export function runSynthTriplets(
  options: SynthTripletsCommandOptions,
): Promise<TripletDatasetSummary> {
  return writeTripletDataset(options);
}

/**
 * The `synth triplets` subcommand; `out` receives the summary lines.
 *
 * @example
 * ```ts
 * program.command('synth').addCommand(synthTripletsCommand(console.log));
 * ```
 */
export function synthTripletsCommand(out: (line: string) => void): Command {
  const command = new Command('triplets')
    .description('Render FEC-format expression triplets (triplets.csv + images/)')
    .requiredOption('--count <n>', 'number of triplets', integerArg('--count', 1, 1_000_000))
    .option(
      '--types <a,b,c>',
      'relative weights of ONE_CLASS, TWO_CLASS, THREE_CLASS triplets',
      typeWeights,
    )
    .option(
      '--min-gap <f>',
      'drop triplets whose closest pair is not closer than the next by this fraction',
      numberArg('--min-gap', 0, 0.95),
      0.2,
    );
  return addStreamOptions(command).action(
    datasetAction(
      out,
      (common, flags: { types?: Record<SynthTripletType, number>; minGap: number }) =>
        runSynthTriplets({ ...common, typeWeights: flags.types, minGap: flags.minGap }),
      (summary) => [
        `${summary.count} triplets (${TRIPLET_TYPES.map((t) => `${t} ${summary.byType[t]}`).join(', ')}) ` +
          `in ${summary.seconds.toFixed(1)} s; dropped ${summary.dropped.ambiguous} ambiguous and ` +
          `${summary.dropped.conflicting} conflicting candidates`,
        `wrote ${summary.csv} (images in ${summary.images})`,
      ],
    ),
  );
}
