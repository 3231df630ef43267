import { Command, InvalidArgumentError } from 'commander';
import { FreeAvatarError, initBackend } from '@freeavatar/core';
import {
  ANIMATOR_LEARNING_RATE,
  createSynthAnimatorData,
  loadAnimatorNetwork,
  rigL1ControlWeights,
  trainAnimator,
  type AnimatorNetwork,
  type NeuralRenderer,
} from '@freeavatar/animator';
import { AVATAR_IDS, AVATARS } from '@freeavatar/synth';
import {
  animatorResumeLine,
  animatorRunSummary,
  animatorSchedule,
  assertIntegerOption,
  checkAnimatorNumbers,
  type AnimatorRunFlags,
} from './animator-run.js';
import { openRenderers, openTrainingEncoder, parseAvatarList } from './animator-training-models.js';
import { integerArg, numberArg, positiveArg } from './option-parsers.js';
import {
  addCommonTrainFlags,
  runTrainingCommand,
  type CommonTrainFlags,
  type TrainingSummary,
} from './train-command.js';

export type { AnimatorRunFlags } from './animator-run.js';
export { checkAnimatorNumbers } from './animator-run.js';

const DEFAULTS = { steps: 2000, batch: 16, neutral: 64 } as const;

/**
 * Options of {@link runTrainAnimator}.
 *
 * @example
 * ```ts
 * const options: TrainAnimatorCliOptions = { encoder: 'default', renderers: 'models/renderers', out: 'runs/animator' };
 * ```
 */
export interface TrainAnimatorCliOptions extends AnimatorRunFlags {
  /** The frozen encoder's `model.json`, or `'default'` (the shipped one). */
  readonly encoder: string;
  /**
   * Folder with `<avatar>/model.json` (or `<avatar>/renderer/model.json`) per avatar, or
   * `'default'`: the renderers the animator package ships.
   */
  readonly renderers: string;
  /** Run folder: `checkpoint/`, `log.jsonl`, `animator/model.json`. */
  readonly out: string;
  /** Avatars to drive, e.g. `'human,toon,robot'` (default all three). */
  readonly avatars?: string | readonly string[];
  /** Width of a new network's residual MLP (default 512). */
  readonly width?: number;
  /**
   * A trained animator's `model.json` to go on training instead of a new network (fine-tuning,
   * or more cosine cycles on fresh faces); it must drive exactly the run's avatars.
   */
  readonly init?: string;
  /** Cosine cycles of the learning rate over the run (default 2: one warm restart). */
  readonly cycles?: number;
  /**
   * Weight of the rig absolute-error loss term, beside the rig MSE ×10 (default 0: the design's
   * losses). See `rigAbsoluteLoss` in `@freeavatar/animator`.
   */
  readonly rigL1?: number;
  /**
   * Apply the rig absolute-error term only to the controls that at least this share (0..1) of
   * the training actors show above 0.1, counted over the run's first 4096 actors (default 0:
   * every control). The rarer controls are left to the MSE, so they keep moving.
   */
  readonly rigL1MinShare?: number;
}

/** Actors whose rigs `--rig-l1-min-share` counts. */
const SHARE_ACTORS = 4096;

/**
 * What {@link runTrainAnimator} did.
 *
 * @example
 * ```ts
 * const summary: TrainAnimatorCliSummary = await runTrainAnimator(options);
 * console.log(summary.avatars, summary.model);
 * ```
 */
export interface TrainAnimatorCliSummary extends TrainingSummary {
  readonly avatars: readonly string[];
}

/**
 * The `freeavatar train animator` command line that continues a run with `--resume`.
 *
 * @example
 * ```ts
 * animatorResumeCommand({ encoder: 'default', renderers: 'r', out: 'runs/a' });
 * // 'freeavatar train animator --encoder default --renderers r --out runs/a --avatars human,toon,robot --steps 2000 --batch 16 --seed 0 --resume'
 * ```
 */
export function animatorResumeCommand(options: TrainAnimatorCliOptions): string {
  const head = ['freeavatar', 'train', 'animator', '--encoder', options.encoder];
  head.push('--renderers', options.renderers, '--out', options.out);
  head.push('--avatars', parseAvatarList(options.avatars ?? AVATAR_IDS).join(','));
  const extra = options.width === undefined ? [] : ['--width', `${options.width}`];
  if (options.init !== undefined) extra.push('--init', options.init);
  if (options.cycles !== undefined) extra.push('--cycles', `${options.cycles}`);
  if (options.rigL1 !== undefined) extra.push('--rig-l1', `${options.rigL1}`);
  if (options.rigL1MinShare !== undefined) {
    extra.push('--rig-l1-min-share', `${options.rigL1MinShare}`);
  }
  return animatorResumeLine(head, options, DEFAULTS, extra);
}

/**
 * `freeavatar train animator`: trains the multi-avatar animator network with `trainAnimator`
 * from `@freeavatar/animator` on synthetic actors (synth train split, face-crop aligned crops)
 * paired with each avatar's retargeted rig and true render, through a frozen encoder and the
 * avatars' frozen neural renderers. Writes a JSONL log, checkpoints and `animator/model.json`
 * (with the neutral feature) to `out`, resumes, is deterministic for a seed, and stops cleanly
 * when `signal` aborts.
 *
 * @throws FreeAvatarError for an unknown avatar, numbers out of range, a missing renderer or
 *   encoder, or a checkpoint that does not match the run.
 * @example
 * ```ts
 * const summary = await runTrainAnimator({ encoder: 'runs/triplet/model/model.json',
 *   renderers: 'models/renderers', out: 'runs/animator', steps: 2000, seed: 1 });
 * console.log(summary.model); // 'runs/animator/animator/model.json'
 * ```
 */
export async function runTrainAnimator(
  options: TrainAnimatorCliOptions,
): Promise<TrainAnimatorCliSummary> {
  const log = options.log ?? (() => {});
  const avatars = parseAvatarList(options.avatars ?? AVATAR_IDS);
  checkAnimatorNumbers(options);
  assertIntegerOption('width', options.width, 1, 8192);
  assertIntegerOption('cycles', options.cycles, 1, 1e6);
  if (options.init !== undefined && options.width !== undefined) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      '--width shapes a new network and --init goes on training a trained one: give one of them',
      { subject: '--width' },
    );
  }
  if (options.rigL1 !== undefined && !(Number.isFinite(options.rigL1) && options.rigL1 >= 0)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--rig-l1 must be a finite number ≥ 0, got ${options.rigL1}`,
      { subject: '--rig-l1' },
    );
  }
  const minShare = options.rigL1MinShare;
  if (minShare !== undefined && !(Number.isFinite(minShare) && minShare >= 0 && minShare <= 1)) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--rig-l1-min-share must be a number in 0..1, got ${minShare}`,
      { subject: '--rig-l1-min-share' },
    );
  }
  if (
    minShare !== undefined &&
    minShare > 0 &&
    !(options.rigL1 !== undefined && options.rigL1 > 0)
  ) {
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      '--rig-l1-min-share chooses the controls of the rig absolute-error term, which is off: give --rig-l1 too',
      { subject: '--rig-l1-min-share' },
    );
  }
  const schedule = animatorSchedule(options, options.out, DEFAULTS);
  const backend = await initBackend(options.backend ? { prefer: options.backend } : {});
  log(`backend: ${backend.name}`);
  const encoder = await openTrainingEncoder(options.encoder);
  let renderers: Record<string, NeuralRenderer> = {};
  let network: AnimatorNetwork | undefined;
  try {
    renderers = await openRenderers(options.renderers, avatars);
    if (options.init !== undefined) network = await openInitialNetwork(options.init, avatars);
    const data = createSynthAnimatorData({
      avatars,
      batchSize: options.batch ?? DEFAULTS.batch,
      cropSize: encoder.config.imageSize,
      alignment: encoder.config.alignment,
      renderSize: renderers[avatars[0]].config.imageSize,
      seed: schedule.seed,
    });
    const rigL1Controls =
      minShare !== undefined && minShare > 0
        ? rigL1ControlWeights(data.controlShares(SHARE_ACTORS), minShare)
        : undefined;
    if (rigL1Controls !== undefined) {
      for (const avatar of avatars) {
        const weights = rigL1Controls[avatar];
        const rare = AVATARS[avatar].rig.filter((_, c) => weights[c] === 0).map((c) => c.name);
        log(
          `rig absolute error on ${avatar}: ${rare.length === 0 ? 'every control' : `all but ${rare.join(', ')} (shown by under ${minShare} of ${SHARE_ACTORS} actors)`}`,
        );
      }
    }
    const trained = await trainAnimator({
      encoder: encoder.model,
      renderers,
      network,
      cycles: options.cycles,
      networkConfig: options.width === undefined ? undefined : { width: options.width },
      ...(options.rigL1 === undefined ? {} : { lossWeights: { rigL1: options.rigL1 } }),
      rigL1Controls,
      data: (start) => data.batches(start),
      neutralCrops: () => data.neutralCrops(options.neutralCount ?? DEFAULTS.neutral),
      ...schedule,
    });
    network = trained.network;
    return animatorRunSummary(trained, {
      title: 'animator',
      avatars,
      steps: schedule.steps,
      backend: backend.name,
      outDir: options.out,
      resumeCommand: animatorResumeCommand(options),
    });
  } finally {
    network?.dispose();
    Object.values(renderers).forEach((r) => r.dispose());
    encoder.dispose();
  }
}

/**
 * Loads the `--init` network and checks that it drives exactly the run's avatars.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when it cannot be loaded, `INVALID_ARGUMENT`
 *   naming both avatar lists when they differ.
 */
async function openInitialNetwork(
  path: string,
  avatars: readonly string[],
): Promise<AnimatorNetwork> {
  const network = await loadAnimatorNetwork(path);
  const drives = network.avatars().map((a) => a.id);
  if (drives.length !== avatars.length || !avatars.every((id) => drives.includes(id))) {
    network.dispose();
    throw new FreeAvatarError(
      'INVALID_ARGUMENT',
      `--init ${path} drives ${drives.join(', ')}; the run trains ${avatars.join(', ')} (give --avatars ${drives.join(',')})`,
      { subject: '--init' },
    );
  }
  return network;
}

function avatarsArg(value: string): string {
  try {
    return parseAvatarList(value).join(',');
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

interface TrainAnimatorFlags extends CommonTrainFlags {
  encoder: string;
  renderers: string;
  out: string;
  avatars: string;
  steps?: number;
  batch?: number;
  lr?: number;
  width?: number;
  init?: string;
  cycles?: number;
  rigL1?: number;
  rigL1MinShare?: number;
}

/**
 * The `train animator` subcommand; `out` receives the summary lines.
 *
 * @example
 * ```ts
 * program.command('train').addCommand(trainAnimatorCommand(console.log));
 * ```
 */
export function trainAnimatorCommand(out: (line: string) => void): Command {
  const command = new Command('animator')
    .description(
      'Train the multi-avatar animator (encoder feature → rigs) on synth actors, through frozen neural renderers',
    )
    .option('--encoder <model>', "the frozen encoder's model.json, or default", 'default')
    .requiredOption(
      '--renderers <dir>',
      'folder with <avatar>/model.json neural renderers, or default (the shipped ones)',
    )
    .requiredOption('--out <dir>', 'run folder: checkpoint/, log.jsonl, animator/model.json')
    .option('--avatars <list>', 'avatars to drive', avatarsArg, AVATAR_IDS.join(','))
    .option('--steps <n>', 'total steps (default 2000)', integerArg('--steps', 1, 1e8))
    .option(
      '--batch <n>',
      'actors per avatar per step (default 16)',
      integerArg('--batch', 1, 1024),
    )
    .option(
      '--lr <x>',
      `peak learning rate (default ${ANIMATOR_LEARNING_RATE})`,
      positiveArg('--lr'),
    )
    .option(
      '--width <n>',
      "width of a new network's residual MLP (default 512)",
      integerArg('--width', 1, 8192),
    )
    .option(
      '--init <model>',
      "a trained animator's model.json to go on training (it must drive the run's avatars)",
    )
    .option(
      '--cycles <n>',
      'cosine cycles of the learning rate (default 2: one warm restart)',
      integerArg('--cycles', 1, 1e6),
    )
    .option(
      '--rig-l1 <w>',
      'weight of a rig absolute-error loss term beside the rig MSE ×10 (default 0)',
      numberArg('--rig-l1', 0, 1e6),
    )
    .option(
      '--rig-l1-min-share <s>',
      'apply --rig-l1 only to controls at least this share of training actors show (default 0: all)',
      numberArg('--rig-l1-min-share', 0, 1),
    );
  return addCommonTrainFlags(command).action(async (flags: TrainAnimatorFlags) => {
    await runTrainingCommand(
      out,
      (io) => runTrainAnimator({ ...flags, ...io }),
      (s) => [`avatars: ${s.avatars.join(', ')}`],
    );
  });
}
