import {
  assertArgument,
  assertNonEmptyString,
  assertObject,
  initBackend,
  type ModelSource,
  type ProgressCallback,
} from '@freeavatar/core';
import {
  createFaceCropper,
  type FaceCropper,
  type FaceCropperOptions,
} from '@freeavatar/face-crop';
import { describeEnvironment } from '../report/environment.js';
import { writeEncoderReport } from '../report/encoder-report.js';
import { perturbTripletSet } from '../perturb/perturb-set.js';
import {
  PERTURBATION_IDS,
  builtInPerturbation,
  type Perturbation,
  type PerturbationId,
} from '../perturb/perturbations.js';
import { alignFaces } from './align.js';
import { createDefaultMethods, type DefaultMethodId } from './default-methods.js';
import {
  evaluateFeatureMethods,
  isUnavailable,
  type EvalMethod,
  type Evaluation,
} from './evaluate.js';
import { fecTripletSet } from './fec-set.js';
import type { PerturbationRun } from './robustness.js';
import { syntheticTripletSet } from './synthetic-set.js';
import type { TripletSet } from './triplet-set.js';
import type { EvalRunOptions, EvalRunSummary } from '../report/eval-run.js';

/**
 * Triplets of a `quick` run: well under two minutes on a 2-core CPU.
 *
 * @example
 * ```ts
 * await runEncoderEval({ out: 'out/ci', count: QUICK_TRIPLETS });
 * ```
 */
export const QUICK_TRIPLETS = 90;
/**
 * Triplets of a full run (when neither `count` nor `quick` is given).
 *
 * @example
 * ```ts
 * await runEncoderEval({ out: 'out/full', count: 2 * FULL_TRIPLETS });
 * ```
 */
export const FULL_TRIPLETS = 1000;

/**
 * Options of {@link runEncoderEval}, the `freeavatar eval encoder` command.
 *
 * @example
 * ```ts
 * const options: EncoderEvalOptions = { out: 'out/eval', quick: true, seed: 1 };
 * ```
 */
export interface EncoderEvalOptions extends EvalRunOptions {
  /**
   * An FEC-format dataset (a folder with a CSV and its images, see `fecTripletSet`). Default:
   * synthetic triplets of the test split, rendered on the fly.
   */
  data?: string;
  /** Number of triplets (with `data`: the first ones). Default 90 with `quick`, else 1000. */
  count?: number;
  /** Seed of the synthetic triplets. Default 1. */
  seed?: number;
  /** Side of the face pictures in pixels. Default 112. */
  size?: number;
  /** Weights of FreeAvatar's encoder; default the shipped ones (reported as missing if none). */
  model?: ModelSource;
  /**
   * The stage-1 (MAE) model whose pooled backbone features are the `mae` baseline (e.g.
   * `runs/mae/model/model.json`); without it that row reads "not available".
   */
  maeModel?: ModelSource;
  /**
   * Perturbations to run the same triplets under (see `PERTURBATION_IDS`), each a second full
   * pass over the faces. Default: all of them for a full run, none with `quick`; `[]` for none.
   * The scene perturbations (`occlusion`, `yaw`, `dark`) need synthetic data; with `data` they
   * are reported as not run, and the image ones draw their noise from seed 1.
   */
  perturb?: readonly PerturbationId[];
  /** Which built-in methods to run, in report order. Default all. */
  include?: readonly DefaultMethodId[];
  /** Methods to run instead of the built-in ones (not disposed here). */
  methods?: readonly EvalMethod[];
  /** Find faces once with a shared face cropper (default true); `false` gives plain pictures. */
  detect?: boolean;
  /**
   * Options of the shared face cropper (default `{ maxFaces: 1 }`); for example
   * `{ keypointFallback: true }` keeps the faces whose landmarks failed, aligned on the
   * detector's keypoints.
   */
  faceCropper?: FaceCropperOptions;
  /** Worst triplets shown per method. Default 5. */
  worst?: number;
}

/**
 * What {@link runEncoderEval} did.
 *
 * @example
 * ```ts
 * const { evaluation, files, seconds } = await runEncoderEval({ out: 'out/eval', quick: true });
 * ```
 */
export interface EncoderEvalSummary extends EvalRunSummary {
  readonly evaluation: Evaluation;
  /** The perturbation runs, in the order asked for (empty when none ran). */
  readonly perturbations: readonly PerturbationRun[];
}

function tripletCount(options: EncoderEvalOptions): number {
  return options.count ?? (options.quick ? QUICK_TRIPLETS : FULL_TRIPLETS);
}

/**
 * The perturbations a run with these options goes through: `perturb` when given, else all of
 * `PERTURBATION_IDS` for a full run and none for a `quick` one.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object, or for an unknown
 *   or repeated id.
 * @example
 * ```ts
 * encoderEvalPerturbations({ out: 'o', quick: true }); // []
 * encoderEvalPerturbations({ out: 'o' }); // ['blur', 'noise', 'occlusion', 'yaw', 'dark']
 * ```
 */
export function encoderEvalPerturbations(options: EncoderEvalOptions): PerturbationId[] {
  assertObject(options, 'options');
  if (options.perturb === undefined) return options.quick ? [] : [...PERTURBATION_IDS];
  assertArgument(
    Array.isArray(options.perturb),
    `perturb must be a list of perturbation ids, got ${String(options.perturb)}`,
  );
  for (const id of options.perturb) {
    assertArgument(
      (PERTURBATION_IDS as readonly string[]).includes(id),
      `unknown perturbation '${String(id)}'; expected one of ${PERTURBATION_IDS.join(', ')}`,
    );
  }
  assertArgument(
    new Set(options.perturb).size === options.perturb.length,
    `perturb must not repeat an id, got ${options.perturb.join(', ')}`,
  );
  return [...options.perturb];
}

/**
 * The `freeavatar eval encoder` command line that reproduces a run with these options.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` when `options` is not an object or `options.out` is
 *   not a non-empty string.
 * @example
 * ```ts
 * encoderEvalCommand({ out: 'docs/results/encoder', count: 600, seed: 1 });
 * // 'npx freeavatar eval encoder --count 600 --seed 1 --out docs/results/encoder'
 * ```
 */
export function encoderEvalCommand(options: EncoderEvalOptions): string {
  assertObject(options, 'options');
  assertNonEmptyString(options.out, 'options.out');
  const parts = ['npx freeavatar eval encoder'];
  if (options.data !== undefined) parts.push(`--data ${options.data}`);
  if (options.quick && options.count === undefined) parts.push('--quick');
  else parts.push(`--count ${tripletCount(options)}`);
  if (options.data === undefined) parts.push(`--seed ${options.seed ?? 1}`);
  if ((options.size ?? 112) !== 112) parts.push(`--size ${options.size}`);
  if (typeof options.model === 'string') parts.push(`--model ${options.model}`);
  if (typeof options.maeModel === 'string') parts.push(`--mae-model ${options.maeModel}`);
  if (options.perturb !== undefined) {
    const ids = encoderEvalPerturbations(options);
    parts.push(
      `--perturb ${ids.length === 0 ? 'none' : ids.length === PERTURBATION_IDS.length ? 'all' : ids.join(',')}`,
    );
  }
  parts.push(`--out ${options.out}`);
  return parts.join(' ');
}

/** Progress events of a perturbation run get their own task names (`eval:blur:render`, …). */
function taggedProgress(
  onProgress: ProgressCallback | undefined,
  id: string,
): ProgressCallback | undefined {
  if (onProgress === undefined) return undefined;
  return (event) => onProgress({ ...event, task: event.task.replace(/^eval:/, `eval:${id}:`) });
}

/**
 * Runs the expression-feature evaluation end to end and writes its report: makes the triplets
 * (synthetic, test split, or read from `data`), finds every face once with a shared face
 * cropper, runs every method on the same faces, scores them on the same triplets (see
 * `evaluateFeatureMethods`); then, for each perturbation of `perturb`, makes the same triplets
 * again under it (re-rendered for scene perturbations, post-processed for image ones) and
 * scores every method on them; and writes `report.md`, `results.json` and PNG plots into `out`
 * (see `writeEncoderReport`). Node only.
 *
 * @throws FreeAvatarError `INVALID_ARGUMENT` for bad options, `FILE_NOT_FOUND` for missing
 *   data, `MODEL_LOAD_FAILED` for a `model` or `maeModel` that cannot be loaded.
 * @example
 * ```ts
 * const { evaluation, perturbations, files } = await runEncoderEval({
 *   out: 'out/eval',
 *   quick: true,
 *   maeModel: 'runs/mae/model/model.json',
 *   perturb: ['blur', 'yaw'],
 * });
 * console.log(evaluation.methods.map((m) => `${m.name}: ${m.scores?.triplets.accuracy}`));
 * ```
 */
export async function runEncoderEval(options: EncoderEvalOptions): Promise<EncoderEvalSummary> {
  assertArgument(options !== null && typeof options === 'object', 'options must be an object');
  assertArgument(
    typeof options.out === 'string' && options.out !== '',
    `out must be a folder path, got ${String(options.out)}`,
  );
  const started = performance.now();
  const log = options.log ?? (() => {});
  const count = tripletCount(options);
  const seed = options.seed ?? 1;
  assertArgument(
    options.data === undefined || options.seed === undefined,
    'seed chooses synthetic triplets; it has no use with data',
  );
  const perturbIds = encoderEvalPerturbations(options);
  const { name: backend } = await initBackend({ prefer: options.backend ?? ['wasm', 'cpu'] });
  // The commit and its state are taken before the run, so edits made while it runs do not count.
  const environment = await describeEnvironment({ backend });
  const makeSet = async (
    perturbation?: Perturbation,
    onProgress = options.onProgress,
  ): Promise<TripletSet> =>
    options.data !== undefined
      ? await fecTripletSet({
          data: options.data,
          count: options.count,
          size: options.size,
          onProgress,
        })
      : await syntheticTripletSet({ count, seed, size: options.size, perturbation, onProgress });
  const set = await makeSet();
  log(`data: ${set.description}`);

  let cropper: FaceCropper | undefined;
  let own: EvalMethod[] = [];
  try {
    if (options.detect ?? true)
      cropper = await createFaceCropper({ maxFaces: 1, ...options.faceCropper });
    if (options.methods === undefined) {
      own = await createDefaultMethods({
        faceCropper: cropper,
        model: options.model,
        maeModel: options.maeModel,
        include: options.include,
      });
    }
    const methods = options.methods ?? own;
    const evaluateSet = async (
      faces: TripletSet,
      worst: number | undefined,
      onProgress: ProgressCallback | undefined,
    ): Promise<Evaluation> => {
      const aligned = cropper ? await alignFaces(faces.faces, cropper, { onProgress }) : undefined;
      return evaluateFeatureMethods(faces, methods, {
        inputs: aligned?.inputs,
        facesWithoutDetection: aligned?.withoutFace,
        worst,
        onProgress,
      });
    };
    const evaluation = await evaluateSet(set, options.worst, options.onProgress);
    if (evaluation.data.facesWithoutDetection !== null) {
      const { faces, facesWithoutDetection } = evaluation.data;
      log(`faces found by the shared detector: ${faces - facesWithoutDetection} of ${faces}`);
    }
    const perturbations: PerturbationRun[] = [];
    for (const id of perturbIds) {
      const perturbation = builtInPerturbation(id);
      const { label, description } = perturbation;
      if (options.data !== undefined && perturbation.scene !== undefined) {
        const reason = 'it changes the rendered scene, so it needs synthetic data (not --data)';
        perturbations.push({ id, label, description, evaluation: null, reason });
        log(`perturbation ${id}: not run (${reason})`);
        continue;
      }
      const t0 = performance.now();
      const progress = taggedProgress(options.onProgress, id);
      const perturbed =
        options.data !== undefined
          ? perturbTripletSet(set, perturbation, 1)
          : await makeSet(perturbation, progress);
      const result = await evaluateSet(perturbed, 0, progress);
      const seconds = (performance.now() - t0) / 1000;
      perturbations.push({
        id,
        label,
        description,
        evaluation: result,
        seconds,
        example: perturbed.faces[0].image,
      });
      log(`perturbation ${id}: ${seconds.toFixed(0)} s`);
    }
    const seconds = (performance.now() - started) / 1000;
    const files = await writeEncoderReport(options.out, evaluation, set, {
      environment,
      command: options.command ?? encoderEvalCommand(options),
      seconds,
      perturbations,
    });
    return { evaluation, files, seconds, backend, perturbations };
  } finally {
    for (const m of own) if (!isUnavailable(m)) m.dispose();
    cropper?.dispose();
  }
}
