import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { BACKEND_NAMES, type BackendName } from '@freeavatar/core';
import { runEvalAnimatorCommand } from './eval-animator.js';
import { runEvalEncoderCommand } from './eval.js';

/**
 * The flags of `freeavatar eval all`.
 *
 * @example
 * ```ts
 * const flags: EvalAllFlags = { out: 'out/eval', quick: true };
 * ```
 */
export interface EvalAllFlags {
  readonly out: string;
  readonly quick?: boolean;
  /** Encoder weights for both evaluations (default: the shipped ones). */
  readonly encoder?: string;
  /** Animator weights (default: the shipped ones). */
  readonly model?: string;
  /** Stage-1 model for the encoder report's MAE row. */
  readonly maeModel?: string;
  /** An FEC-format folder for the encoder evaluation (default: synthetic test triplets). */
  readonly data?: string;
  /** A video with an ARKit track for the animator evaluation (default: the example clip). */
  readonly clip?: string;
  readonly backend?: BackendName;
}

/**
 * What {@link runEvalAll} wrote.
 *
 * @example
 * ```ts
 * const { index } = await runEvalAll({ out: 'out/eval', quick: true }, console.log);
 * ```
 */
export interface EvalAllSummary {
  /** `out/report.md`, linking the two reports. */
  readonly index: string;
  readonly encoderReport: string;
  readonly animatorReport: string;
  readonly seconds: number;
}

/**
 * Runs `eval encoder` into `out/encoder` and `eval animator` into `out/animator` with the same
 * weights, backend and quick setting, then writes `out/report.md` linking both.
 *
 * @example
 * ```ts
 * await runEvalAll({ out: 'out/eval', quick: true }, console.log);
 * ```
 */
export async function runEvalAll(
  flags: EvalAllFlags,
  out: (line: string) => void,
): Promise<EvalAllSummary> {
  const started = performance.now();
  const common = { quick: flags.quick, backend: flags.backend };
  out('== encoder ==');
  const encoder = await runEvalEncoderCommand(
    {
      ...common,
      out: join(flags.out, 'encoder'),
      model: flags.encoder,
      maeModel: flags.maeModel,
      data: flags.data,
    },
    out,
  );
  out('== animator ==');
  const animator = await runEvalAnimatorCommand(
    {
      ...common,
      out: join(flags.out, 'animator'),
      model: flags.model,
      encoder: flags.encoder,
      clip: flags.clip,
    },
    out,
  );
  const seconds = (performance.now() - started) / 1000;
  const index = join(flags.out, 'report.md');
  await mkdir(flags.out, { recursive: true });
  await writeFile(
    index,
    [
      '# FreeAvatar.js evaluation',
      '',
      `Both reports were made by one run of \`freeavatar eval all${flags.quick ? ' --quick' : ''}\` ` +
        `(${seconds.toFixed(0)} s on ${encoder.backend}).`,
      '',
      `- [Expression features: triplet evaluation](encoder/report.md): ${encoder.evaluation.data.triplets} triplets, ` +
        `${encoder.evaluation.methods.length} methods.`,
      `- [Animator: rig transfer evaluation](animator/report.md): ${animator.report.heldOut.count} held-out actors` +
        (animator.report.clip ? `, ${animator.report.clip.frames} clip frames.` : '.'),
      '',
    ].join('\n'),
  );
  out(`wrote ${index}`);
  return {
    index,
    encoderReport: encoder.files[0],
    animatorReport: animator.files[0],
    seconds,
  };
}

/**
 * The `eval all` subcommand.
 *
 * @example
 * ```ts
 * evalGroup.addCommand(evalAllCommand(console.log));
 * ```
 */
export function evalAllCommand(out: (line: string) => void): Command {
  return new Command('all')
    .description(
      'Run eval encoder and eval animator into OUT/encoder and OUT/animator, with an index',
    )
    .requiredOption('--out <dir>', 'folder for the reports')
    .option('--quick', 'short runs of both (for CI)')
    .option('--encoder <path>', "encoder weights (model.json); default: the package's")
    .option('--model <path>', "animator weights (model.json); default: the package's")
    .option('--mae-model <path>', 'stage-1 model for the encoder report’s MAE row')
    .option(
      '--data <dir>',
      'FEC-format folder for the encoder evaluation (default: synthetic triplets)',
    )
    .option('--clip <video>', 'video with a <video>.arkit.json track for the animator evaluation')
    .addOption(
      new Option('--backend <name>', 'tfjs backend (default wasm)').choices([...BACKEND_NAMES]),
    )
    .action(async (flags: EvalAllFlags) => {
      await runEvalAll(flags, out);
    });
}
