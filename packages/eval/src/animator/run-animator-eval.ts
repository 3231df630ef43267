import {
  assertArgument,
  assertNonEmptyString,
  assertObject,
  initBackend,
  type ModelSource,
} from '@freeavatar/core';
import { createAnimator } from '@freeavatar/animator';
import { AVATAR_IDS, type ArkitTrack, type AvatarId } from '@freeavatar/synth';
import { describeEnvironment } from '../report/environment.js';
import { animatorPlots } from './animator-plots.js';
import {
  MIRROR_AVERAGED_ROW,
  writeAnimatorReport,
  type AnimatorReportInput,
} from './animator-report.js';
import { clipRigs, type ClipVideoFrame } from './clip-rigs.js';
import { clipAvatarScores } from './clip-scores.js';
import { heldOutRigs, trainingBaselineRigs } from './held-out-rigs.js';
import type { RigPeerRun } from './rig-peers.js';
import { keyControlsOf } from './key-controls.js';
import { RIG_PEER_IDS, runRigPeers, type RigPeerId } from './rig-peer-methods.js';
import { avatarRigScores, type AvatarRigScores } from './rig-scores.js';
import { keyControlsByView } from './view-scores.js';
import type { EvalRunOptions, EvalRunSummary } from '../report/eval-run.js';

/**
 * Held-out actors of a full run.
 *
 * @example
 * ```ts
 * await runAnimatorEval({ out: 'out/full', count: 2 * FULL_ACTORS });
 * ```
 */
export const FULL_ACTORS = 512;
/**
 * Held-out actors of a `quick` run.
 *
 * @example
 * ```ts
 * await runAnimatorEval({ out: 'out/ci', count: QUICK_ACTORS });
 * ```
 */
export const QUICK_ACTORS = 64;

/** The bootstrap of the held-out key controls' r: 1000 resamples, 95%, a fixed seed. */
const KEY_R_INTERVALS = { resamples: 1000, level: 0.95, seed: 1 } as const;
/**
 * Frames of the example clip a `quick` run animates (the caller limits its frame source).
 *
 * @example
 * ```ts
 * import { openFrameSource } from 'freeavatar';
 * const source = await openFrameSource('astronaut.mp4', { maxFrames: QUICK_CLIP_FRAMES });
 * ```
 */
export const QUICK_CLIP_FRAMES = 100;
/**
 * Default seed of the held-out actors.
 *
 * @example
 * ```ts
 * await runAnimatorEval({ out: 'out/eval', seed: DEFAULT_ANIMATOR_EVAL_SEED });
 * ```
 */
export const DEFAULT_ANIMATOR_EVAL_SEED = 1001;

/**
 * Options of {@link runAnimatorEval}, the `freeavatar eval animator` command.
 *
 * @example
 * ```ts
 * const options: AnimatorEvalOptions = { out: 'out/eval-animator', quick: true };
 * ```
 */
export interface AnimatorEvalOptions extends EvalRunOptions {
  /** The animator network (default: the animator package's shipped weights). */
  model?: 'default' | ModelSource;
  /** The expression encoder (default: the shipped one). */
  encoder?: 'default' | ModelSource;
  /** Held-out actors. Default {@link QUICK_ACTORS} with `quick`, else {@link FULL_ACTORS}. */
  count?: number;
  /** Seed of the held-out actors (default {@link DEFAULT_ANIMATOR_EVAL_SEED}). */
  seed?: number;
  /**
   * Also score the animator with its `mirrorAverage` option (rigs averaged over each held-out
   * crop and its mirror image), as a row of its own; default true.
   */
  mirrorAverage?: boolean;
  /** Train-split actors the mean-rig baseline averages (default `max(count, 256)`). */
  baselineCount?: number;
  /** Avatars to score (default: those of the network that the synth world knows). */
  avatars?: readonly AvatarId[];
  /** Embed avatar renders for the expression-consistency figures (default true). */
  consistency?: boolean;
  /**
   * Landmark peers run as rig-transfer methods on the same actors (see `rigPeerPredictions`):
   * `'kalidokit'` (its face-solver outputs) and `'geometry'` (face-mesh geometry), each through
   * a linear map per avatar fitted on train-split actors only. Default both; `[]` skips them.
   */
  peers?: readonly RigPeerId[];
  /** Train-split actors the peers' maps are fitted on (default 256, or 64 with `quick`). */
  peerTrainCount?: number;
  /** The example clip: decoded frames, its ARKit track and the path shown in the report. */
  clip?: {
    readonly path: string;
    readonly frames: AsyncIterable<ClipVideoFrame> | Iterable<ClipVideoFrame>;
    readonly track: ArkitTrack;
    /**
     * Also score the clip with neutral calibration on its first this many seconds (see
     * `calibrateSeconds` of {@link clipRigs}).
     */
    readonly calibrateSeconds?: number;
  };
}

/**
 * What {@link runAnimatorEval} did.
 *
 * @example
 * ```ts
 * const { report, files } = await runAnimatorEval({ out: 'out/eval', quick: true });
 * ```
 */
export interface AnimatorEvalSummary extends EvalRunSummary {
  readonly report: AnimatorReportInput;
}

function actorCount(options: AnimatorEvalOptions): number {
  return options.count ?? (options.quick ? QUICK_ACTORS : FULL_ACTORS);
}

/**
 * The `freeavatar eval animator` command line that reproduces a run with these options.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object or `options.out` is
 *   not a non-empty string.
 * @example
 * ```ts
 * animatorEvalCommand({ out: 'docs/results/animator', seed: 1001 });
 * // 'npx freeavatar eval animator --count 512 --seed 1001 --out docs/results/animator'
 * ```
 */
export function animatorEvalCommand(options: AnimatorEvalOptions): string {
  assertObject(options, 'options');
  assertNonEmptyString(options.out, 'options.out');
  const parts = ['npx freeavatar eval animator'];
  if (typeof options.model === 'string' && options.model !== 'default')
    parts.push(`--model ${options.model}`);
  if (typeof options.encoder === 'string' && options.encoder !== 'default')
    parts.push(`--encoder ${options.encoder}`);
  if (options.quick && options.count === undefined) parts.push('--quick');
  else parts.push(`--count ${actorCount(options)}`);
  if (options.peers !== undefined && options.peers.length !== RIG_PEER_IDS.length)
    parts.push(`--peers ${options.peers.length === 0 ? 'none' : options.peers.join(',')}`);
  if (options.peerTrainCount !== undefined)
    parts.push(`--peer-train-count ${options.peerTrainCount}`);
  if (options.clip?.calibrateSeconds !== undefined)
    parts.push(`--calibrate ${options.clip.calibrateSeconds}`);
  if (options.mirrorAverage === false) parts.push('--no-mirror-average');
  parts.push(`--seed ${options.seed ?? DEFAULT_ANIMATOR_EVAL_SEED}`);
  parts.push(`--out ${options.out}`);
  return parts.join(' ');
}

function describeSource(source: AnimatorEvalOptions['model']): string {
  if (source === undefined || source === 'default') return 'the shipped default weights';
  return typeof source === 'string' ? `\`${source}\`` : 'weights given in code';
}

/**
 * Runs the animator evaluation end to end and writes its report into `out`: predicted rigs of
 * held-out synthetic actors (synth test split) against their true rigs for every avatar, beside
 * a training-mean-rig baseline; when `clip` is given, the example clip animated frame by frame
 * against its ground-truth track, raw and smoothed (and calibrated on its opening seconds when
 * `clip.calibrateSeconds` is set), with temporal jitter; `report.md`,
 * `results.json` and PNG plots. Node only.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options, `MODEL_LOAD_FAILED` for a model or
 *   encoder that cannot be loaded (e.g. no shipped weights).
 * @example
 * ```ts
 * const summary = await runAnimatorEval({
 *   out: 'out/eval-animator',
 *   model: 'runs/animator/model.json',
 *   encoder: 'runs/encoder/model.json',
 *   quick: true,
 * });
 * console.log(summary.files);
 * ```
 */
export async function runAnimatorEval(options: AnimatorEvalOptions): Promise<AnimatorEvalSummary> {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  assertArgument(
    typeof options.out === 'string' && options.out !== '',
    `out must be a folder path, got ${String(options.out)}`,
  );
  const started = performance.now();
  const log = options.log ?? (() => {});
  const count = actorCount(options);
  const seed = options.seed ?? DEFAULT_ANIMATOR_EVAL_SEED;
  assertArgument(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
    `seed must be an integer in 0..4294967295, got ${seed}`,
  );
  const peerIds = options.peers ?? RIG_PEER_IDS;
  for (const id of peerIds) {
    assertArgument(
      (RIG_PEER_IDS as readonly string[]).includes(id),
      `unknown rig peer '${String(id)}'; expected one of ${RIG_PEER_IDS.join(', ')}`,
    );
  }
  const baselineCount = options.baselineCount ?? Math.max(count, 256);
  const baselineSeed = (seed + 0x6d65616e) >>> 0;
  const { name: backend } = await initBackend({ prefer: options.backend ?? ['wasm', 'cpu'] });
  // The commit and its state are taken before the run, so edits made while it runs do not count.
  const environment = await describeEnvironment({ backend });
  const animator = await createAnimator({
    model: options.model ?? 'default',
    encoder: options.encoder ?? 'default',
  });
  try {
    const { network, encoder } = animator;
    const driven = network.avatars().map((s) => s.id);
    const avatars =
      options.avatars ?? (AVATAR_IDS.filter((id) => driven.includes(id)) as readonly AvatarId[]);
    assertArgument(
      avatars.length > 0,
      `the animator network drives none of the synth avatars (${AVATAR_IDS.join(', ')}); it drives ${driven.join(', ')}`,
    );
    const keys = Object.fromEntries(
      avatars.map((id) => [
        id,
        keyControlsOf(id, network.avatars().find((s) => s.id === id)!.controls),
      ]),
    );
    log(`held-out: ${count} test-split actors × ${avatars.length} avatars`);
    const held = await heldOutRigs({
      network,
      encoder,
      avatars,
      count,
      seed,
      consistency: options.consistency,
      mirrorAverage: options.mirrorAverage ?? true,
      onProgress: options.onProgress,
    });
    const { mean: means, median: medians } = trainingBaselineRigs({
      avatars,
      count: baselineCount,
      seed: baselineSeed,
    });
    const peerTrainCount = options.peerTrainCount ?? (options.quick ? 64 : 256);
    const peerTrainSeed = (seed + 0x70656572) >>> 0;
    let peers: RigPeerRun | null = null;
    if (peerIds.length > 0) {
      log(`peers: ${peerIds.join(', ')}, maps fitted on ${peerTrainCount} train-split actors`);
      peers = await runRigPeers({
        ids: peerIds,
        avatars: held.avatars.map((a) => ({ name: a.avatar, controls: a.controls })),
        trainCount: peerTrainCount,
        trainSeed: peerTrainSeed,
        count,
        seed,
        onProgress: options.onProgress,
      });
    }
    const scores: AvatarRigScores[] = held.avatars.map((a) =>
      avatarRigScores({
        avatar: a.avatar,
        controls: a.controls,
        predicted: a.predicted,
        truth: a.truth,
        baseline: means[a.avatar],
        medianBaseline: medians[a.avatar],
        keyControls: keys[a.avatar],
        intervals: KEY_R_INTERVALS,
        peers: [
          ...(a.mirrorAveraged === null
            ? []
            : [{ name: MIRROR_AVERAGED_ROW, predicted: a.mirrorAveraged }]),
          ...(peers?.peers.map((p) => ({ name: p.name, predicted: p.predicted[a.avatar] })) ?? []),
        ],
      }),
    );
    const byView = Object.fromEntries(
      held.avatars.map((a) => [
        a.avatar,
        keyControlsByView({
          controls: a.controls,
          predicted: a.predicted,
          truth: a.truth,
          views: held.views,
          keyControls: keys[a.avatar],
          intervals: KEY_R_INTERVALS,
        }),
      ]),
    );
    for (const s of scores) {
      log(
        `${s.avatar}: MAE ${s.model.mean.mae.toFixed(4)} (mean rig ${s.baseline.mean.mae.toFixed(4)}, median rig ${s.medianBaseline?.mean.mae.toFixed(4)})`,
      );
    }
    let clipReport: AnimatorReportInput['clip'] = null;
    let clip = null;
    if (options.clip !== undefined) {
      clip = await clipRigs({
        network,
        encoder,
        frames: options.clip.frames,
        track: options.clip.track,
        avatars,
        calibrateSeconds: options.clip.calibrateSeconds,
        onProgress: options.onProgress,
      });
      const clipScores = clip.avatars.map((a) =>
        clipAvatarScores({
          avatar: a.avatar,
          controls: a.controls,
          raw: a.raw,
          smoothed: a.smoothed,
          truth: a.truth,
          calibrated: a.calibrated,
          baseline: means[a.avatar],
          medianBaseline: medians[a.avatar],
          keyControls: keys[a.avatar],
        }),
      );
      clipReport = {
        path: options.clip.path,
        frames: clip.faces.length,
        faceFrames: clip.faces.filter(Boolean).length,
        fps: clip.fps,
        scores: clipScores,
        seconds: clip.seconds,
        calibration: clip.calibration,
      };
      log(`clip: ${clipReport.frames} frames, face in ${clipReport.faceFrames}`);
    }
    const plots = animatorPlots(scores, held, clip, keys);
    const seconds = (performance.now() - started) / 1000;
    const input: Omit<AnimatorReportInput, 'plots'> = {
      command: options.command ?? animatorEvalCommand(options),
      environment,
      model: describeSource(options.model),
      encoder: describeSource(options.encoder),
      heldOut: {
        count,
        seed,
        baselineCount,
        baselineSeed,
        scores,
        byView,
        consistency: Object.fromEntries(held.avatars.map((a) => [a.avatar, a.consistency])),
        seconds: held.seconds,
        peers:
          peers === null
            ? null
            : {
                trainCount: peerTrainCount,
                trainSeed: peerTrainSeed,
                methods: peers.peers.map((p) => ({
                  name: p.name,
                  found: p.found,
                  fittedOn: p.fittedOn,
                })),
                seconds: peers.seconds,
              },
      },
      clip: clipReport,
      seconds,
    };
    const files = await writeAnimatorReport(options.out, input, plots);
    return {
      report: { ...input, plots: plots.map((p) => ({ file: p.file, title: p.title })) },
      files,
      seconds,
      backend,
    };
  } finally {
    animator.dispose();
  }
}
