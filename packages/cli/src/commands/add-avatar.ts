import { Command } from 'commander';
import { FreeAvatarError, initBackend } from '@freeavatar/core';
import {
  ANIMATOR_LEARNING_RATE,
  createSynthAnimatorData,
  loadAnimatorNetwork,
  trainAnimator,
  type AnimatorNetwork,
  type NeuralRenderer,
} from '@freeavatar/animator';
import { AVATARS, AVATAR_IDS } from '@freeavatar/synth';
import { assertAvatarId, openRenderer, openTrainingEncoder } from './animator-training-models.js';
import { integerArg, positiveArg } from './option-parsers.js';
import {
  addCommonTrainFlags,
  runTrainingCommand,
  type CommonTrainFlags,
  type TrainingSummary,
} from './train-command.js';
import {
  animatorResumeLine,
  animatorRunSummary,
  animatorSchedule,
  checkAnimatorNumbers,
  type AnimatorRunFlags,
} from './animator-run.js';

const DEFAULTS = { steps: 500, batch: 16, neutral: 64 } as const;

/**
 * Options of {@link runAddAvatar}.
 *
 * @example
 * ```ts
 * const options: AddAvatarOptions = { animator: 'runs/animator/animator/model.json', avatar: 'robot',
 *   renderer: 'models/renderers/robot/model.json', out: 'runs/add-robot' };
 * ```
 */
export interface AddAvatarOptions extends AnimatorRunFlags {
  /** The trained animator's `model.json`. */
  readonly animator: string;
  /** The avatar to add (a synth avatar the network does not drive yet). */
  readonly avatar: string;
  /** The avatar's neural renderer `model.json`. */
  readonly renderer: string;
  /** Run folder: `checkpoint/`, `log.jsonl`, `animator/model.json` (all avatars). */
  readonly out: string;
  /** The encoder the animator was trained with (default the shipped one). */
  readonly encoder?: string;
}

/**
 * What {@link runAddAvatar} did.
 *
 * @example
 * ```ts
 * const { avatars, model } = await runAddAvatar(options);
 * ```
 */
export interface AddAvatarSummary extends TrainingSummary {
  /** The avatars the saved network drives (the new one last). */
  readonly avatars: readonly string[];
}

/**
 * The `freeavatar add-avatar` command line that continues a run with `--resume`.
 *
 * @example
 * ```ts
 * addAvatarResumeCommand({ animator: 'a/model.json', avatar: 'robot', renderer: 'r.json', out: 'runs/b' });
 * ```
 */
export function addAvatarResumeCommand(options: AddAvatarOptions): string {
  const head = ['freeavatar', 'add-avatar', '--animator', options.animator];
  head.push('--avatar', options.avatar, '--renderer', options.renderer, '--out', options.out);
  head.push('--encoder', options.encoder ?? 'default');
  return animatorResumeLine(head, options, DEFAULTS);
}

/**
 * `freeavatar add-avatar`: adds an avatar to a trained animator network and trains only the new
 * avatar's identity row and head (every shared weight and every other avatar stays exactly as it
 * was) on synthetic actors paired with the avatar's rigs and renders, through the frozen encoder
 * and the avatar's frozen neural renderer. Saves the whole network to `out/animator/model.json`.
 *
 * @throws FreeAvatarError for an unknown avatar or one the network already drives, a renderer of
 *   another avatar, an encoder of another feature size, or numbers out of range.
 * @example
 * ```ts
 * const summary = await runAddAvatar({ animator: 'runs/animator/animator/model.json',
 *   avatar: 'robot', renderer: 'models/renderers/robot/model.json', out: 'runs/add-robot' });
 * console.log(summary.avatars); // ['human', 'toon', 'robot']
 * ```
 */
export async function runAddAvatar(options: AddAvatarOptions): Promise<AddAvatarSummary> {
  const log = options.log ?? (() => {});
  const { avatar } = options;
  assertAvatarId(avatar);
  checkAnimatorNumbers(options);
  const schedule = animatorSchedule(options, options.out, DEFAULTS);
  const backend = await initBackend(options.backend ? { prefer: options.backend } : {});
  log(`backend: ${backend.name}`);
  const network: AnimatorNetwork = await loadAnimatorNetwork(options.animator);
  let renderer: NeuralRenderer | undefined;
  let encoder: Awaited<ReturnType<typeof openTrainingEncoder>> | undefined;
  try {
    if (network.avatars().some((a) => a.id === avatar)) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `${options.animator} already drives ${avatar}; its avatars: ${network
          .avatars()
          .map((a) => a.id)
          .join(', ')}`,
      );
    }
    renderer = await openRenderer(options.renderer, avatar);
    encoder = await openTrainingEncoder(options.encoder ?? 'default');
    network.addAvatar(
      { id: avatar, controls: AVATARS[avatar].rig.map((c) => c.name) },
      schedule.seed,
    );
    const data = createSynthAnimatorData({
      avatars: [avatar],
      batchSize: options.batch ?? DEFAULTS.batch,
      cropSize: encoder.config.imageSize,
      alignment: encoder.config.alignment,
      renderSize: renderer.config.imageSize,
      seed: schedule.seed,
    });
    const trained = await trainAnimator({
      encoder: encoder.model,
      renderers: { [avatar]: renderer },
      network,
      trainOnly: { avatar },
      data: (start) => data.batches(start),
      neutralCrops:
        network.neutralFeature === undefined
          ? () => data.neutralCrops(options.neutralCount ?? DEFAULTS.neutral)
          : undefined,
      ...schedule,
    });
    return animatorRunSummary(trained, {
      title: `animator + ${avatar}`,
      avatars: network.avatars().map((a) => a.id),
      steps: schedule.steps,
      backend: backend.name,
      outDir: options.out,
      resumeCommand: addAvatarResumeCommand(options),
    });
  } finally {
    network.dispose();
    renderer?.dispose();
    encoder?.dispose();
  }
}

interface AddAvatarFlags extends CommonTrainFlags {
  animator: string;
  avatar: string;
  renderer: string;
  out: string;
  encoder: string;
  steps?: number;
  batch?: number;
  lr?: number;
}

/**
 * The `add-avatar` command; `out` receives the summary lines.
 *
 * @example
 * ```ts
 * program.addCommand(addAvatarCommand(console.log));
 * ```
 */
export function addAvatarCommand(out: (line: string) => void): Command {
  const command = new Command('add-avatar')
    .description('Add an avatar to a trained animator, training only its identity row and head')
    .requiredOption('--animator <model>', "the trained animator's model.json")
    .requiredOption('--avatar <id>', `the avatar to add: ${AVATAR_IDS.join(', ')}`)
    .requiredOption('--renderer <model>', "the avatar's neural renderer model.json")
    .requiredOption('--out <dir>', 'run folder: checkpoint/, log.jsonl, animator/model.json')
    .option('--encoder <model>', 'the encoder the animator was trained with, or default', 'default')
    .option('--steps <n>', `total steps (default ${DEFAULTS.steps})`, integerArg('--steps', 1, 1e8))
    .option('--batch <n>', 'actors per step (default 16)', integerArg('--batch', 1, 1024))
    .option(
      '--lr <x>',
      `peak learning rate (default ${ANIMATOR_LEARNING_RATE})`,
      positiveArg('--lr'),
    );
  return addCommonTrainFlags(command).action(async (flags: AddAvatarFlags) => {
    await runTrainingCommand(
      out,
      (io) => runAddAvatar({ ...flags, ...io }),
      (s) => [`avatars: ${s.avatars.join(', ')}`],
    );
  });
}
