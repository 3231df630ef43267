import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { BACKEND_NAMES, FreeAvatarError, type BackendName } from '@freeavatar/core';
import {
  DEFAULT_ANIMATOR_EVAL_SEED,
  FULL_ACTORS,
  QUICK_ACTORS,
  QUICK_CLIP_FRAMES,
  RIG_PEER_IDS,
  runAnimatorEval,
  type RigPeerId,
  type AnimatorEvalOptions,
  type AnimatorEvalSummary,
} from '@freeavatar/eval';
import type { ArkitTrack } from '@freeavatar/synth';
import { createProgressBar } from '../terminal/progress-bar.js';
import { openFrameSource } from './animate-frames.js';
import { idListArg, integerArg, numberArg } from './option-parsers.js';

/**
 * The flags of `freeavatar eval animator`, as commander parses them.
 *
 * @example
 * ```ts
 * const flags: EvalAnimatorFlags = { out: 'out/eval-animator', quick: true, clip: true };
 * ```
 */
export interface EvalAnimatorFlags {
  readonly out: string;
  readonly model?: string;
  readonly encoder?: string;
  readonly count?: number;
  readonly quick?: boolean;
  readonly seed?: number;
  /** A video to animate, or `false` (`--no-clip`) for none; default the example clip. */
  readonly clip?: string | boolean;
  /** Its ARKit track (default: the video's path with `.arkit.json`). */
  readonly track?: string;
  /** Also score the clip with neutral calibration on its first this many seconds. */
  readonly calibrate?: number;
  /** Rig-transfer peers (`--peers`, default all); `[]` for none. */
  readonly peers?: RigPeerId[];
  /** Train-split actors the peers' maps are fitted on. */
  readonly peerTrainCount?: number;
  /** Also score the animator mirror-averaged (default true; `--no-mirror-average`). */
  readonly mirrorAverage?: boolean;
  readonly backend?: BackendName;
}

/**
 * The example clip shipped with `@freeavatar/synth`: `assets/example/astronaut.mp4`.
 *
 * @example
 * ```ts
 * exampleClipPath(); // …/packages/synth/assets/example/astronaut.mp4
 * ```
 */
export function exampleClipPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@freeavatar/synth/package.json');
  return join(dirname(pkg), 'assets', 'example', 'astronaut.mp4');
}

/**
 * Reads a `freeavatar-arkit-track` JSON file.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` naming a missing file, `INVALID_ARGUMENT` for a file
 *   that is not an ARKit track.
 * @example
 * ```ts
 * const track = await readArkitTrack('packages/synth/assets/example/astronaut.arkit.json');
 * ```
 */
export async function readArkitTrack(path: string): Promise<ArkitTrack> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new FreeAvatarError(
      'FILE_NOT_FOUND',
      `no ARKit track at ${path} (give one with --track)`,
      {
        subject: path,
      },
    );
  }
  let track: ArkitTrack;
  try {
    track = JSON.parse(text) as ArkitTrack;
  } catch {
    throw new FreeAvatarError('INVALID_ARGUMENT', `${path} is not JSON`, { subject: path });
  }
  if (track?.format !== 'freeavatar-arkit-track') {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `${path} is not a freeavatar-arkit-track file (format ${String(track?.format)})`,
      { subject: path },
    );
  }
  return track;
}

/**
 * Turns the flags of `freeavatar eval animator` into the options of `runAnimatorEval`, opening
 * the clip (limited to `QUICK_CLIP_FRAMES` frames with `--quick`) and reading its track.
 *
 * @throws FreeAvatarError `FILE_NOT_FOUND` for a missing clip or track, `UNSUPPORTED_VIDEO` for
 *   a clip that cannot be decoded.
 * @example
 * ```ts
 * const options = await evalAnimatorOptions({ out: 'out/eval', quick: true });
 * ```
 */
export async function evalAnimatorOptions(flags: EvalAnimatorFlags): Promise<AnimatorEvalOptions> {
  const options: AnimatorEvalOptions = {
    out: flags.out,
    model: flags.model ?? 'default',
    encoder: flags.encoder ?? 'default',
    count: flags.count,
    quick: flags.quick ?? false,
    seed: flags.seed,
    peers: flags.peers,
    peerTrainCount: flags.peerTrainCount,
    mirrorAverage: flags.mirrorAverage,
    backend: flags.backend,
  };
  if (flags.clip === false) return options;
  const path = typeof flags.clip === 'string' ? flags.clip : exampleClipPath();
  const trackPath = flags.track ?? path.replace(/\.[^./\\]+$/, '') + '.arkit.json';
  const track = await readArkitTrack(trackPath);
  const source = await openFrameSource(path, {
    maxFrames: flags.quick ? QUICK_CLIP_FRAMES : undefined,
  });
  const shown =
    typeof flags.clip === 'string' ? path : 'packages/synth/assets/example/astronaut.mp4';
  return {
    ...options,
    clip: { path: shown, frames: source.frames(), track, calibrateSeconds: flags.calibrate },
  };
}

/**
 * Runs `freeavatar eval animator` from parsed flags with a progress bar, printing a line per
 * avatar and the files written.
 *
 * @example
 * ```ts
 * await runEvalAnimatorCommand({ out: 'out/eval-animator', quick: true }, console.log);
 * ```
 */
export async function runEvalAnimatorCommand(
  flags: EvalAnimatorFlags,
  out: (line: string) => void,
): Promise<AnimatorEvalSummary> {
  const options = await evalAnimatorOptions(flags);
  const bar = createProgressBar();
  let summary: AnimatorEvalSummary;
  try {
    summary = await runAnimatorEval({ ...options, onProgress: bar.onProgress, log: out });
  } finally {
    bar.stop();
  }
  out(
    `${summary.report.heldOut.count} held-out actors${summary.report.clip ? ` and ${summary.report.clip.frames} clip frames` : ''} ` +
      `in ${summary.seconds.toFixed(0)} s on ${summary.backend}; wrote ${summary.files[0]}, ${summary.files[1]} and ${summary.files.length - 2} plots`,
  );
  return summary;
}

/**
 * The `eval animator` subcommand.
 *
 * @example
 * ```ts
 * evalGroup.addCommand(evalAnimatorCommand(console.log));
 * ```
 */
export function evalAnimatorCommand(out: (line: string) => void): Command {
  return new Command('animator')
    .description(
      'Rig transfer of the animator: held-out synthetic actors (test split) against their true ' +
        'rigs per avatar beside landmark peers (kalidokit, face-mesh geometry) and a training-mean-rig baseline, and the example clip against its ' +
        'ground-truth track (error, jitter raw and smoothed); writes report.md, results.json and PNG plots',
    )
    .requiredOption('--out <dir>', 'folder for the report')
    .option('--model <path>', "animator network (model.json); default: the package's")
    .option('--encoder <path>', "expression encoder (model.json); default: the package's")
    .option('--quick', `a short run (${QUICK_ACTORS} actors, ${QUICK_CLIP_FRAMES} clip frames)`)
    .option(
      '--count <n>',
      `held-out actors (default ${FULL_ACTORS}, ${QUICK_ACTORS} with --quick)`,
      integerArg('--count', 1, 100_000),
    )
    .option(
      '--seed <k>',
      `seed of the held-out actors (default ${DEFAULT_ANIMATOR_EVAL_SEED})`,
      integerArg('--seed', 0, 2 ** 31 - 1),
    )
    .option('--clip <video>', 'video with a ground-truth ARKit track (default: the example clip)')
    .option('--no-clip', 'skip the clip')
    .option('--track <file>', "the clip's ARKit track (default: <video>.arkit.json)")
    .option(
      '--calibrate <seconds>',
      "also score the clip with the actor's neutral face calibrated on its first seconds",
      numberArg('--calibrate', 0.01, 600),
    )
    .option(
      '--peers <list>',
      `landmark rig-transfer peers, each through a linear map fitted on train actors: all, none or a list of ${RIG_PEER_IDS.join(', ')} (default all)`,
      idListArg('--peers', RIG_PEER_IDS, true),
    )
    .option(
      '--peer-train-count <n>',
      "train-split actors the peers' maps are fitted on (default 256, 64 with --quick)",
      integerArg('--peer-train-count', 2, 100_000),
    )
    .option(
      '--no-mirror-average',
      'leave out the row of the animator with its mirrorAverage option (each crop read as it is and mirrored)',
    )
    .addOption(
      new Option('--backend <name>', 'tfjs backend (default wasm)').choices([...BACKEND_NAMES]),
    )
    .action(async (flags: EvalAnimatorFlags) => {
      await runEvalAnimatorCommand(flags, out);
    });
}
