import { Command, Option } from 'commander';
import { FACE_ALIGNMENTS, type FaceAlignment } from '@freeavatar/face-crop';
import { VIT_PRESETS, type VitPreset } from '@freeavatar/expression-encoder';
import { integerArg, numberArg, positiveArg } from './option-parsers.js';
import { addCommonTrainFlags, runTrainingCommand, type CommonTrainFlags } from './train-command.js';
import type { EncoderDataFlags } from './train-encoder-flags.js';
import { runTrainEncoder } from './train-encoder.js';

interface TrainEncoderFlags extends EncoderDataFlags, CommonTrainFlags {
  out: string;
  preset: VitPreset;
  init?: string;
  steps?: number;
  batch?: number;
  train?: 'all' | 'head';
  lr?: number;
  convStem?: number;
  positionalPool?: number;
  eyeBranch?: number;
  eyeReader?: number;
  alignment?: FaceAlignment;
  depth?: number;
  mlpRatio?: number;
  targetWeights?: 'uniform' | 'perceptual';
  targetMinStd?: number;
  augment?: boolean | string;
  scene?: string;
}

/**
 * The `train encoder` subcommand; `out` receives the summary lines. The first Ctrl-C stops the
 * run after its current step with a checkpoint and prints how to resume; a second one exits at
 * once.
 *
 * @example
 * ```ts
 * program.command('train').addCommand(trainEncoderCommand(console.log));
 * ```
 */
export function trainEncoderCommand(out: (line: string) => void): Command {
  const command = new Command('encoder')
    .description(
      'Train the expression encoder: stage mae (face images), expression (synth faces with their ARKit weights), head-fit (the embedding head fitted to the expression distance on synth faces), eye-reader (a convolutional eye reader beside the frozen backbone, for the head to read) or triplet (FEC CSV), or mae/triplet on synth data',
    )
    .addOption(
      new Option('--stage <stage>', 'training stage')
        .choices(['mae', 'expression', 'head-fit', 'eye-reader', 'triplet'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'run folder: checkpoint/, log.jsonl, model/model.json')
    .addOption(
      new Option('--preset <name>', 'encoder size')
        .choices(Object.keys(VIT_PRESETS))
        .default('tiny'),
    )
    .option(
      '--data <dir>',
      'stage mae: folder of face images; stages expression, head-fit and eye-reader: folder of labelled faces (labels.jsonl)',
    )
    .option('--fec <csv>', 'stage triplet: FEC-format CSV')
    .option('--images <dir>', 'stage triplet: folder with the CSV images')
    .option('--synth', 'either stage: render training data from the synth train split', false)
    .option(
      '--synth-seed <k>',
      'with --synth: seed of the synth stream (default: --seed)',
      integerArg('--synth-seed', 0, 2 ** 31 - 1),
    )
    .option(
      '--init <model>',
      'stages expression, head-fit, eye-reader and triplet: the model.json to start from',
    )
    .option(
      '--steps <n>',
      'total steps (default 3000 mae, 5000 triplet, 2048 eye-reader); head-fit: batches of faces to fit on (default 128)',
      integerArg('--steps', 1, 1e8),
    )
    .option(
      '--batch <n>',
      'images or triplets per batch (default 32; 16 triplet, 64 eye-reader)',
      integerArg('--batch', 1, 4096),
    )
    .option(
      '--conv-stem <layers>',
      'a new encoder: stride-2 conv layers before the patch embedding (0 = raw patches; 3 for 8 px patches)',
      integerArg('--conv-stem', 0, 6),
    )
    .option(
      '--positional-pool <k>',
      'stages mae and expression: pool the tokens by position, k values each (0 = their mean); with --init, expression switches the init model to it',
      integerArg('--positional-pool', 0, 256),
    )
    .option(
      '--eye-branch <channels>',
      'stage expression: a convolutional branch on the eye band added to the pooled feature (0 = none); with --init, added to the init model',
      integerArg('--eye-branch', 0, 256),
    )
    .option(
      '--eye-reader <width>',
      "stage eye-reader: width of the convolutional eye reader added to the init model, whose feature the embedding head reads beside the pooled one (default the init model's, else 128)",
      integerArg('--eye-reader', 1, 1024),
    )
    .addOption(
      new Option(
        '--alignment <name>',
        "how the faces are cropped (face-crop's alignment); a new model stores it, and with --init stage expression switches the init model to it",
      ).choices([...FACE_ALIGNMENTS]),
    )
    .option(
      '--depth <n>',
      "stage expression with --init: grow the init model's encoder to n transformer blocks (new blocks start as the identity)",
      integerArg('--depth', 1, 64),
    )
    .option(
      '--mlp-ratio <r>',
      "stage expression with --init: widen the init model's MLPs to r × the token width (new units start silent)",
      integerArg('--mlp-ratio', 1, 16),
    )
    .addOption(
      new Option('--target-weights <kind>', 'stage expression: loss weight of each ARKit target')
        .choices(['uniform', 'perceptual'])
        .default('uniform'),
    )
    .option(
      '--target-min-std <x>',
      "stage expression: floor of each target's standard deviation when standardising (default 0.001)",
      numberArg('--target-min-std', 0, 1),
    )
    .option(
      '--augment [file]',
      'stages expression, head-fit and eye-reader: augment the faces (blur, noise, JPEG, erasing, occluders, jitter); a JSON file sets the recipe',
    )
    .option(
      '--scene <file>',
      'with --synth: JSON of synth scene settings (pose, framing, light, occluders) in place of the defaults',
    )
    .option(
      '--no-render-worker',
      'with --synth: render on the training thread between steps (default: a worker thread renders the next batches during each step)',
    )
    .addOption(
      new Option('--train <part>', 'stage triplet: train all weights or only the embedding head')
        .choices(['all', 'head'])
        .default('all'),
    )
    .option(
      '--lr <x>',
      'peak learning rate (default 5e-4 mae, 3e-4 expression, 1e-3 eye-reader, 0.002 triplet)',
      positiveArg('--lr'),
    );

  return addCommonTrainFlags(command).action(async (flags: TrainEncoderFlags) => {
    await runTrainingCommand(
      out,
      async (io) => {
        const summary = await runTrainEncoder({ ...flags, ...io });
        return { ...summary, title: summary.stage };
      },
      (summary) =>
        summary.fit === undefined
          ? []
          : [
              `head fit: ${summary.fit.count} faces, held-out R² ${summary.fit.heldOutR2.toFixed(3)}, ` +
                `${(100 * summary.fit.keptVariance).toFixed(1)}% of the expression variance kept`,
            ],
    );
  });
}
