import * as tf from '@tensorflow/tfjs';
import {
  FreeAvatarError,
  OneEuroFilter,
  assertArgument,
  initBackend,
  type ImageInput,
  type OneEuroOptions,
} from '@freeavatar/core';
import {
  createExpressionEncoder,
  facesToBatch,
  type ExpressionEncoder,
  type FaceBatchInput,
} from '@freeavatar/expression-encoder';
import {
  createFaceCropper,
  realignFace,
  type DetectedFace,
  type FaceCropper,
  type FaceCropperOptions,
} from '@freeavatar/face-crop';
import type { AnimatorNetwork } from '../network/animator-network.js';
import type { AnimatorAvatarSpec } from '../network/network-config.js';
import { loadAnimatorNetwork } from '../network/network-file.js';
import type {
  AnimationResult,
  Animator,
  AnimatorInput,
  AnimatorOptions,
  AvatarRig,
  VideoAnimationResult,
} from './animator-types.js';
import { resolveDefaultAnimatorModel } from './default-model.js';
import { mirrorAveragedRigs } from './mirror-average.js';
import { RigHistory } from './rig-history.js';

/** Default One-Euro settings of the rig smoothing. */
const DEFAULT_SMOOTHING: Required<OneEuroOptions> = {
  minCutoff: 1.5,
  beta: 0.5,
  derivativeCutoff: 1,
};

/** A face ready for the encoder, and the detection it came from (none for given crops). */
interface FoundFace {
  faces: FaceBatchInput;
  detection: DetectedFace | undefined;
}

function isNetwork(value: unknown): value is AnimatorNetwork {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AnimatorNetwork).predict === 'function' &&
    typeof (value as AnimatorNetwork).avatars === 'function'
  );
}

function isEncoder(value: unknown): value is ExpressionEncoder {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExpressionEncoder).features === 'function' &&
    typeof (value as ExpressionEncoder).embed === 'function'
  );
}

function isCropper(value: unknown): value is FaceCropper {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FaceCropper).detectForVideo === 'function'
  );
}

function isAlignedFace(value: unknown): value is { crop: ImageInput } {
  return (
    typeof value === 'object' && value !== null && !(value instanceof tf.Tensor) && 'crop' in value
  );
}

/** A face from face-crop's cropper: it has landmarks and a transform to crop it again with. */
function isDetectedFace(value: { crop: ImageInput }): value is DetectedFace {
  const face = value as Partial<DetectedFace>;
  return Array.isArray(face.landmarks) && Array.isArray(face.transform);
}

function resolveSmoothing(smoothing: OneEuroOptions | false | undefined) {
  if (smoothing === false) return false;
  assertArgument(
    smoothing === undefined || (typeof smoothing === 'object' && smoothing !== null),
    `smoothing must be One-Euro options or false, got ${String(smoothing)}`,
  );
  const resolved: Required<OneEuroOptions> = {
    minCutoff: smoothing?.minCutoff ?? DEFAULT_SMOOTHING.minCutoff,
    beta: smoothing?.beta ?? DEFAULT_SMOOTHING.beta,
    derivativeCutoff: smoothing?.derivativeCutoff ?? DEFAULT_SMOOTHING.derivativeCutoff,
  };
  new OneEuroFilter(1, resolved); // validates the values
  return resolved;
}

class AnimatorImpl implements Animator {
  private live = true;
  private cropper: FaceCropper | undefined;
  private cropperPromise: Promise<FaceCropper> | undefined;
  private actorNeutral: Float32Array | undefined;
  /** With `mirrorAverage`: the actor's resting feature of the mirrored crops. */
  private actorNeutralMirrored: Float32Array | undefined;
  private readonly history: RigHistory;
  private lastTimestamp: number | undefined;
  private trackId: number | undefined;

  constructor(
    readonly network: AnimatorNetwork,
    readonly encoder: ExpressionEncoder,
    private readonly owns: { network: boolean; encoder: boolean },
    private readonly cropperOption: FaceCropperOptions | FaceCropper | undefined,
    smoothing: Required<OneEuroOptions> | false,
    private readonly mirrorAverage: boolean,
  ) {
    this.history = new RigHistory(smoothing);
  }

  get calibrated(): boolean {
    return this.actorNeutral !== undefined;
  }

  avatars(): AnimatorAvatarSpec[] {
    this.check();
    return this.network.avatars();
  }

  async animate(
    input: AnimatorInput,
    avatar: string | readonly string[],
  ): Promise<AnimationResult | null> {
    this.check();
    const specs = this.specsOf(avatar);
    const found = await this.findFace(input, undefined);
    if (found === null) return null;
    const feature = await this.featureOf(found.faces);
    return { avatars: await this.rigs(feature, specs), detection: found.detection };
  }

  async animateVideo(
    frame: AnimatorInput,
    timestampMs: number,
    avatar: string | readonly string[],
  ): Promise<VideoAnimationResult> {
    this.check();
    const specs = this.specsOf(avatar);
    assertArgument(
      typeof timestampMs === 'number' &&
        Number.isFinite(timestampMs) &&
        (this.lastTimestamp === undefined || timestampMs > this.lastTimestamp),
      `timestampMs must be a finite number greater than the previous one (${this.lastTimestamp ?? 'none'}), got ${timestampMs}`,
    );
    this.lastTimestamp = timestampMs;
    const found = await this.findFace(frame, timestampMs);
    if (found === null) {
      const avatars = Object.fromEntries(
        specs.map((s) => [s.id, rigOf(s, this.history.held(s.id, s.controls.length))]),
      );
      return { timestampMs, face: false, avatars, detection: undefined };
    }
    const raw = await this.rigs(await this.featureOf(found.faces), specs);
    const avatars = Object.fromEntries(
      specs.map((s) => [s.id, rigOf(s, this.history.update(s.id, raw[s.id].vector, timestampMs))]),
    );
    return { timestampMs, face: true, avatars, detection: found.detection };
  }

  async calibrateNeutral(frames: readonly AnimatorInput[]): Promise<void> {
    this.check();
    const reference = this.network.neutralFeature;
    if (reference === undefined || reference.length !== this.network.config.featureSize) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        'Neutral calibration needs the network’s resting-face reference feature, and this ' +
          'animator network has none (neutralFeature is undefined: an untrained network, or one ' +
          'saved without it). Use a trained network, or set network.neutralFeature.',
      );
    }
    assertArgument(
      Array.isArray(frames) && frames.length > 0,
      'calibrateNeutral needs a non-empty array of resting-face frames',
    );
    const sum = new Float64Array(reference.length);
    const sumMirrored = new Float64Array(reference.length);
    let count = 0;
    for (const frame of frames) {
      const found = await this.findFace(frame, undefined);
      if (found === null) continue;
      const { feature, mirrored } = await this.featureOf(found.faces);
      feature.forEach((v, i) => (sum[i] += v));
      mirrored?.forEach((v, i) => (sumMirrored[i] += v));
      count++;
    }
    assertArgument(
      count > 0,
      `none of the ${frames.length} calibration frame(s) shows a face; give frames of the actor's resting face`,
    );
    this.actorNeutral = Float32Array.from(sum, (v) => v / count);
    this.actorNeutralMirrored = this.mirrorAverage
      ? Float32Array.from(sumMirrored, (v) => v / count)
      : undefined;
  }

  resetCalibration(): void {
    this.check();
    this.actorNeutral = undefined;
    this.actorNeutralMirrored = undefined;
  }

  reset(): void {
    this.check();
    this.history.clear();
    this.lastTimestamp = undefined;
    this.trackId = undefined;
    this.cropper?.reset();
  }

  dispose(): void {
    if (!this.live) return;
    this.live = false;
    if (this.owns.network) this.network.dispose();
    if (this.owns.encoder) this.encoder.dispose();
    if (this.cropper !== undefined && !isCropper(this.cropperOption)) this.cropper.dispose();
    this.cropper = undefined;
  }

  /** The specs of the requested avatars, in request order. */
  private specsOf(avatar: string | readonly string[]): AnimatorAvatarSpec[] {
    const ids = typeof avatar === 'string' ? [avatar] : avatar;
    assertArgument(
      Array.isArray(ids) && ids.length > 0,
      'avatar must be an avatar id or a non-empty array of ids',
    );
    const all = this.network.avatars();
    return ids.map((id) => {
      const spec = all.find((s) => s.id === id);
      if (spec === undefined) {
        throw new FreeAvatarError(
          'INVALID_ARGUMENT',
          `unknown avatar ${JSON.stringify(id)}; this animator drives ${all.map((s) => s.id).join(', ')}`,
          { subject: String(id) },
        );
      }
      return spec;
    });
  }

  /** Finds the face to animate: given crops pass through, whole images go to the cropper. */
  private async findFace(
    input: AnimatorInput,
    timestampMs: number | undefined,
  ): Promise<FoundFace | null> {
    if (input instanceof tf.Tensor && input.rank === 4) {
      assertArgument(
        input.shape[0] === 1 && input.shape[3] === 3,
        `an aligned crop tensor must have shape [1, s, s, 3], got [${input.shape}]`,
      );
      return { faces: input as tf.Tensor4D, detection: undefined };
    }
    if (isAlignedFace(input)) {
      const crop = isDetectedFace(input)
        ? realignFace(input, this.encoder.config.alignment).crop
        : input.crop;
      return { faces: [crop], detection: undefined };
    }
    assertArgument(
      input !== null && input !== undefined,
      `input must be an image, a video frame or an aligned face, got ${String(input)}`,
    );
    const cropper = await this.faceCropper();
    const faces =
      timestampMs === undefined
        ? await cropper.detect(input as ImageInput)
        : await cropper.detectForVideo(input as ImageInput, timestampMs);
    if (faces.length === 0) return null;
    let face = faces[0];
    if (timestampMs !== undefined) {
      face = faces.find((f) => f.trackId === this.trackId) ?? face;
      this.trackId = face.trackId;
    }
    face = realignFace(face, this.encoder.config.alignment);
    return { faces: [face.crop], detection: face };
  }

  /**
   * The encoder's feature of one face, and with `mirrorAverage` also of its mirror image (both
   * in one encoder call).
   */
  private async featureOf(faces: FaceBatchInput): Promise<FaceFeature> {
    if (!this.mirrorAverage) {
      const [feature] = await this.encoder.features(faces);
      return { feature, mirrored: undefined };
    }
    const batch = await facesToBatch(faces, this.encoder.config.imageSize);
    const both = tf.tidy(() => tf.concat([batch, tf.reverse(batch, 2)]) as tf.Tensor4D);
    try {
      const [feature, mirrored] = await this.encoder.features(both);
      return { feature, mirrored };
    } finally {
      if (batch !== faces) batch.dispose();
      both.dispose();
    }
  }

  /** A feature moved by the actor's neutral calibration onto the network's resting face. */
  private calibratedFeature(
    feature: Float32Array,
    actorNeutral: Float32Array | undefined,
  ): Float32Array {
    const shifted = Float32Array.from(feature);
    const reference = this.network.neutralFeature;
    if (actorNeutral !== undefined && reference !== undefined) {
      for (let i = 0; i < shifted.length; i++) shifted[i] += reference[i] - actorNeutral[i];
    }
    return shifted;
  }

  /**
   * Rig vectors of one face's encoder feature for each avatar (after neutral calibration),
   * averaged with the mirrored face's where there is one.
   */
  private async rigs(
    { feature, mirrored }: FaceFeature,
    specs: readonly AnimatorAvatarSpec[],
  ): Promise<Record<string, AvatarRig>> {
    const size = feature.length;
    const input = tf.tensor2d(this.calibratedFeature(feature, this.actorNeutral), [1, size]);
    const flipped =
      mirrored === undefined
        ? undefined
        : tf.tensor2d(this.calibratedFeature(mirrored, this.actorNeutralMirrored), [1, size]);
    const outputs: tf.Tensor2D[] = [];
    try {
      for (const spec of specs) {
        outputs.push(
          flipped === undefined
            ? this.network.predict(input, spec.id)
            : mirrorAveragedRigs(this.network, input, flipped, spec.id),
        );
      }
      const values = await Promise.all(outputs.map((o) => o.data()));
      return Object.fromEntries(
        specs.map((s, i) => [s.id, rigOf(s, Float32Array.from(values[i] as Float32Array))]),
      );
    } finally {
      tf.dispose([input, ...(flipped === undefined ? [] : [flipped]), ...outputs]);
    }
  }

  private async faceCropper(): Promise<FaceCropper> {
    if (this.cropper !== undefined) return this.cropper;
    if (isCropper(this.cropperOption)) {
      this.cropper = this.cropperOption;
      return this.cropper;
    }
    this.cropperPromise ??= createFaceCropper({
      cropSize: Math.min(512, Math.max(32, this.encoder.config.imageSize * 2)),
      alignment: this.encoder.config.alignment,
      maxFaces: 1,
      ...(this.cropperOption ?? {}),
    });
    const cropper = await this.cropperPromise;
    if (!this.live) {
      cropper.dispose();
      throw new FreeAvatarError('DISPOSED', 'This Animator was disposed');
    }
    this.cropper = cropper;
    return cropper;
  }

  private check(): void {
    if (!this.live) throw new FreeAvatarError('DISPOSED', 'This Animator was disposed');
  }
}

/** One face's encoder feature, and its mirror image's when the animator averages the two. */
interface FaceFeature {
  readonly feature: Float32Array;
  readonly mirrored: Float32Array | undefined;
}

/** A rig record for one avatar from its vector. */
function rigOf(spec: AnimatorAvatarSpec, vector: Float32Array): AvatarRig {
  const controls: Record<string, number> = {};
  spec.controls.forEach((name, i) => (controls[name] = vector[i]));
  return { avatar: spec.id, controls, vector };
}

/**
 * Creates an animator: loads the animator network and the expression encoder (the shipped
 * defaults, files, URLs, IOHandlers, or objects you already have), optionally picks the
 * backend, and checks that the encoder's feature size is the network's input size.
 *
 * @throws FreeAvatarError `MODEL_LOAD_FAILED` when weights cannot be loaded (naming the path of
 *   missing default weights), `INVALID_ARGUMENT` when the encoder's feature size differs from
 *   the network's `featureSize` or an option is malformed, `BACKEND_UNAVAILABLE` when no
 *   preferred backend works.
 * @example
 * ```ts
 * import { createAnimator } from '@freeavatar/animator';
 * const animator = await createAnimator({ backend: 'wasm' });
 * await animator.calibrateNeutral(['actor-rest-1.jpg', 'actor-rest-2.jpg']);
 * const result = await animator.animate('actor-smile.jpg', ['human', 'toon']);
 * console.log(result?.avatars.toon.controls);
 * animator.dispose();
 * ```
 */
export async function createAnimator(options: AnimatorOptions = {}): Promise<Animator> {
  assertArgument(
    options !== null && typeof options === 'object',
    `options must be an object, got ${String(options)}`,
  );
  const smoothing = resolveSmoothing(options.smoothing);
  assertArgument(
    options.mirrorAverage === undefined || typeof options.mirrorAverage === 'boolean',
    `mirrorAverage must be true or false, got ${String(options.mirrorAverage)}`,
  );
  if (options.backend !== undefined) await initBackend({ prefer: options.backend });
  const owns = { network: !isNetwork(options.model), encoder: !isEncoder(options.encoder) };
  let network: AnimatorNetwork | undefined;
  let encoder: ExpressionEncoder | undefined;
  try {
    if (isNetwork(options.model)) network = options.model;
    else {
      const model = options.model ?? 'default';
      network = await loadAnimatorNetwork(
        model === 'default' ? await resolveDefaultAnimatorModel() : model,
      );
    }
    encoder = isEncoder(options.encoder)
      ? options.encoder
      : await createExpressionEncoder({ model: options.encoder ?? 'default' });
    const featureSize = network.config.featureSize;
    if (encoder.config.dim !== featureSize) {
      throw new FreeAvatarError(
        'INVALID_ARGUMENT',
        `The encoder's features have ${encoder.config.dim} values but the animator network reads ` +
          `${featureSize}: use the encoder the network was trained with.`,
      );
    }
    return new AnimatorImpl(
      network,
      encoder,
      owns,
      options.faceCropper,
      smoothing,
      options.mirrorAverage ?? false,
    );
  } catch (err) {
    if (owns.network) network?.dispose();
    if (owns.encoder) encoder?.dispose();
    throw err;
  }
}
