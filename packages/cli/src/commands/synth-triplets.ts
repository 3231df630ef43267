import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  FreeAvatarError,
  assertNonEmptyString,
  assertObject,
  initBackend,
  isImageFileName,
  readImageFile,
} from '@freeavatar/core';
import { createFaceCropper } from '@freeavatar/face-crop';
import {
  TRIPLET_TYPES,
  createReenactor,
  reenactedFaceDrawer,
  writeTripletDataset,
  type NamedPhoto,
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

/**
 * Options of {@link runSynthTriplets}: those of `writeTripletDataset`, and `photos`.
 *
 * @example
 * ```ts
 * const options: SynthTripletsCommandOptions = { out: 'data/reenacted', count: 300, size: 112,
 *   split: 'test', seed: 1, photos: 'portraits/' };
 * ```
 */
export interface SynthTripletsCommandOptions extends TripletDatasetOptions {
  /**
   * A folder of face photos: every face of the triplets is one of these photos reenacted to
   * the triplet's expression (photos without a face are skipped and counted) instead of a
   * rendered synthetic face.
   */
  photos?: string;
}

/**
 * What {@link runSynthTriplets} wrote, and which photos it used.
 *
 * @example
 * ```ts
 * declare const options: SynthTripletsCommandOptions;
 * const { csv, photosUsed, photosWithoutFace } = await runSynthTriplets(options);
 * ```
 */
export interface SynthTripletsSummary extends TripletDatasetSummary {
  /** The photos that were reenacted (empty for rendered faces). */
  readonly photosUsed: readonly string[];
  /** Photos of the folder in which no face was found. */
  readonly photosWithoutFace: readonly string[];
}

/**
 * `freeavatar synth triplets`: renders an FEC-format triplet dataset (`triplets.csv` +
 * `images/`), readable by the expression encoder's FEC reader; see `writeTripletDataset` in
 * `@freeavatar/synth`.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object or lacks `out`, for
 *   a `photos` folder without a usable face, and for the options `writeTripletDataset` rejects.
 * @example
 * ```ts
 * const summary = await runSynthTriplets({ out: 'data/triplets', count: 500, size: 112, split: 'train', seed: 1 });
 * console.log(summary.csv, summary.byType);
 * ```
 */
export async function runSynthTriplets(
  options: SynthTripletsCommandOptions,
): Promise<SynthTripletsSummary> {
  assertObject(options, 'options');
  assertNonEmptyString(options.out, 'options.out');
  if (options.photos !== undefined) assertNonEmptyString(options.photos, 'options.photos');
  const { photos: folder, ...dataset } = options;
  if (folder === undefined) {
    const summary = await writeTripletDataset(dataset);
    return { ...summary, photosUsed: [], photosWithoutFace: [] };
  }
  const names = (await readdir(folder).catch(() => [] as string[])).filter(isImageFileName).sort();
  if (names.length === 0) {
    throw new FreeAvatarError('INVALID_ARGUMENT', `no images in --photos ${folder}`);
  }
  await initBackend();
  const cropper = await createFaceCropper();
  const reenactor = await createReenactor({ cropper });
  try {
    const photos: NamedPhoto[] = [];
    const photosWithoutFace: string[] = [];
    for (const name of names) {
      const image = await readImageFile(join(folder, name));
      const [face] = await cropper.detect(image);
      if (face === undefined) photosWithoutFace.push(name);
      // The detection's mesh is the one prepare would find: no second detection.
      else
        photos.push({
          name,
          prepared: await reenactor.prepare(image, { landmarks: face.landmarks }),
        });
    }
    if (photos.length === 0) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `no face found in any of the ${names.length} images of --photos ${folder}`,
      );
    }
    const drawFace = reenactedFaceDrawer(reenactor, photos, dataset.size);
    const summary = await writeTripletDataset({ ...dataset, drawFace });
    return { ...summary, photosUsed: photos.map((p) => p.name), photosWithoutFace };
  } finally {
    reenactor.dispose();
    cropper.dispose();
  }
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
    )
    .option(
      '--photos <dir>',
      'reenact the face photos of this folder to each expression instead of rendering faces',
    );
  return addStreamOptions(command).action(
    datasetAction(
      out,
      (
        common,
        flags: { types?: Record<SynthTripletType, number>; minGap: number; photos?: string },
      ) =>
        runSynthTriplets({
          ...common,
          typeWeights: flags.types,
          minGap: flags.minGap,
          photos: flags.photos,
        }),
      (summary) => [
        `${summary.count} triplets (${TRIPLET_TYPES.map((t) => `${t} ${summary.byType[t]}`).join(', ')}) ` +
          `in ${summary.seconds.toFixed(1)} s; dropped ${summary.dropped.ambiguous} ambiguous and ` +
          `${summary.dropped.conflicting} conflicting candidates`,
        ...(summary.photosUsed.length > 0
          ? [
              `faces: ${summary.photosUsed.length} reenacted photos (${summary.photosUsed.join(', ')})`,
            ]
          : []),
        ...(summary.photosWithoutFace.length > 0
          ? [
              `skipped ${summary.photosWithoutFace.length} photos without a face: ${summary.photosWithoutFace.join(', ')}`,
            ]
          : []),
        `wrote ${summary.csv} (images in ${summary.images})`,
      ],
    ),
  );
}
